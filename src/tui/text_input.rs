//! Typed text: passphrases (never shown, only their length as dots) and
//! short reasons the facilitator writes into the tally.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use rand::RngCore;

use crate::digest::Digest;

/// One line of typed text, at most `MAX_INPUT_CHARS` characters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    text: String,
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
                self.text.clear();
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

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn clear(&mut self) {
        self.text.clear();
    }

    /// What the screen shows: one dot per character.
    pub fn masked(&self) -> String {
        "•".repeat(self.text.chars().count())
    }
}

/// Checks the facilitator's passphrase without keeping it: a salted hash.
pub struct FacilitatorGate {
    salt: [u8; 16],
    hash: Digest,
}

impl FacilitatorGate {
    pub fn new(passphrase: &str) -> Self {
        let mut salt = [0; 16];
        rand::rng().fill_bytes(&mut salt);
        let hash = Digest::of_parts(&[&salt, passphrase.as_bytes()]);
        Self { salt, hash }
    }

    pub fn check(&self, passphrase: &str) -> bool {
        let candidate = Digest::of_parts(&[&self.salt, passphrase.as_bytes()]);
        // Compare every byte: the time taken says nothing about the passphrase.
        candidate
            .0
            .iter()
            .zip(self.hash.0.iter())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_bidi_and_invisible_characters_are_not_typed() {
        let mut input = TextInput::default();
        for c in "a\u{1b}]52;\u{7}\u{9b}b\u{202e}c\u{200b}d".chars() {
            input.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        assert_eq!(input.text(), "a]52;bcd");
    }
}
