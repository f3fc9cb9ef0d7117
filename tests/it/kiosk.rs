//! The kiosk as a state machine: key presses in, state and tally out, no
//! terminal. Every kiosk rule of the juror's turn is exercised here.

use crate::common;

use crate::common::*;
use crossterm::event::KeyCode;
use jury::i18n::Language;
use jury::signing::{KeyError, SessionKey};
use jury::tally::{Entry, parse_line};
use jury::tui::{KEY_FILE, Mode, Notice, Overlay, TALLY_FILE};
use jury::turn::Stage;

fn tally_entries(folder: &std::path::Path) -> Vec<Entry> {
    let bytes = std::fs::read(folder.join("session").join(TALLY_FILE)).unwrap();
    bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| parse_line(l).unwrap().record.entry.into_owned())
        .collect()
}

fn turn(app: &jury::tui::App) -> &jury::turn::JurorTurn {
    match app.mode() {
        Mode::Turn(t) => t,
        other => panic!("expected a juror's turn, found {other:?}"),
    }
}

/// Grades every criterion of the current project with `grade` (1-based key).
fn grade_project(app: &mut jury::tui::App, grade: char) {
    for _ in 0..5 {
        press(app, KeyCode::Char(grade));
    }
}

#[test]
fn a_new_session_asks_a_passphrase_twice_and_encrypts_the_key() {
    let dir = Scratch::new("setup");
    let mut app = app(dir.path(), Language::En);
    assert!(matches!(app.mode(), Mode::Setup { .. }));
    type_text(&mut app, "short");
    enter(&mut app);
    assert!(matches!(app.notice(), Some(Notice::Error(m)) if m.contains("at least 8")));
    assert!(matches!(
        app.mode(),
        Mode::Setup {
            confirming: false,
            ..
        }
    ));

    for _ in 0..5 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, PASSPHRASE);
    enter(&mut app);
    type_text(&mut app, "something else");
    enter(&mut app);
    assert!(matches!(app.notice(), Some(Notice::Error(m)) if m.contains("differ")));
    assert!(!dir.path().join("session").join(TALLY_FILE).exists());

    open_session(&mut app);
    assert!(matches!(app.mode(), Mode::Console { .. }));
    let entries = tally_entries(dir.path());
    assert!(matches!(entries.as_slice(), [Entry::SessionOpened { .. }]));
    let key_path = dir.path().join("session").join(KEY_FILE);
    assert_eq!(
        SessionKey::read_file(&key_path, None).err(),
        Some(KeyError::NeedsPassphrase)
    );
    assert_eq!(
        SessionKey::read_file(&key_path, Some("wrong")).err(),
        Some(KeyError::WrongPassphrase)
    );
    assert!(SessionKey::read_file(&key_path, Some(PASSPHRASE)).is_ok());
}

#[test]
fn f2_switches_language_even_while_typing_a_passphrase() {
    let dir = Scratch::new("f2");
    let mut app = app(dir.path(), Language::Fr);
    type_text(&mut app, "ab");
    press(&mut app, KeyCode::F(2));
    assert!(screen(&app, 80, 24).contains("Passphrase:"));
    press(&mut app, KeyCode::Char('l'));
    assert!(
        screen(&app, 80, 24).contains("•••"),
        "l is a passphrase character here"
    );
}

#[test]
fn a_juror_cannot_leave_the_kiosk_without_the_passphrase() {
    let dir = Scratch::new("gate");
    let mut app = app(dir.path(), Language::Fr);
    open_session(&mut app);
    start_turn(&mut app);
    press(&mut app, KeyCode::Char('2'));

    let attempts: [&dyn Fn(&mut jury::tui::App); 4] = [
        &|a| press(a, KeyCode::Char('q')),
        &|a| press(a, KeyCode::Esc),
        &|a| ctrl(a, 'c'),
        &|a| ctrl(a, 'z'),
    ];
    for (i, attempt) in attempts.iter().enumerate() {
        attempt(&mut app);
        assert!(matches!(app.overlay(), Some(Overlay::Gate { .. })));
        assert!(!app.should_quit());
        // Two wrong tries: a third would make the next try wait (see
        // `guessing_the_passphrase_waits_longer_after_each_wrong_try`).
        if i < 2 {
            type_text(&mut app, "not it");
            enter(&mut app);
            assert!(matches!(
                app.overlay(),
                Some(Overlay::Gate { failed: true, .. })
            ));
        }
        press(&mut app, KeyCode::Esc); // back to the turn, untouched
        assert_eq!(turn(&app).grades()[0][0], Some(1));
        assert!(!app.should_quit());
    }

    // The facilitator's passphrase leads to the console; the turn is kept as a draft.
    press(&mut app, KeyCode::Char('q'));
    type_text(&mut app, PASSPHRASE);
    enter(&mut app);
    assert!(matches!(app.mode(), Mode::Console { selected: 0 }));
    assert!(app.has_draft(0));
    // Only now can the program be quit, and it asks first.
    press(&mut app, KeyCode::Char('q'));
    assert_eq!(app.overlay(), Some(&Overlay::ConfirmQuit));
    press(&mut app, KeyCode::Char('o'));
    assert!(app.should_quit());
}

