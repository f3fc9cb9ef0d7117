//! One table of keys per mode (`src/tui/keymap/`): on every screen, each
//! key the footer shows does something, and no key does anything that the
//! screen's help and footer do not document.

use crate::common::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jury::i18n::Language;
use jury::tui::{App, Mode};

/// What a key press changes in the state: the mode (with the turn and its
/// grades), the dialog, the notice, the language, quitting.
fn state(app: &App) -> String {
    format!(
        "{:?}\n{:?}\n{:?}\n{}\n{}",
        app.mode(),
        app.overlay(),
        app.notice(),
        app.language_code(),
        app.should_quit(),
    )
}

/// The state and the screen (a scrolled card, the projector's colours).
fn seen(app: &App) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    terminal.draw(|frame| app.render(frame)).unwrap();
    format!("{}\n{:?}", state(app), terminal.backend().buffer())
}

/// Two ballots and an absence, the round closed, the results on screen.
fn results(app: &mut App) {
    open_session(app);
    cast_with_keys(app, &["12345", "23456", "34567", "11223"], 'y');
    press(app, KeyCode::Char('a'));
    press(app, KeyCode::Char('y'));
    press(app, KeyCode::Down);
    cast_with_keys(app, &["22334", "12345", "45677", "11112"], 'y');
    press(app, KeyCode::Char('f'));
    press(app, KeyCode::Char('y'));
    press(app, KeyCode::Char('r'));
}

fn decided(app: &mut App) {
    results(app);
    press(app, KeyCode::Char('d'));
    enter(app);
    press(app, KeyCode::Char('y'));
}

/// Keys that bring a new session to one screen.
type Setup = fn(&mut App);

/// Every screen with a footer, reached by keys from a new session.
fn screens() -> Vec<(&'static str, Setup)> {
    vec![
        ("setup", |_| {}),
        ("setup-confirm", |app| {
            type_text(app, PASSPHRASE);
            enter(app);
        }),
        ("console", open_session),
        ("locked", |app| {
            open_session(app);
            press(app, KeyCode::Esc);
        }),
        ("handover", |app| {
            open_session(app);
            enter(app);
        }),
        ("welcome-1", |app| {
            open_session(app);
            enter(app);
            enter(app);
        }),
        ("welcome-2", |app| {
            open_session(app);
            enter(app);
            enter(app);
            enter(app);
        }),
        ("welcome-3", |app| {
            open_session(app);
            for _ in 0..4 {
                enter(app);
            }
        }),
        ("scoring-2", |app| {
            open_session(app);
            start_turn(app);
            type_text(app, "12345");
            enter(app);
            press(app, KeyCode::Char('3'));
        }),
        ("scoring-last", |app| {
            open_session(app);
            start_turn(app);
            for _ in 0..3 {
                type_text(app, "12345");
                enter(app);
            }
        }),
        ("review", |app| {
            open_session(app);
            start_turn(app);
            for _ in 0..4 {
                type_text(app, "12345");
                enter(app);
            }
        }),
        ("confirm", |app| {
            open_session(app);
            start_turn(app);
            for _ in 0..4 {
                type_text(app, "12345");
                enter(app);
            }
            press(app, KeyCode::Char('v'));
        }),
        ("receipt", |app| {
            open_session(app);
            start_turn(app);
            for _ in 0..4 {
                type_text(app, "12345");
                enter(app);
            }
            press(app, KeyCode::Char('v'));
            press(app, KeyCode::Char('y'));
        }),
        ("console-closed", |app| {
            results(app);
            press(app, KeyCode::Esc);
        }),
        ("results", results),
        ("round-picker", |app| {
            results(app);
            press(app, KeyCode::Char('t'));
            press(app, KeyCode::Down);
        }),
        ("decision", |app| {
            results(app);
            press(app, KeyCode::Char('d'));
            press(app, KeyCode::Down);
        }),
        ("console-decided", decided),
        ("results-decided", |app| {
            decided(app);
            press(app, KeyCode::Char('r'));
        }),
        ("sealed", |app| {
            decided(app);
            press(app, KeyCode::Char('s'));
            press(app, KeyCode::Char('y'));
        }),
        ("console-sealed", |app| {
            decided(app);
            press(app, KeyCode::Char('s'));
            press(app, KeyCode::Char('y'));
            enter(app);
            press(app, KeyCode::Esc);
        }),
    ]
}

