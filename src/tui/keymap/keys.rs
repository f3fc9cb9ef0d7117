//! How a binding recognises a key press, and how a key is written.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::i18n::Strings;

/// How a binding recognises a key press.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// This key alone or with Shift (French keyboards type digits with
    /// Shift; Shift-Tab arrives as BackTab with Shift). Ctrl, Alt or Super
    /// make it another key, which nothing here takes.
    Is(KeyCode),
    /// This letter in either case, alone or with Shift; shown as written.
    Letter(char),
    /// Ctrl and this character.
    Ctrl(char),
    /// This key whatever modifiers are held (the ways out of the kiosk and
    /// the keys that work on every screen).
    AnyMods(KeyCode),
    /// This letter in either case, whatever modifiers are held.
    AnyLetter(char),
    /// A grade's digit: `1`…`9`, then `0` for a tenth, up to the scale's size.
    Grade,
    /// Any digit (a number being typed).
    Digit,
    /// A digit that is no grade of the scale.
    OtherDigit,
    /// Yes: `O` (oui) or `Y` (yes), either case, in both languages.
    Yes,
    /// A character typed into a text field.
    Text,
    /// Any other key, alone or with Shift (the bindings above it first).
    Other,
    /// Any key at all, whatever modifiers (a dialog's "anything else").
    Any,
}

pub fn plain(key: &KeyEvent) -> bool {
    key.modifiers.difference(KeyModifiers::SHIFT).is_empty()
}

/// The digit of grade `i` (0 = best): `1`…`9`, then `0` for a tenth grade.
pub fn grade_digit(i: usize) -> char {
    if i == 9 {
        '0'
    } else {
        char::from(b'1' + i as u8)
    }
}

/// The grade (0 = best) a digit stands for on a scale of `grades`.
pub fn grade_of(c: char, grades: usize) -> Option<u8> {
    let n = match c {
        '1'..='9' => c as u8 - b'1',
        '0' => 9,
        _ => return None,
    };
    (usize::from(n) < grades).then_some(n)
}

impl Key {
    /// Whether `key` is this one, on a grade scale of `grades`.
    pub fn matches(self, key: &KeyEvent, grades: usize) -> bool {
        let char_of = || match key.code {
            KeyCode::Char(c) => Some(c),
            _ => None,
        };
        match self {
            Key::Is(code) => plain(key) && key.code == code,
            Key::Letter(letter) => {
                plain(key) && char_of().is_some_and(|c| c.eq_ignore_ascii_case(&letter))
            }
            Key::Ctrl(c) => {
                key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char(c)
            }
            Key::AnyMods(code) => key.code == code,
            Key::AnyLetter(letter) => char_of().is_some_and(|c| c.eq_ignore_ascii_case(&letter)),
            Key::Grade => plain(key) && char_of().is_some_and(|c| grade_of(c, grades).is_some()),
            Key::Digit => plain(key) && char_of().is_some_and(|c| c.is_ascii_digit()),
            Key::OtherDigit => {
                plain(key)
                    && char_of()
                        .is_some_and(|c| c.is_ascii_digit() && grade_of(c, grades).is_none())
            }
            Key::Yes => plain(key) && char_of().is_some_and(|c| matches!(c, 'o' | 'O' | 'y' | 'Y')),
            Key::Text => char_of().is_some() && !key.modifiers.contains(KeyModifiers::CONTROL),
            Key::Other => plain(key),
            Key::Any => true,
        }
    }

    /// How the key is written: `compact` in a footer (`1…7`), else in words
    /// (`1 to 7`).
    pub fn name(self, s: &Strings, grades: usize, compact: bool) -> String {
        let code_name = |code: KeyCode| -> String {
            match code {
                KeyCode::Enter => s.t("key.enter").into(),
                KeyCode::Esc => s.t("key.esc").into(),
                KeyCode::Up => "↑".into(),
                KeyCode::Down => "↓".into(),
                KeyCode::Left => "←".into(),
                KeyCode::Right => "→".into(),
                KeyCode::Tab => s.t("key.tab").into(),
                KeyCode::BackTab => s.t("key.backtab").into(),
                KeyCode::Backspace => s.t("key.backspace").into(),
                KeyCode::Delete => s.t("key.delete").into(),
                KeyCode::PageUp => s.t("key.page_up").into(),
                KeyCode::PageDown => s.t("key.page_down").into(),
                KeyCode::F(n) => format!("F{n}"),
                KeyCode::Char(' ') => s.t("key.space").into(),
                KeyCode::Char(c) => c.to_string(),
                other => format!("{other:?}"),
            }
        };
        match self {
            Key::Is(code) | Key::AnyMods(code) => code_name(code),
            Key::Letter(c) | Key::AnyLetter(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            Key::Grade => {
                let last = grade_digit(grades.saturating_sub(1));
                if compact {
                    format!("1…{last}")
                } else {
                    s.fill("key.grades", &[("last", &last)])
                }
            }
            Key::Digit => s.t("key.digit").into(),
            Key::OtherDigit => s.t("key.other_digit").into(),
            Key::Yes => s.t("key.yes").into(),
            Key::Text => s.t("key.text").into(),
            Key::Other => s.t("key.other").into(),
            Key::Any => s.t("key.any").into(),
        }
    }

    /// A press of this key, as a test or a footer check would send it.
    pub fn example(self, s: &Strings) -> KeyEvent {
        let plain = |code| KeyEvent::new(code, KeyModifiers::NONE);
        match self {
            Key::Is(code) | Key::AnyMods(code) => plain(code),
            Key::Letter(c) | Key::AnyLetter(c) => plain(KeyCode::Char(c)),
            Key::Ctrl(c) => KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
            Key::Grade | Key::Digit => plain(KeyCode::Char('1')),
            Key::OtherDigit => plain(KeyCode::Char('9')),
            Key::Yes => plain(KeyCode::Char(
                s.t("key.yes")
                    .chars()
                    .next()
                    .unwrap_or('y')
                    .to_ascii_lowercase(),
            )),
            Key::Text => plain(KeyCode::Char('a')),
            Key::Other => plain(KeyCode::Char('z')),
            Key::Any => plain(KeyCode::Esc),
        }
    }

    /// The letter of a letter key, to list letters alphabetically.
    pub(super) fn letter(self) -> char {
        match self {
            Key::Is(KeyCode::Char(c)) | Key::Letter(c) | Key::AnyLetter(c) => {
                c.to_ascii_lowercase()
            }
            _ => '\0',
        }
    }

    /// The order alternative keys are listed in: arrows, named keys,
    /// function keys, then letters.
    pub(super) fn rank(self) -> u8 {
        match self {
            Key::Is(KeyCode::Up | KeyCode::Down | KeyCode::Left | KeyCode::Right) => 0,
            Key::Is(KeyCode::Tab) => 1,
            Key::Is(KeyCode::BackTab) => 2,
            Key::Is(KeyCode::Char(_)) | Key::Letter(_) | Key::AnyLetter(_) => 5,
            Key::Ctrl(_) => 6,
            Key::Is(KeyCode::F(_)) | Key::AnyMods(KeyCode::F(_)) => 4,
            _ => 3,
        }
    }
}
