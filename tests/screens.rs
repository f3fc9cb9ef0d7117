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
    // The focused criterion's label is cut in its row at 80 columns: it is
    // spelt out in full under the scale.
    check("scoring-last-criterion", |app| {
        scoring(app);
        press(app, KeyCode::Down);
        press(app, KeyCode::Down);
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
        cast_uniform(app, '2');
        cast_uniform(app, '3');
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

// Long lists at 80×24 (issue 13, item 5): every list scrolls with its ▶
// cursor, says how many items are out of sight, and Space ticks the row
// under the visible cursor.

const KEY_SEED: [u8; 32] = [7; 32];

fn aic() -> jury::bundle::BundleFile {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/sessions/aic-2022.ron");
    jury::bundle::load(std::path::Path::new(path)).unwrap()
}

/// 150 seats and 150 projects, as `jury synth-bundle` writes them.
fn synthetic() -> jury::bundle::BundleFile {
    let text = jury::synth::synth_bundle(150, 150, 1);
    jury::bundle::parse("synthetic.ron", text.as_bytes()).unwrap()
}

fn kiosk(bundle: &jury::bundle::BundleFile, dir: &std::path::Path, language: Language) -> App {
    App::new(
        bundle.clone(),
        dir.join("session"),
        jury::tui::Theme::monochrome(),
    )
    .with_seed(jury::simulate::session_seed(7))
    .with_pinned_key(jury::signing::SessionKey::from_seed(&KEY_SEED, "test"))
    .with_language(language)
}

/// A kiosk on `bundle` whose first round is closed, every seat having voted
/// (grades spread so the ranking has leaders, ties and a tail), on the
/// console. The ballots go through `Session`, as `jury simulate` does: a
/// turn by keys per seat would take minutes for 150 seats.
fn closed_kiosk(
    bundle: &jury::bundle::BundleFile,
    dir: &std::path::Path,
    language: Language,
) -> App {
    drop({
        let mut app = kiosk(bundle, dir, language);
        open_session(&mut app);
        app
    });
    let key = jury::signing::SessionKey::from_seed(&KEY_SEED, "test");
    let (mut session, _) =
        jury::session::Session::resume(&dir.join("session/tally.jury"), bundle.clone(), key)
            .unwrap();
    let b = &bundle.bundle;
    let top = b.grades.len() - 1;
    for seat in 0..b.jurors.len() {
        let grades: Vec<Option<Vec<u8>>> = (0..b.projects.len())
            .map(|p| {
                let values = (0..b.criteria.len())
                    .map(|c| {
                        let quality = (p * 3) % (top + 1);
                        (quality + (seat * 7 + c * 3 + p) % 3)
                            .saturating_sub(1)
                            .min(top) as u8
                    })
                    .collect();
                Some(values)
            })
            .collect();
        session.cast_ballot(seat, &[], &grades).unwrap();
    }
    session.close_round(None).unwrap();
    drop(session);
    let mut app = kiosk(bundle, dir, language);
    type_text(&mut app, PASSPHRASE);
    enter(&mut app);
    app
}

/// Snapshots at 80×24 in both languages of the screen `steps` leads to.
fn check_long(
    name: &str,
    bundle: &jury::bundle::BundleFile,
    closed: bool,
    steps: impl Fn(&mut App),
) {
    jury::tally::freeze_clock_for_tests("2026-11-22T09:30:00Z");
    for (language, code) in LANGUAGES {
        let dir = folder(&format!("{name}-{code}"));
        let mut app = if closed {
            closed_kiosk(bundle, &dir, language)
        } else {
            let mut app = kiosk(bundle, &dir, language);
            open_session(&mut app);
            app
        };
        steps(&mut app);
        let text = screen(&app, 80, 24);
        assert!(
            text.contains('▶'),
            "{name}-{code}: the cursor is on screen\n{text}"
        );
        snapshot(&format!("{name}-{code}-80x24"), &text);
    }
}

fn down(app: &mut App, times: usize) {
    for _ in 0..times {
        press(app, KeyCode::Down);
    }
}

#[test]
fn lists_of_17_scroll_to_the_last_item() {
    let bundle = aic();
    let last = bundle.bundle.projects.len() - 1;
    assert_eq!(last, 16);
    check_long("aic-results-end", &bundle, true, |app| {
        press(app, KeyCode::Char('r'));
        down(app, last);
    });
    check_long("aic-round-picker-end", &bundle, true, |app| {
        press(app, KeyCode::Char('r'));
        press(app, KeyCode::Char('t'));
        down(app, last);
    });
    check_long("aic-decision-end", &bundle, true, |app| {
        press(app, KeyCode::Char('r'));
        press(app, KeyCode::Char('d'));
        down(app, last);
    });
    check_long("aic-decision-middle", &bundle, true, |app| {
        press(app, KeyCode::Char('r'));
        press(app, KeyCode::Char('d'));
        down(app, 9);
    });
    // The review grid of a juror's 17 projects, the cursor on the last.
    check_long("aic-review-end", &bundle, false, |app| {
        start_turn(app);
        for _ in 0..=last {
            type_text(app, "12345");
            enter(app);
        }
    });
}

#[test]
fn lists_of_150_scroll_to_the_last_item() {
    let bundle = synthetic();
    let last = bundle.bundle.projects.len() - 1;
    assert_eq!((bundle.bundle.jurors.len(), last), (150, 149));
    // The roster: Up from the first seat goes round to the last.
    check_long("synthetic-console-end", &bundle, false, |app| {
        press(app, KeyCode::Up);
    });
    check_long("synthetic-results-end", &bundle, true, |app| {
        press(app, KeyCode::Char('r'));
        down(app, last);
    });
    check_long("synthetic-round-picker-end", &bundle, true, |app| {
        press(app, KeyCode::Char('r'));
        press(app, KeyCode::Char('t'));
        down(app, last);
    });
    check_long("synthetic-decision-end", &bundle, true, |app| {
        press(app, KeyCode::Char('r'));
        press(app, KeyCode::Char('d'));
        down(app, last);
    });
}

/// The row marked ▶ on screen, and how many rows are ticked.
fn cursor_row(text: &str) -> (String, usize) {
    let row = text
        .lines()
        .find(|l| l.contains("▶["))
        .unwrap_or_else(|| panic!("no ▶ row on screen:\n{text}"))
        .to_owned();
    (row, text.matches("[x]").count())
}

#[test]
fn space_ticks_the_row_under_the_visible_cursor() {
    jury::tally::freeze_clock_for_tests("2026-11-22T09:30:00Z");
    let bundle = aic();
    for (picker, key) in [("round", 't'), ("decision", 'd')] {
        let dir = folder(&format!("tick-{picker}"));
        let mut app = closed_kiosk(&bundle, &dir, Language::En);
        press(&mut app, KeyCode::Char('r'));
        press(&mut app, KeyCode::Char(key));
        // The decision starts with the maximum ticked: make room first.
        if key == 'd' {
            press(&mut app, KeyCode::Char(' '));
        }
        // Down to the last project, far below the first screenful; untick
        // it first if the default selection had it.
        down(&mut app, 16);
        let (row, _) = cursor_row(&screen(&app, 80, 24));
        if row.contains("[x]") {
            press(&mut app, KeyCode::Char(' '));
        }
        let before = screen(&app, 80, 24);
        let (row, ticked) = cursor_row(&before);
        let ranked = app.ranked_projects();
        let name = &bundle.bundle.projects[ranked[16]].name;
        let start: String = name.chars().take(20).collect();
        assert!(row.contains("▶[ ]") && row.contains(&start), "{before}");
        press(&mut app, KeyCode::Char(' '));
        let after = screen(&app, 80, 24);
        let (row, now) = cursor_row(&after);
        assert!(row.contains("▶[x]") && row.contains(&start), "{after}");
        assert_eq!(now, ticked + 1, "only the row under the cursor changed");
        // The rows shown are the same: only that mark differs.
        for (a, b) in before.lines().zip(after.lines()).filter(|(a, b)| a != b) {
            assert!(
                !a.contains('[') || a.contains("▶["),
                "a row other than the cursor's changed: {a} → {b}"
            );
        }
        // What Enter records is that project: the one named on the ▶ row.
        let chosen = match app.mode() {
            jury::tui::Mode::RoundPicker { chosen, .. }
            | jury::tui::Mode::Decision { chosen, .. } => chosen.clone(),
            other => panic!("{other:?}"),
        };
        assert!(chosen[ranked[16]]);
        // And the line under the list names it in full.
        assert!(
            after
                .lines()
                .any(|l| l.contains("▶ ") && l.contains(name.as_str()) && !l.contains('[')),
            "{after}"
        );
    }
}
