//! Snapshots of every juror screen on `TestBackend`, at 80×24 and 120×40,
//! in French and English, plus the too-small screen. Text only: colour is
//! checked on cells where it carries meaning (see the last tests).

use crate::common;

use crate::common::*;
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
/// clock), so hashes are stable. A secret ballot's receipt code is random
/// by design (it must be unguessable): it is shown as `XXXX-XXXX-XXXX-XXXX`.
fn snapshot(name: &str, text: &str) {
    let text = hide_receipt_codes(text);
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!(name, text));
}

/// Every `XXXX-XXXX-XXXX-XXXX` of digits and capitals, masked.
fn hide_receipt_codes(text: &str) -> String {
    let is_code = |w: &str| {
        w.len() == 19
            && w.split('-').count() == 4
            && w.split('-').all(|g| {
                g.len() == 4
                    && g.bytes()
                        .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
            })
    };
    text.split('\n')
        .map(|line| {
            line.split(' ')
                .map(|w| if is_code(w) { "XXXX-XXXX-XXXX-XXXX" } else { w })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Drives a fresh app in each language to one screen, then snapshots it at
/// both sizes. `steps` gets the app on the console of a new session.
fn check(screen_name: &str, steps: impl Fn(&mut App)) {
    check_with(screen_name, common::demo, steps);
}

/// As `check`, on `bundle`.
fn check_with(
    screen_name: &str,
    bundle: fn() -> jury::bundle::BundleFile,
    steps: impl Fn(&mut App),
) {
    jury::tally::freeze_clock_for_tests("2026-11-22T09:30:00Z");
    for (language, code) in LANGUAGES {
        let dir = folder(&format!("{screen_name}-{code}"));
        let mut app = app_for(bundle(), &dir, language);
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

/// Two ballots and an absence: a round ready to close.
fn voted(app: &mut App) {
    open_session(app);
    cast_with_keys(app, &["12345", "23456", "34567", "11223"], 'o');
    press(app, KeyCode::Char('a')); // J02, the next waiting seat
    press(app, KeyCode::Char('o'));
    press(app, KeyCode::Down);
    cast_with_keys(app, &["22334", "12345", "45677", "11112"], 'o');
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
    // Open ballots: a secret tally's final hash changes with every run
    // (its published tags come from random receipt codes).
    check_with("sealed", common::demo_open, |app| {
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
        // The kiosk is in English: the project's English name.
        let name = bundle.bundle.projects[ranked[16]].text("en").name;
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
                .any(|l| l.contains("▶ ") && l.contains(name) && !l.contains('[')),
            "{after}"
        );
    }
}

// Issue 13, item 12: a juror reads the projects in the kiosk's language.

fn current_project(app: &App) -> usize {
    match app.mode() {
        jury::tui::Mode::Turn(turn) => turn.project(),
        other => panic!("expected a turn, found {other:?}"),
    }
}

/// The first `n` words of `text`, as the screen shows them before wrapping.
fn first_words(text: &str, n: usize) -> String {
    text.split_whitespace()
        .take(n)
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn aic_projects_read_in_the_kiosk_language() {
    let bundle = aic();
    // The scoring card: the project's name, category and aim.
    check_long("aic-scoring", &bundle, false, start_turn);
    // The review grid's detail line, and the results' detail.
    let review = |app: &mut App| {
        start_turn(app);
        for _ in 0..bundle.bundle.projects.len() {
            type_text(app, "12345");
            enter(app);
        }
        press(app, KeyCode::Up);
    };
    check_long("aic-results-detail", &bundle, true, |app| {
        press(app, KeyCode::Char('r'));
        down(app, 2);
        enter(app);
    });
    jury::tally::freeze_clock_for_tests("2026-11-22T09:30:00Z");
    for (language, code) in LANGUAGES {
        let other = if code == "en" { "fr" } else { "en" };
        let dir = folder(&format!("aic-read-{code}"));
        let mut app = kiosk(&bundle, &dir, language);
        open_session(&mut app);
        start_turn(&mut app);
        let project = &bundle.bundle.projects[current_project(&app)];
        let (mine, theirs) = (project.text(code), project.text(other));
        assert_ne!(mine.aim, theirs.aim);
        let card = screen(&app, 80, 24);
        let left: String = card
            .lines()
            .map(|l| l.chars().take(40).collect::<String>() + "\n")
            .collect();
        assert!(left.contains(mine.name), "{code}: {}\n{card}", mine.name);
        assert!(left.contains(&first_words(mine.aim, 3)), "{code}\n{card}");
        assert!(
            !left.contains(&first_words(theirs.aim, 3)),
            "{code}\n{card}"
        );
        assert!(
            left.contains(&first_words(mine.proposal, 3)),
            "{code}\n{card}"
        );

        let dir = folder(&format!("aic-read-review-{code}"));
        let mut app = kiosk(&bundle, &dir, language);
        open_session(&mut app);
        review(&mut app);
        let project = &bundle.bundle.projects[current_project(&app)];
        let grid = screen(&app, 80, 24);
        let detail = grid
            .lines()
            .find(|l| l.contains("▶ 16. "))
            .unwrap_or_else(|| panic!("{code}: the detail line\n{grid}"));
        assert!(detail.contains(project.text(code).name), "{code}\n{grid}");
        if project.text(other).name != project.text(code).name {
            assert!(!grid.contains(project.text(other).name), "{code}\n{grid}");
        }

        let dir = folder(&format!("aic-read-results-{code}"));
        let mut app = closed_kiosk(&bundle, &dir, language);
        press(&mut app, KeyCode::Char('r'));
        let ranked = app.ranked_projects();
        let results = screen(&app, 120, 40);
        // Every project, in the ranking, by its name in this language.
        for &p in &ranked {
            // (Cut with … when longer than the column.)
            let name: String = bundle.bundle.projects[p]
                .text(code)
                .name
                .chars()
                .take(20)
                .collect();
            assert!(results.contains(&name), "{code}: {name}\n{results}");
        }
        down(&mut app, 2);
        enter(&mut app);
        let name = bundle.bundle.projects[ranked[2]].text(code).name;
        let detail = screen(&app, 80, 24);
        let title = match language {
            Language::En => format!("Detail: {name}"),
            Language::Fr => format!("Détail : {name}"),
        };
        assert!(detail.contains(&title), "{code}: {title}\n{detail}");
    }
}

// Issue 13, item 5: the criteria panel scrolls when a bundle has more
// criteria than fit (the format allows 12) at 80×24.

/// The demo with 12 criteria, the last one's label too long for its row.
fn twelve_criteria() -> jury::bundle::BundleFile {
    let demo = jury::bundle::DEMO_SOURCE;
    let start = demo.find("    criteria: [").unwrap();
    let end = demo.find("    grades: [").unwrap();
    let criteria: String = (1..=12)
        .map(|i| {
            let (fr, en) = if i == 12 {
                (
                    "Le douzième critère, dont l'intitulé est très long".to_owned(),
                    "The twelfth criterion, whose label is very long".to_owned(),
                )
            } else {
                (format!("Critère {i}"), format!("Criterion {i}"))
            };
            format!(
                "        (id: \"c{i}\", label: \"{fr}\", explanation: \"Ce que demande le critère {i}.\", \
                 translations: {{\"en\": (label: \"{en}\", explanation: \"What criterion {i} asks.\")}}),\n"
            )
        })
        .collect();
    let text = format!(
        "{}    criteria: [\n{criteria}    ],\n{}",
        &demo[..start],
        &demo[end..]
    );
    let bundle = jury::bundle::parse("twelve.ron", text.as_bytes()).unwrap();
    assert_eq!(bundle.bundle.criteria.len(), 12);
    bundle
}

fn scoring_turn(app: &App) -> &jury::turn::JurorTurn {
    match app.mode() {
        jury::tui::Mode::Turn(turn) => turn,
        other => panic!("expected a turn, found {other:?}"),
    }
}

fn click(app: &mut App, column: u16, row: u16) {
    use crossterm::event::{Event, MouseButton, MouseEvent, MouseEventKind};
    app.handle_event(&Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: crossterm::event::KeyModifiers::NONE,
    }));
}

/// Where `text` is drawn in the right half (the criteria panel): column, row.
fn find_right(shown: &str, text: &str) -> Option<(u16, u16)> {
    shown.lines().enumerate().find_map(|(row, line)| {
        let right: String = line.chars().skip(40).collect();
        let at = right.find(text)?;
        Some((40 + right[..at].chars().count() as u16, row as u16))
    })
}

#[test]
fn twelve_criteria_scroll_with_the_focus_at_80x24() {
    let bundle = twelve_criteria();
    // Focus on criterion 12: Up from the first goes round to the last.
    check_long("twelve-criteria-last", &bundle, false, |app| {
        start_turn(app);
        press(app, KeyCode::Up);
    });
    check_long("twelve-criteria-first", &bundle, false, start_turn);

    jury::tally::freeze_clock_for_tests("2026-11-22T09:30:00Z");
    let dir = folder("twelve-criteria-click");
    let mut app = kiosk(&bundle, &dir, Language::En);
    open_session(&mut app);
    start_turn(&mut app);
    // Down, one criterion at a time: the focused one is always on screen,
    // with the ▶ and the terminal's cursor on it.
    for c in 0..12 {
        assert_eq!(scoring_turn(&app).criterion(), c);
        let text = screen(&app, 80, 24);
        let focused = format!("▶ {}. ", c + 1);
        let (_, row) = find_right(&text, &focused)
            .unwrap_or_else(|| panic!("criterion {} on screen:\n{text}", c + 1));
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
        terminal.draw(|frame| app.render(frame)).unwrap();
        let cursor = terminal.get_cursor_position().unwrap();
        assert_eq!(cursor.y, row, "the cursor on criterion {}:\n{text}", c + 1);
        // What is out of sight is counted, above and below.
        let hidden: usize = ["▲ ", "▼ "]
            .iter()
            .filter_map(|mark| {
                let (x, y) = find_right(&text, mark)?;
                let line: String = text
                    .lines()
                    .nth(y as usize)?
                    .chars()
                    .skip(x as usize + 2)
                    .collect();
                line.split_whitespace().next()?.parse::<usize>().ok()
            })
            .sum();
        // Rows start "  7. " or "▶ 7. "; the detail under the scale repeats
        // the focused one.
        let shown = (1..=12)
            .filter(|n| {
                text.lines()
                    .filter(|l| {
                        l.chars()
                            .skip(40)
                            .collect::<String>()
                            .contains(&format!(" {n}. "))
                    })
                    .count()
                    > 0
            })
            .count();
        assert_eq!(
            shown + hidden,
            12,
            "every criterion shown or counted:\n{text}"
        );
        press(&mut app, KeyCode::Down);
    }
    // Back on criterion 12 (Up from the first), a click on another visible
    // criterion focuses that one, and no other.
    assert_eq!(scoring_turn(&app).criterion(), 0);
    press(&mut app, KeyCode::Up);
    let text = screen(&app, 80, 24);
    let visible: Vec<usize> = (1..12)
        .filter(|n| find_right(&text, &format!(" {n}. Criterion {n}")).is_some())
        .collect();
    assert!(
        visible.len() >= 3 && !visible.contains(&1),
        "{visible:?}\n{text}"
    );
    for &n in visible.iter().rev() {
        let text = screen(&app, 80, 24);
        let (x, y) = find_right(&text, &format!(" {n}. Criterion {n}")).unwrap();
        click(&mut app, x, y);
        assert_eq!(
            scoring_turn(&app).criterion(),
            n - 1,
            "clicked {n}:\n{text}"
        );
        // Its grade line (the row below) is part of it too. (The list may
        // scroll when the focus moves: look for it again.)
        press(&mut app, KeyCode::Up);
        let text = screen(&app, 80, 24);
        if let Some((x, y)) = find_right(&text, &format!(" {n}. Criterion {n}")) {
            click(&mut app, x, y + 1);
            assert_eq!(
                scoring_turn(&app).criterion(),
                n - 1,
                "clicked under {n}:\n{text}"
            );
        }
    }
    // A click on the "more" line or the scale's title focuses nothing.
    let text = screen(&app, 80, 24);
    let before = scoring_turn(&app).criterion();
    if let Some((x, y)) = find_right(&text, "▼ ") {
        click(&mut app, x, y);
        assert_eq!(scoring_turn(&app).criterion(), before, "{text}");
    }
}