fn fresh(setup: Setup) -> (Scratch, App) {
    jury::tally::freeze_clock_for_tests("2026-11-22T09:30:00Z");
    let dir = Scratch::new("keys");
    let mut app = app(dir.path(), Language::En);
    setup(&mut app);
    assert!(app.overlay().is_none(), "{:?}", app.overlay());
    (dir, app)
}

/// Each key the footer shows (at 120 columns, where it shows the most)
/// changes what the screen or the state shows, pressed on a fresh copy of
/// that screen.
#[test]
fn every_footer_key_does_something() {
    for (name, setup) in screens() {
        let (_dir, app) = fresh(setup);
        let keys = app.footer_keys(120);
        assert!(!keys.is_empty(), "{name}: an empty footer");
        for key in keys {
            let (_dir, mut app) = fresh(setup);
            let before = seen(&app);
            app.handle_key(key);
            assert_ne!(seen(&app), before, "{name}: {key:?} did nothing");
        }
    }
}

/// Footers at 80 columns, by screen: the keys each offers now.
#[test]
fn footers_offer_what_applies_now() {
    let shown = |setup: Setup| {
        let (_dir, app) = fresh(setup);
        let footer = screen(&app, 80, 24);
        footer
            .lines()
            .rev()
            .find(|l| !l.is_empty())
            .unwrap()
            .to_owned()
    };
    let expect = [
        (
            "console",
            " Enter  next juror  A  absent  F  close round  Esc  lock  ?  help",
        ),
        ("console-closed", " R  results  Esc  lock  ?  help"),
        (
            "console-decided",
            " R  results  S  seal  Esc  lock  ?  help",
        ),
        ("console-sealed", " R  results  q  quit  ?  help"),
        (
            "results",
            " Enter  detail  T  new round  D  decision  Esc  console  ?  help",
        ),
        (
            "results-decided",
            " Enter  detail  D  decision  Esc  console  ?  help",
        ),
        ("welcome-1", " Enter  next  L  français  ?  help"),
        ("welcome-3", " Enter  start  ←  back  L  français  ?  help"),
        (
            "scoring-last",
            " 1…7  grade  Enter  review  ←  previous  C  conflict  ?  help",
        ),
    ];
    let all = screens();
    for (name, footer) in expect {
        let setup = all.iter().find(|(n, _)| *n == name).unwrap().1;
        assert_eq!(shown(setup), footer, "{name}");
    }
}

/// Every key press a keyboard can send, alone or with Shift, Ctrl or Alt.
fn every_key() -> Vec<KeyEvent> {
    let mut codes: Vec<KeyCode> = (' '..='~')
        .chain("éàç€".chars())
        .map(KeyCode::Char)
        .collect();
    codes.extend([
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Tab,
        KeyCode::BackTab,
        KeyCode::Backspace,
        KeyCode::Delete,
        KeyCode::Insert,
        KeyCode::Home,
        KeyCode::End,
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::PageUp,
        KeyCode::PageDown,
    ]);
    codes.extend((1..=12).map(KeyCode::F));
    let mut keys = Vec::new();
    for code in codes {
        for modifiers in [
            KeyModifiers::NONE,
            KeyModifiers::SHIFT,
            KeyModifiers::CONTROL,
            KeyModifiers::ALT,
        ] {
            keys.push(KeyEvent::new(code, modifiers));
        }
    }
    keys
}

/// Puts back what a key changed when it only opened a dialog (Esc closes
/// every one of them) or switched the language (F2 again): it saves a new
/// session for each key that did something.
fn put_back(app: &mut App, before: &str) -> bool {
    if app.overlay().is_some() {
        press(app, KeyCode::Esc);
    }
    if state(app) != before {
        press(app, KeyCode::F(2));
    }
    state(app) == before
}

/// On the screens `names`, a key that changes anything is one the screen's
/// help and footer document (the same tables decide both): no key is
/// handled outside them.
fn only_documented_keys_act(names: &[&str]) {
    for (name, setup) in screens().into_iter().filter(|(n, _)| names.contains(n)) {
        let (mut dir, mut app) = fresh(setup);
        let mut handled = 0;
        for key in every_key() {
            let documented = app.documents_key(&key);
            let before = state(&app);
            app.handle_key(key);
            if state(&app) != before {
                assert!(
                    documented,
                    "{name}: {key:?} is handled but not in the table"
                );
                handled += 1;
                if !put_back(&mut app, &before) {
                    (dir, app) = fresh(setup);
                }
            }
        }
        drop(dir);
        assert!(handled > 0, "{name}: no key did anything");
    }
}

#[test]
fn no_key_is_handled_without_being_documented_opening_and_console() {
    only_documented_keys_act(&["setup", "setup-confirm", "console", "locked", "handover"]);
}