#[test]
fn the_locked_and_hand_over_screens_are_guarded_too() {
    let dir = Scratch::new("locked");
    let mut app = app(dir.path(), Language::En);
    open_session(&mut app);
    press(&mut app, KeyCode::Esc); // console → locked
    assert_eq!(app.mode(), &Mode::Locked);
    ctrl(&mut app, 'c');
    assert!(matches!(app.overlay(), Some(Overlay::Gate { .. })));
    type_text(&mut app, PASSPHRASE);
    enter(&mut app);
    enter(&mut app); // hand over seat 0
    assert_eq!(app.mode(), &Mode::Handover { seat: 0 });
    press(&mut app, KeyCode::Char('q'));
    assert!(matches!(app.overlay(), Some(Overlay::Gate { .. })));
}

#[test]
fn a_full_ballot_by_keys_reaches_the_tally_with_exactly_those_grades() {
    // Open ballots: the ballot's line holds its grades (secret ones are
    // checked through receipts, tests/it/secret_ballot.rs).
    let dir = Scratch::new("ballot");
    let mut app = app_for(demo_open(), dir.path(), Language::Fr);
    open_session(&mut app);
    start_turn(&mut app);
    let order = turn(&app).order().to_vec();

    // Project 1: grades 1..5; cannot advance while one is missing.
    for g in ['1', '2', '3', '4'] {
        press(&mut app, KeyCode::Char(g));
    }
    enter(&mut app);
    assert_eq!(turn(&app).position(), 0, "blocked with a missing grade");
    assert!(matches!(app.notice(), Some(Notice::Error(m)) if m.contains("Il manque")));
    press(&mut app, KeyCode::Char('5'));
    enter(&mut app);
    // Project 2: a conflict of interest, confirmed.
    press(&mut app, KeyCode::Char('c'));
    assert_eq!(app.overlay(), Some(&Overlay::ConfirmConflict));
    press(&mut app, KeyCode::Char('o'));
    enter(&mut app);
    // Projects 3 and 4, then undo and change one grade.
    grade_project(&mut app, '7');
    enter(&mut app);
    grade_project(&mut app, '6');
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(turn(&app).grades()[3][4], None);
    press(&mut app, KeyCode::Char('2'));
    enter(&mut app);
    assert_eq!(turn(&app).stage(), Stage::Review);

    // Review: change the first cell directly, then confirm.
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Up);
    // The cursor is where grading stopped (the last criterion): ← moves to the fourth.
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Char('v'));
    assert_eq!(turn(&app).stage(), Stage::Confirm);
    press(&mut app, KeyCode::Char('o'));
    assert!(matches!(app.mode(), Mode::Receipt { code: Some(code) } if code.len() == 14));
    enter(&mut app);
    assert_eq!(app.mode(), &Mode::Locked);
    assert!(!app.has_draft(0));

    let entries = tally_entries(dir.path());
    let Some(Entry::BallotCast {
        seat,
        conflicts,
        grades,
        order: recorded_order,
        ..
    }) = entries.get(1)
    else {
        panic!("expected a ballot, found {entries:?}");
    };
    let b = demo().bundle;
    let id = |position: usize| b.projects[order[position]].id.clone();
    assert_eq!(seat, "J01");
    assert_eq!(recorded_order, &(0..4).map(id).collect::<Vec<_>>());
    assert_eq!(conflicts, &vec![id(1)]);
    assert_eq!(
        grades,
        &vec![
            (id(0), [0, 1, 2, 2, 4][..].into()),
            (id(2), [6, 6, 6, 6, 6][..].into()),
            (id(3), [5, 5, 5, 5, 1][..].into()),
        ]
    );
}

