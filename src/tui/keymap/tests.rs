//! The tables are complete: worded in both languages, in their help, reachable.

use super::*;
use crate::i18n::{Language, Strings};
use crossterm::event::{KeyCode, KeyModifiers};
use std::collections::BTreeSet;

/// Every screen's table with the global keys, and every dialog's.
fn every_table() -> Vec<(String, Vec<Row>, Option<&'static str>)> {
    let mut all: Vec<_> = Screen::ALL
        .iter()
        .map(|&screen| {
            let (mut rows, note) = screen.rows();
            rows.extend(GLOBAL.rows());
            (format!("{screen:?}"), rows, note)
        })
        .collect();
    all.extend(
        Dialog::ALL
            .iter()
            .map(|&dialog| (format!("{dialog:?}"), dialog.rows(), None)),
    );
    all
}

/// Every label, help text and note is in both language tables.
#[test]
fn every_binding_is_worded_in_both_languages() {
    let mut missing = Vec::new();
    for language in [Language::Fr, Language::En] {
        let s = Strings::get(language);
        let known: BTreeSet<&str> = s.keys().collect();
        for (screen, rows, note) in every_table() {
            let words = rows.iter().flat_map(|r| [r.label, r.help]).chain(note);
            for key in words {
                if !known.contains(key) {
                    missing.push(format!("{language:?} {screen}: {key}"));
                }
            }
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
}

/// A help page names every key of its table and says what each does.
#[test]
fn every_binding_appears_in_its_screens_help() {
    for language in [Language::Fr, Language::En] {
        let s = Strings::get(language);
        for (screen, rows, note) in every_table() {
            let page = help_text(&rows, note, s, 7).join("\n");
            for row in &rows {
                assert!(
                    page.contains(s.t(row.help)),
                    "{screen}: {} in\n{page}",
                    row.help
                );
                for key in row.keys {
                    let name = key.name(s, 7, false);
                    let line = page
                        .lines()
                        .find(|l| l.ends_with(s.t(row.help)))
                        .unwrap_or_default();
                    assert!(line.contains(&name), "{screen}: {name} in {line:?}");
                }
            }
            if let Some(note) = note {
                assert!(page.contains(s.t(note)), "{screen}: {note}");
            }
        }
    }
}

/// A binding after one that takes the same key whatever the state
/// would never be reached (the global keys are looked up first).
#[test]
fn no_binding_is_hidden_behind_another() {
    let s = Strings::get(Language::En);
    for screen in Screen::ALL {
        // In lines, the voice keys are looked up before the step's own.
        let is_voice = |r: &Row| LINES_VOICE.bindings.iter().any(|b| b.help == r.help);
        let own = screen.rows().0;
        let mut rows = GLOBAL.rows();
        rows.extend(own.iter().copied().filter(is_voice));
        rows.extend(own.iter().copied().filter(|r| !is_voice(r)));
        for (i, row) in rows.iter().enumerate() {
            for earlier in &rows[..i] {
                let shared = row
                    .keys
                    .iter()
                    .any(|k| earlier.keys.iter().any(|e| e.matches(&k.example(s), 7)));
                assert!(
                    !(shared && earlier.when == When::Always),
                    "{screen:?}: {} is behind {}",
                    row.help,
                    earlier.help
                );
            }
        }
    }
}

/// Each key's example press is taken by that key (the footer check in
/// `tests/keys.rs` presses these).
#[test]
fn each_key_matches_its_example_press() {
    let s = Strings::get(Language::En);
    for (_, rows, _) in every_table() {
        for row in rows {
            for key in row.keys {
                assert!(key.matches(&key.example(s), 7), "{key:?}");
            }
        }
    }
    let fr = Strings::get(Language::Fr);
    assert!(Key::Yes.matches(&Key::Yes.example(fr), 7));
}

#[test]
fn only_shift_may_accompany_a_grade() {
    let digit = |m| KeyEvent::new(KeyCode::Char('4'), m);
    assert!(Key::Grade.matches(&digit(KeyModifiers::NONE), 7));
    assert!(Key::Grade.matches(&digit(KeyModifiers::SHIFT), 7));
    for m in [
        KeyModifiers::CONTROL,
        KeyModifiers::ALT,
        KeyModifiers::SUPER,
    ] {
        assert!(!Key::Grade.matches(&digit(m), 7));
    }
    assert!(!Key::Grade.matches(&KeyEvent::new(KeyCode::Char('8'), KeyModifiers::NONE), 7));
    assert!(Key::OtherDigit.matches(&KeyEvent::new(KeyCode::Char('8'), KeyModifiers::NONE), 7));
}

#[test]
fn help_lines_put_the_main_keys_first() {
    let s = Strings::get(Language::En);
    let page = help_text(&SCORING.rows(), None, s, 7);
    assert!(
        page.contains(&"↑ ↓ or Tab Shift-Tab j k: choose a criterion (or click it)".to_owned()),
        "{page:#?}"
    );
    assert!(
        page.contains(&"1 to 7: give the grade to the chosen criterion (1 = best)".to_owned()),
        "{page:#?}"
    );
}