#[test]
fn no_key_is_handled_without_being_documented_in_the_turn() {
    only_documented_keys_act(&[
        "welcome-1",
        "welcome-3",
        "scoring-2",
        "review",
        "confirm",
        "receipt",
    ]);
}

#[test]
fn no_key_is_handled_without_being_documented_after_the_vote() {
    only_documented_keys_act(&[
        "console-closed",
        "results",
        "round-picker",
        "decision",
        "sealed",
    ]);
}

/// The turn in lines, too: its keys are its tables' (said by H).
#[test]
fn the_turn_in_lines_says_the_keys_of_its_table() {
    let (_dir, mut app) = fresh(open_session);
    press(&mut app, KeyCode::Char('v'));
    if !matches!(app.mode(), Mode::Turn(_)) {
        press(&mut app, KeyCode::Char('v'));
    }
    enter(&mut app);
    let _ = app.take_lines();
    press(&mut app, KeyCode::Char('h'));
    let (said, _, _) = app.take_lines().expect("the help is said");
    let said = said.join(" ");
    for part in [
        "1 to 7: the grade",
        "R or Enter: repeat",
        "I: where am I",
        "F9: blank or show the screen",
        "? or F1: this help",
    ] {
        assert!(said.contains(part), "{part:?} in {said}");
    }
}

/// Dialogs reached by keys from a new session (the text field of the
/// gate is the one a typed reason uses too: `keymap::TEXT_FIELD`).
fn dialogs() -> Vec<(&'static str, Setup)> {
    vec![
        ("yes-no", |app| {
            open_session(app);
            press(app, KeyCode::Char('q'));
        }),
        ("gate", |app| {
            open_session(app);
            press(app, KeyCode::Esc);
            press(app, KeyCode::Esc);
        }),
        ("draft-at-risk", |app| {
            open_session(app);
            start_turn(app);
            press(app, KeyCode::Char('1'));
            press(app, KeyCode::Esc);
            type_text(app, PASSPHRASE);
            enter(app);
            press(app, KeyCode::Char('a'));
        }),
    ]
}

/// Keys that mean something over some dialog, with modifiers that must
/// not (Alt-y is no yes). Few: each one closes or edits the dialog, so
/// each needs a fresh session.
fn dialog_keys() -> Vec<KeyEvent> {
    let key = |code, modifiers| KeyEvent::new(code, modifiers);
    let (none, shift, ctrl, alt) = (
        KeyModifiers::NONE,
        KeyModifiers::SHIFT,
        KeyModifiers::CONTROL,
        KeyModifiers::ALT,
    );
    vec![
        key(KeyCode::Char('y'), none),
        key(KeyCode::Char('Y'), shift),
        key(KeyCode::Char('y'), alt),
        key(KeyCode::Char('o'), ctrl),
        key(KeyCode::Char('n'), none),
        key(KeyCode::Char('d'), none),
        key(KeyCode::Char('d'), alt),
        key(KeyCode::Char('c'), none),
        key(KeyCode::Char('l'), none),
        key(KeyCode::F(2), none),
        key(KeyCode::Char('?'), none),
        key(KeyCode::Char('1'), none),
        key(KeyCode::Char('u'), ctrl),
        key(KeyCode::Char('x'), ctrl),
        key(KeyCode::Enter, none),
        key(KeyCode::Esc, none),
        key(KeyCode::Backspace, none),
        key(KeyCode::Up, none),
    ]
}

/// Over a dialog, too, a key acts only if the dialog's table (or the
/// language, looked up first) documents it.
#[test]
fn no_key_is_handled_over_a_dialog_without_being_documented() {
    for (name, setup) in dialogs() {
        let open = |setup: Setup| {
            jury::tally::freeze_clock_for_tests("2026-11-22T09:30:00Z");
            let dir = Scratch::new("dialog-keys");
            let mut app = app(dir.path(), Language::En);
            setup(&mut app);
            assert!(app.overlay().is_some(), "{name}: no dialog");
            (dir, app)
        };
        let (mut dir, mut app) = open(setup);
        let mut handled = 0;
        for key in dialog_keys() {
            let documented = app.documents_key(&key);
            let before = state(&app);
            app.handle_key(key);
            if state(&app) != before {
                assert!(
                    documented,
                    "{name}: {key:?} is handled but not in the table"
                );
                handled += 1;
                (dir, app) = open(setup);
            }
        }
        drop(dir);
        assert!(handled > 0, "{name}: no key did anything");
    }
}