#[test]
fn confirmation_is_refused_while_a_grade_is_missing_and_says_where() {
    let dir = Scratch::new("missing");
    let mut app = app(dir.path(), Language::En);
    open_session(&mut app);
    start_turn(&mut app);
    for _ in 0..4 {
        grade_project(&mut app, '3');
        enter(&mut app);
    }
    // Remove one grade in the review, then try to confirm.
    press(&mut app, KeyCode::Up); // third project
    press(&mut app, KeyCode::Enter); // open it
    press(&mut app, KeyCode::Backspace);
    assert_eq!(turn(&app).stage(), Stage::Scoring);
    enter(&mut app); // blocked: missing here
    assert_eq!(turn(&app).stage(), Stage::Scoring);
    press(&mut app, KeyCode::Char('2'));
    enter(&mut app); // back to the review, not to the next project
    assert_eq!(turn(&app).stage(), Stage::Review);
    press(&mut app, KeyCode::Char('v'));
    assert_eq!(turn(&app).stage(), Stage::Confirm);
    press(&mut app, KeyCode::Esc); // Esc here only goes back
    assert_eq!(turn(&app).stage(), Stage::Review);
    assert!(app.overlay().is_none());
}

#[test]
fn a_seat_that_voted_cannot_vote_again_and_nothing_of_its_ballot_shows() {
    let dir = Scratch::new("privacy");
    let mut app = app(dir.path(), Language::En);
    open_session(&mut app);
    start_turn(&mut app);
    for _ in 0..4 {
        grade_project(&mut app, '1');
        enter(&mut app);
    }
    press(&mut app, KeyCode::Char('v'));
    press(&mut app, KeyCode::Char('y'));
    enter(&mut app);
    let locked = screen(&app, 120, 40);
    assert!(locked.contains("1 of 3 jurors has voted"));
    // Project names in both languages: the kiosk is in English.
    for secret in [
        "Excellent",
        "Carte des bancs",
        "Map of public benches",
        "Devoirs",
        "Homework",
        "J01",
        "Camille",
    ] {
        assert!(
            !locked.contains(secret),
            "{secret:?} visible after the turn:\n{locked}"
        );
    }
    // The facilitator cannot hand the kiosk to the same seat again.
    enter(&mut app);
    type_text(&mut app, PASSPHRASE);
    enter(&mut app);
    assert_eq!(
        app.mode(),
        &Mode::Console { selected: 1 },
        "the next waiting seat"
    );
    press(&mut app, KeyCode::Up);
    enter(&mut app);
    assert_eq!(app.mode(), &Mode::Console { selected: 0 });
    assert!(matches!(app.notice(), Some(Notice::Error(_))));
}

#[test]
fn an_interrupted_turn_resumes_exactly_where_it_was_after_reopening() {
    let dir = Scratch::new("resume");
    let (order, grades) = {
        let mut app = app(dir.path(), Language::Fr);
        open_session(&mut app);
        press(&mut app, KeyCode::Down); // seat J02
        start_turn(&mut app);
        grade_project(&mut app, '2');
        enter(&mut app);
        press(&mut app, KeyCode::Char('4'));
        press(&mut app, KeyCode::Char('5'));
        let t = turn(&app);
        (t.order().to_vec(), t.grades().to_vec())
        // The app is dropped here without any goodbye, as in a crash.
    };
    let mut app = app(dir.path(), Language::Fr);
    assert!(matches!(app.mode(), Mode::Unlock { .. }));
    type_text(&mut app, "wrong one");
    enter(&mut app);
    assert!(matches!(app.notice(), Some(Notice::Error(_))));
    type_text(&mut app, PASSPHRASE);
    enter(&mut app);
    assert_eq!(
        app.mode(),
        &Mode::Console { selected: 1 },
        "the interrupted seat is preselected"
    );
    enter(&mut app);
    enter(&mut app);
    let t = turn(&app);
    assert_eq!((t.seat(), t.position(), t.criterion()), (1, 1, 2));
    assert_eq!(t.order(), order);
    assert_eq!(t.grades(), grades);
}

