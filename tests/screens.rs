//! Snapshots of every juror screen on `TestBackend`, at 80×24 and 120×40,
//! in French and English, plus the too-small screen. Text only: colour is
//! checked on cells where it carries meaning (see the last tests).

mod common;

use common::*;
use crossterm::event::KeyCode;
use jury::i18n::Language;
use jury::tui::App;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];
const LANGUAGES: [(Language, &str); 2] = [(Language::Fr, "fr"), (Language::En, "en")];

/// Short and fixed, so paths do not wrap differently from run to run.
fn folder(name: &str) -> std::path::PathBuf {
    let dir = std::path::PathBuf::from("/tmp/jury-snap").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Sessions here are reproducible byte for byte (fixed seed, key and
/// clock), so snapshots need no filters: hashes and receipts are stable.
fn snapshot(name: &str, text: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!(name, text));
}

/// Drives a fresh app in each language to one screen, then snapshots it at
/// both sizes. `steps` gets the app on the console of a new session.
fn check(screen_name: &str, steps: impl Fn(&mut App)) {
    jury::tally::freeze_clock_for_tests("2026-11-22T09:30:00Z");
    for (language, code) in LANGUAGES {
        let dir = folder(&format!("{screen_name}-{code}"));
        let mut app = app(&dir, language);
        steps(&mut app);
        for (w, h) in SIZES {
            snapshot(
                &format!("{screen_name}-{code}-{w}x{h}"),
                &screen(&app, w, h),
            );
        }
    }
}

fn console(app: &mut App) {
    open_session(app);
}

fn scoring(app: &mut App) {
    open_session(app);
    start_turn(app);
    press(app, KeyCode::Char('2'));
    press(app, KeyCode::Char('3'));
}

/// Every project done (one with a conflict of interest), on the review grid.
fn review(app: &mut App) {
    scoring(app);
    for g in ['1', '4', '5'] {
        press(app, KeyCode::Char(g));
    }
    enter(app);
    press(app, KeyCode::Char('c'));
    press(app, KeyCode::Char('o'));
    enter(app);
    for g in ['6', '6', '5', '6', '7'] {
        press(app, KeyCode::Char(g));
    }
    enter(app);
    for g in ['2', '2', '3', '1', '2'] {
        press(app, KeyCode::Char(g));
    }
    enter(app);
    press(app, KeyCode::Up);
}

#[test]
fn opening_screens() {
    jury::tally::freeze_clock_for_tests("2026-11-22T09:30:00Z");
    check("setup", |_| {});
    check("setup-confirm", |app| {
        type_text(app, PASSPHRASE);
        enter(app);
        type_text(app, "cor");
    });
    for (language, code) in LANGUAGES {
        let dir = folder(&format!("unlock-{code}"));
        drop({
            let mut first = app(&dir, language);
            console(&mut first);
            first
        });
        // A second app on the same folder finds the session and asks to unlock.
        let mut second = app(&dir, language);
        type_text(&mut second, "abc");
        for (w, h) in SIZES {
            snapshot(&format!("unlock-{code}-{w}x{h}"), &screen(&second, w, h));
        }
    }
}

#[test]
fn facilitator_and_hand_over_screens() {
    check("console", console);
    check("locked", |app| {
        console(app);
        press(app, KeyCode::Esc);
    });
    check("gate", |app| {
        console(app);
        press(app, KeyCode::Esc);
        press(app, KeyCode::Char('q'));
        type_text(app, "abc");
    });
    check("handover", |app| {
        console(app);
        press(app, KeyCode::Down);
        enter(app);
    });
}

#[test]
fn welcome_pages() {
    for page in 0..3 {
        check(&format!("welcome-{}", page + 1), |app| {
            console(app);
            enter(app);
            enter(app);
            for _ in 0..page {
                enter(app);
            }
        });
    }
}

#[test]
fn scoring_screens() {
    check("scoring", scoring);
    check("scoring-missing", |app| {
        scoring(app);
        enter(app);
    });
    check("scoring-conflict-dialog", |app| {
        scoring(app);
        press(app, KeyCode::Char('c'));
    });
    check("scoring-conflict", |app| {
        scoring(app);
        press(app, KeyCode::Char('c'));
        press(app, KeyCode::Char('y'));
    });
    check("scoring-help", |app| {
        scoring(app);
        press(app, KeyCode::Char('?'));
    });
}

#[test]
fn review_confirm_and_receipt() {
    check("review", review);
    let confirm = |app: &mut App| {
        review(app);
        press(app, KeyCode::Char('v'));
    };
    check("confirm", confirm);
    check("receipt", |app| {
        confirm(app);
        press(app, KeyCode::Char('o'));
    });
}

#[test]
fn too_small_screen() {
    let dir = folder("small");
    for (language, code) in LANGUAGES {
        let app = app(&dir, language);
        snapshot(&format!("too-small-{code}"), &screen(&app, 60, 20));
    }
}

/// One ballot for the selected seat with the given keys per project, then
/// back on the console.
fn vote(app: &mut App, grades: &[&str]) {
    start_turn(app);
    for keys in grades {
        type_text(app, keys);
        enter(app);
    }
    press(app, KeyCode::Char('v'));
    press(app, KeyCode::Char('o'));
    enter(app);
    enter(app);
    type_text(app, PASSPHRASE);
    enter(app);
}

/// Two ballots and an absence: a round ready to close.
fn voted(app: &mut App) {
    open_session(app);
    vote(app, &["12345", "23456", "34567", "11223"]);
    press(app, KeyCode::Char('a')); // J02, the next waiting seat
    press(app, KeyCode::Char('o'));
    press(app, KeyCode::Down);
    vote(app, &["22334", "12345", "45677", "11112"]);
}

fn closed(app: &mut App) {
    voted(app);
    press(app, KeyCode::Char('f'));
    press(app, KeyCode::Char('o'));
}

#[test]
fn console_and_results_screens() {
    check("console-voting", voted);
    check("close-reason", |app| {
        open_session(app);
        press(app, KeyCode::Char('f'));
        type_text(app, "J02 est parti");
    });
    check("results", |app| {
        closed(app);
        press(app, KeyCode::Char('r'));
    });
    check("results-detail", |app| {
        closed(app);
        press(app, KeyCode::Char('r'));
        press(app, KeyCode::Down);
        enter(app);
    });
    check("round-picker", |app| {
        closed(app);
        press(app, KeyCode::Char('r'));
        press(app, KeyCode::Char('t'));
    });
    check("decision", |app| {
        closed(app);
        press(app, KeyCode::Char('r'));
        press(app, KeyCode::Char('d'));
        press(app, KeyCode::Down);
    });
    check("sealed", |app| {
        closed(app);
        press(app, KeyCode::Char('r'));
        press(app, KeyCode::Char('d'));
        enter(app);
        press(app, KeyCode::Char('o'));
        press(app, KeyCode::Char('s'));
        press(app, KeyCode::Char('o'));
    });
}
