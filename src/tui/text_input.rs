//! Typed text: passphrases (never shown, only their length as dots) and
//! short reasons the facilitator writes into the tally.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use zeroize::Zeroizing;

/// One line of typed text, at most `MAX_INPUT_CHARS` characters. It may be
/// a passphrase: `Debug` shows only its length, and the text is wiped from
/// memory when dropped (its buffer is allocated once, full size, so no
/// reallocation leaves a copy behind).
#[derive(Clone, PartialEq, Eq)]
pub struct TextInput {
    text: Zeroizing<String>,
}

impl Default for TextInput {
    fn default() -> Self {
        Self {
            text: Zeroizing::new(String::with_capacity(MAX_INPUT_CHARS * 4)),
        }
    }
}

impl std::fmt::Debug for TextInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "TextInput({} characters, hidden)",
            self.text.chars().count()
        )
    }
}

pub const MAX_INPUT_CHARS: usize = 300;

pub enum Edit {
    Changed,
    Submit,
    Cancel,
    Ignored,
}

impl TextInput {
    pub fn handle_key(&mut self, key: KeyEvent) -> Edit {
        match key.code {
            KeyCode::Enter => Edit::Submit,
            KeyCode::Esc => Edit::Cancel,
            KeyCode::Backspace => {
                self.text.pop();
                Edit::Changed
            }
            KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.clear();
                Edit::Changed
            }
            // Controls, bidi controls and invisible characters are not
            // typed text: ratatui drops control characters when drawing but
            // passes bidi overrides (zero width) on to the terminal, and a
            // reason goes into the tally and the minutes.
            KeyCode::Char(c) if crate::terminal_text::hazard(c).is_some() => Edit::Ignored,
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                if self.text.chars().count() < MAX_INPUT_CHARS {
                    self.text.push(c);
                }
                Edit::Changed
            }
            _ => Edit::Ignored,
        }
    }

    /// A bracketed paste: one input, never a key press (an Enter inside it
    /// does not submit). Line breaks and other control characters are dropped.
    pub fn paste(&mut self, pasted: &str) -> Edit {
        for c in pasted
            .chars()
            .filter(|&c| crate::terminal_text::hazard(c).is_none())
        {
            if self.text.chars().count() >= MAX_INPUT_CHARS {
                break;
            }
            self.text.push(c);
        }
        Edit::Changed
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn clear(&mut self) {
        zeroize::Zeroize::zeroize(&mut *self.text);
        self.text.reserve(MAX_INPUT_CHARS * 4);
    }

    /// What the screen shows: one dot per character.
    pub fn masked(&self) -> String {
        "•".repeat(self.text.chars().count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_text() {
        let mut input = TextInput::default();
        for c in "correct horse".chars() {
            input.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        let shown = format!("{input:?} {:?}", Some(input.clone()));
        assert!(!shown.contains("horse"), "{shown}");
        assert!(shown.contains("13 characters"), "{shown}");
    }

    #[test]
    fn control_bidi_and_invisible_characters_are_not_typed() {
        let mut input = TextInput::default();
        for c in "a\u{1b}]52;\u{7}\u{9b}b\u{202e}c\u{200b}d".chars() {
            input.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        assert_eq!(input.text(), "a]52;bcd");
    }
}