/// A juror with paper notes enters and confirms 16 projects × 5 criteria in
/// at most 100 key presses (counted from the first project on screen).
#[test]
fn sixteen_projects_take_at_most_a_hundred_key_presses() {
    let dir = Scratch::new("keys");
    let mut source = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sessions/aic-2022.ron"
    ))
    .unwrap();
    // Keep 16 of the 17 projects: drop the last one.
    let last = source.rfind("        (\n            id:").unwrap();
    let end = source[last..].find("\n        ),\n").unwrap() + last + "\n        ),\n".len();
    source.replace_range(last..end, "");
    let bundle = jury::bundle::parse("aic-16.ron", source.as_bytes()).unwrap();
    assert_eq!(bundle.bundle.projects.len(), 16);
    let mut app = jury::tui::App::new(bundle, dir.path().join("s"), jury::tui::Theme::monochrome());
    open_session(&mut app);
    start_turn(&mut app);
    let mut presses = 0;
    let mut key = |app: &mut jury::tui::App, code: KeyCode| {
        presses += 1;
        press(app, code);
    };
    for _ in 0..16 {
        for g in ['2', '3', '1', '4', '2'] {
            key(&mut app, KeyCode::Char(g));
        }
        key(&mut app, KeyCode::Enter);
    }
    key(&mut app, KeyCode::Char('v'));
    key(&mut app, KeyCode::Char('o'));
    assert!(
        matches!(app.mode(), Mode::Receipt { .. }),
        "{:?}",
        app.notice()
    );
    assert!(presses <= 100, "{presses} key presses");
}

/// Clicking a grade in the legend gives it; clicking a criterion focuses it.
#[test]
fn mouse_clicks_on_the_screen_work() {
    use crossterm::event::{Event, MouseButton, MouseEvent, MouseEventKind};
    let dir = Scratch::new("mouse");
    let mut app = app(dir.path(), Language::En);
    open_session(&mut app);
    start_turn(&mut app);
    let click = |app: &mut jury::tui::App, column: u16, row: u16| {
        app.handle_event(&Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: crossterm::event::KeyModifiers::NONE,
        }));
    };
    // Find things where the screen draws them.
    let find = |app: &jury::tui::App, text: &str| -> (u16, u16) {
        let shown = screen(app, 80, 24);
        let (row, line) = shown
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains(text))
            .expect(text);
        let byte = line.find(text).unwrap();
        (line[..byte].chars().count() as u16, row as u16)
    };
    let (x, y) = find(&app, "Fairly good");
    click(&mut app, x + 2, y);
    assert_eq!(
        turn(&app).grades()[0][0],
        Some(3),
        "criterion 1 got 'Fairly good'"
    );
    let (x, y) = find(&app, "4. Openness");
    click(&mut app, x, y);
    assert_eq!(turn(&app).criterion(), 3);
    let (x, y) = find(&app, "Reject");
    click(&mut app, x, y);
    assert_eq!(turn(&app).grades()[0][3], Some(6));
    assert!(app.has_draft(0), "clicks are saved like keys");
}

#[test]
fn a_paste_is_one_input_in_a_passphrase_and_nothing_elsewhere() {
    use crossterm::event::{KeyEvent, KeyModifiers};
    let dir = Scratch::new("paste");
    let mut app = app(dir.path(), Language::En);
    // Pasted with a line break: one input, not a submission.
    app.handle_paste(&format!("{PASSPHRASE}\n"));
    assert!(matches!(
        app.mode(),
        Mode::Setup {
            confirming: false,
            ..
        }
    ));
    enter(&mut app);
    app.handle_paste(PASSPHRASE);
    enter(&mut app);
    assert!(
        matches!(app.mode(), Mode::Console { .. }),
        "{:?}",
        app.notice()
    );
    start_turn(&mut app);
    let before = turn(&app).clone();
    app.handle_paste("12345\n67q");
    assert_eq!(turn(&app), &before, "a paste changed the ballot");
    assert!(matches!(app.notice(), Some(Notice::Error(m)) if m.contains("Paste ignored")));
    for modifiers in [
        KeyModifiers::CONTROL,
        KeyModifiers::ALT,
        KeyModifiers::SUPER,
    ] {
        for digit in ['1', '4', '5'] {
            app.handle_key(KeyEvent::new(KeyCode::Char(digit), modifiers));
        }
    }
    assert_eq!(turn(&app), &before, "a modified digit graded");
    assert!(app.overlay().is_none());
    // Shift is how French keyboards type digits: it grades.
    app.handle_key(KeyEvent::new(KeyCode::Char('2'), KeyModifiers::SHIFT));
    assert_eq!(turn(&app).grades()[0][0], Some(1));
}

/// Wrong passphrases: three tries are free, then each try waits longer; the
/// wait holds at the exit gate and across a restart, and it is shown.
#[test]
fn guessing_the_passphrase_waits_longer_after_each_wrong_try() {
    let dir = Scratch::new("guessing");
    let mut app = app(dir.path(), Language::En);
    open_session(&mut app);
    drop(app);
    let mut app = common::app(dir.path(), Language::En);
    for _ in 0..3 {
        type_text(&mut app, "wrong guess");
        enter(&mut app);
        assert!(matches!(app.notice(), Some(Notice::Error(m)) if m.contains("Wrong")));
    }
    // Even the right passphrase must wait now.
    type_text(&mut app, PASSPHRASE);
    enter(&mut app);
    assert!(matches!(app.mode(), Mode::Unlock { .. }));
    assert!(
        matches!(app.notice(), Some(Notice::Error(m)) if m.contains("try again in")),
        "{:?}",
        app.notice()
    );
    assert!(screen(&app, 80, 24).contains("try again in"));
    drop(app);

    // A restart does not reset the count.
    let mut app = common::app(dir.path(), Language::En);
    type_text(&mut app, PASSPHRASE);
    enter(&mut app);
    assert!(matches!(app.mode(), Mode::Unlock { .. }));
    drop(app);

    // Once the wait is over (the last wrong try set back an hour), the right
    // passphrase opens, and the count starts again.
    let record = dir.path().join("session").join("passphrase-failures");
    let text = std::fs::read_to_string(&record).unwrap();
    let (count, when) = text.trim().split_once(' ').unwrap();
    let earlier = when.parse::<u64>().unwrap() - 3600;
    std::fs::write(&record, format!("{count} {earlier}\n")).unwrap();
    let mut app = common::app(dir.path(), Language::En);
    type_text(&mut app, PASSPHRASE);
    enter(&mut app);
    assert!(
        matches!(app.mode(), Mode::Console { .. }),
        "{:?}",
        app.notice()
    );
    assert!(!record.exists());

    // The exit gate counts too: a juror guessing gets the same waits.
    start_turn(&mut app);
    for _ in 0..4 {
        press(&mut app, KeyCode::Char('q'));
        type_text(&mut app, "nope nope");
        enter(&mut app);
        press(&mut app, KeyCode::Esc);
    }
    press(&mut app, KeyCode::Char('q'));
    type_text(&mut app, PASSPHRASE);
    enter(&mut app);
    assert!(
        matches!(app.mode(), Mode::Turn(_)),
        "the gate opened while waiting"
    );
    assert!(matches!(app.notice(), Some(Notice::Error(m)) if m.contains("try again in")));
}

/// One rule for the language key on every screen: F2 always, L wherever no
/// text is typed (the console included); the notice on screen follows.
#[test]
fn the_language_key_works_on_every_screen_and_the_notice_follows() {
    let dir = Scratch::new("language");
    let mut app = app(dir.path(), Language::Fr);
    open_session(&mut app);
    assert!(matches!(app.notice(), Some(Notice::Info(m)) if m.starts_with("Séance ouverte")));
    press(&mut app, KeyCode::Char('l'));
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("Facilitator's console"), "{shown}");
    assert!(
        matches!(app.notice(), Some(Notice::Info(m)) if m.starts_with("Session opened")),
        "{:?}",
        app.notice()
    );
    press(&mut app, KeyCode::F(2));
    assert!(screen(&app, 80, 24).contains("Console de l'animateur"));
    // In a typed reason, L is a letter; F2 still switches. (Two ballots:
    // the quorum a round needs to close; J03 waits, so a reason is asked.)
    cast_uniform(&mut app, '2');
    cast_uniform(&mut app, '3');
    press(&mut app, KeyCode::Char('f'));
    assert!(matches!(app.overlay(), Some(Overlay::Reason { .. })));
    press(&mut app, KeyCode::Char('L'));
    assert!(screen(&app, 80, 24).contains("Console de l'animateur"));
    press(&mut app, KeyCode::F(2));
    assert!(matches!(app.overlay(), Some(Overlay::Reason { .. })));
    assert!(screen(&app, 80, 24).contains("Facilitator's console"));
}

/// `?` is a character of a passphrase; F1 opens the help there, and the
/// footer says F1, not `?`.
#[test]
fn f1_opens_help_where_the_question_mark_is_typed() {
    let dir = Scratch::new("f1");
    let mut app = app(dir.path(), Language::En);
    let footer = screen(&app, 80, 24);
    assert!(
        footer.contains("F1  help") && !footer.contains("?  help"),
        "{footer}"
    );
    press(&mut app, KeyCode::Char('?'));
    assert!(app.overlay().is_none(), "? went into the passphrase");
    assert!(screen(&app, 80, 24).contains("•"));
    press(&mut app, KeyCode::F(1));
    assert_eq!(app.overlay(), Some(&Overlay::Help));
}

/// Issue 13, item 12: the turn in lines names the projects and reads their
/// description (D) in the kiosk's language, as the screen does.
#[test]
fn the_turn_in_lines_reads_the_projects_in_the_kiosk_language() {
    for (language, code) in [(Language::En, "en"), (Language::Fr, "fr")] {
        let dir = Scratch::new(&format!("lines-{code}"));
        let mut app = app(dir.path(), language);
        open_session(&mut app);
        // Without a voice, the console warns once, then V again starts.
        press(&mut app, KeyCode::Char('v'));
        if !matches!(app.mode(), Mode::Turn(_)) {
            press(&mut app, KeyCode::Char('v'));
        }
        enter(&mut app);
        press(&mut app, KeyCode::Char('d'));
        let (lines, _, _) = app.take_lines().expect("lines said");
        let project = &demo().bundle.projects[turn(&app).project()];
        let (mine, theirs) = (
            project.text(code),
            project.text(if code == "en" { "fr" } else { "en" }),
        );
        let said = lines.join("\n");
        let prompt = lines
            .iter()
            .find(|l| l.contains("Project 1 of 4") || l.contains("Projet 1 sur 4"))
            .unwrap_or_else(|| panic!("{code}: the project's prompt in {said}"));
        assert!(prompt.contains(mine.name), "{code}: {prompt}");
        let description = lines.last().unwrap();
        for part in [mine.name, mine.aim, mine.proposal, mine.complements] {
            assert!(
                description.contains(part),
                "{code}: {part:?} in {description}"
            );
        }
        assert!(
            !said.contains(theirs.name) && !said.contains(theirs.aim),
            "{code}: {said}"
        );
    }
}

/// The welcome page says exactly what each kind of ballot keeps secret:
/// secret by default, an open (roll-call) vote said plainly.
#[test]
fn the_welcome_page_says_which_ballot_it_is() {
    let dir = Scratch::new("welcome-ballots");
    let mut secret = app(dir.path(), Language::En);
    open_session(&mut secret);
    enter(&mut secret);
    enter(&mut secret);
    let shown = screen(&secret, 80, 24);
    assert!(shown.contains("Secret vote"), "{shown}");
    assert!(!shown.contains("Open vote"), "{shown}");
    let dir = Scratch::new("welcome-open");
    let mut open = app_for(demo_open(), dir.path(), Language::En);
    open_session(&mut open);
    enter(&mut open);
    enter(&mut open);
    let shown = screen(&open, 80, 24);
    assert!(shown.contains("Open vote"), "{shown}");
    assert!(shown.contains("published with your seat"), "{shown}");
    assert!(!shown.contains("Secret vote"), "{shown}");
}

/// A dialog's "yes" is O or Y alone (or with Shift): Alt-y or Ctrl-o,
/// which a stray chord can send, answer no.
#[test]
fn a_dialog_takes_no_yes_from_a_modified_key() {
    use crossterm::event::{KeyEvent, KeyModifiers};
    let dir = Scratch::new("dialog-yes");
    let mut app = app(dir.path(), Language::En);
    open_session(&mut app);
    for modifiers in [KeyModifiers::ALT, KeyModifiers::CONTROL] {
        for c in ['y', 'o'] {
            press(&mut app, KeyCode::Char('q'));
            assert_eq!(app.overlay(), Some(&Overlay::ConfirmQuit));
            app.handle_key(KeyEvent::new(KeyCode::Char(c), modifiers));
            assert!(!app.should_quit(), "{modifiers:?}-{c} quit the kiosk");
        }
    }
    press(&mut app, KeyCode::Char('q'));
    app.handle_key(KeyEvent::new(KeyCode::Char('Y'), KeyModifiers::SHIFT));
    assert!(app.should_quit());
}

/// Issue 20, item 6: a draft that does not open (one byte changed, cut
/// short, another seat's copy) was announced as "you will continue where
/// you left off", then the turn started empty without a word. The console,
/// the handover screen and the juror's first screen now say what happened,
/// in French and in English.
#[test]
fn a_draft_that_does_not_open_is_announced_truthfully() {
    type Damage = fn(&std::path::Path, &std::path::Path);
    let damages: [(&str, Damage); 3] = [
        ("a byte changed", |d, _| {
            let mut bytes = std::fs::read(d).unwrap();
            let last = bytes.len() - 1;
            bytes[last] ^= 1;
            std::fs::write(d, bytes).unwrap();
        }),
        ("cut short", |d, _| {
            let bytes = std::fs::read(d).unwrap();
            std::fs::write(d, &bytes[..bytes.len() / 2]).unwrap();
        }),
        ("another seat's copy", |d, other| {
            std::fs::rename(other, d).unwrap()
        }),
    ];
    for (language, console, handover, first) in [
        (
            Language::Fr,
            "brouillon illisible",
            "Votre tour avait été interrompu, mais",
            "n'a pas pu être repris",
        ),
        (
            Language::En,
            "draft unreadable",
            "but what was kept of it",
            "could not be resumed",
        ),
    ] {
        // Every damage in French; one in English (each run opens a session).
        let count = if language == Language::Fr { 3 } else { 1 };
        for &(what, damage) in &damages[..count] {
            let dir = Scratch::new("draft-damaged");
            let folder = dir.path().join("session");
            let mut app = common::app(dir.path(), language);
            open_session(&mut app);
            // J02 then J01 start their turns and leave them as drafts.
            for seat in [1, 0] {
                if seat == 1 {
                    press(&mut app, KeyCode::Down);
                }
                start_turn(&mut app);
                press(&mut app, KeyCode::Char('2'));
                press(&mut app, KeyCode::Char('q'));
                type_text(&mut app, PASSPHRASE);
                enter(&mut app);
                if seat == 1 {
                    press(&mut app, KeyCode::Up);
                }
            }
            assert!(app.has_draft(0) && app.has_draft(1));
            let seats = &demo().bundle.jurors;
            let draft = jury::kiosk::draft_path(&folder, &seats[0].seat);
            let other = jury::kiosk::draft_path(&folder, &seats[1].seat);
            drop(app);
            damage(&draft, &other);

            let mut app = common::app(dir.path(), language);
            type_text(&mut app, PASSPHRASE);
            enter(&mut app);
            assert!(
                matches!(app.mode(), Mode::Console { selected: 0 }),
                "{what}"
            );
            assert!(
                screen(&app, 100, 30).contains(console),
                "{what}: {}",
                screen(&app, 100, 30)
            );
            if what == "cut short" {
                // The turn in lines says it as its first line (V twice:
                // the first only warns that there is no voice here).
                press(&mut app, KeyCode::Char('v'));
                press(&mut app, KeyCode::Char('v'));
                let (lines, _, _) = app.take_lines().expect("lines said");
                assert!(lines[0].contains(first), "{what}: {lines:?}");
                continue;
            }
            enter(&mut app); // hand over J01
            let text = screen(&app, 80, 24);
            assert!(text.contains(handover), "{what}: {text}");
            assert!(
                !text.contains(if language == Language::Fr {
                    "là où vous en étiez"
                } else {
                    "where you left off"
                }),
                "{what}: {text}"
            );
            enter(&mut app); // J01 begins
            let text = screen(&app, 80, 24);
            assert!(text.contains(first), "{what}: {text}");
            assert!(
                turn(&app).grades()[0].iter().all(Option::is_none),
                "{what}: a fresh turn"
            );
            if std::env::var_os("JURY_SHOW_SCREENS").is_some() {
                println!("{text}");
            }
        }
    }
}
