//! `cargo bench`: what users feel, each next to a floor measured in the same
//! run. Inputs are generated from fixed seeds (see docs/PERFORMANCE.md).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use divan::{Bencher, black_box};
use jury::bundle::{self, BundleFile};
use jury::session::Session;
use jury::signing::SessionKey;
use jury::simulate::{Rehearsal, rehearse, session_seed};
use jury::tally::{Entry, GradeRow};
use jury::tui::{App, KEY_FILE, Mode, TALLY_FILE, Theme};
use jury::turn::Stage;
use jury::verify::{Expectations, verify_bytes};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() {
    divan::main();
}

const PASSPHRASE: &str = "benchmark";

/// A prepared session: bundle, sealed tally on disk with its encrypted key.
struct Fixture {
    bundle: BundleFile,
    folder: PathBuf,
    tally: Vec<u8>,
}

fn fixture(name: &str, source: String, absent: usize) -> Fixture {
    let bundle = bundle::parse(name, source.as_bytes()).expect("valid bundle");
    // A fixed name, cleared first: runs do not pile up folders.
    let folder = std::env::temp_dir().join(format!("jury-bench-{name}"));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    let key = SessionKey::generate("bench");
    std::fs::write(
        folder.join(KEY_FILE),
        key.to_encrypted_openssh(PASSPHRASE).unwrap(),
    )
    .unwrap();
    let options = Rehearsal {
        seed: 1,
        absent,
        conflicts: 0.02,
    };
    let mut session = Session::create(
        &folder.join(TALLY_FILE),
        bundle.clone(),
        key,
        &session_seed(1),
    )
    .unwrap();
    rehearse(&mut session, options).unwrap();
    drop(session);
    let tally = std::fs::read(folder.join(TALLY_FILE)).unwrap();
    Fixture {
        bundle,
        folder,
        tally,
    }
}

/// The 2022 jury: 15 seats, its real shortlist (or the demo if absent).
fn small() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let source = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sessions/aic-2022.ron"
        ))
        .unwrap_or_else(|_| bundle::DEMO_SOURCE.to_owned());
        fixture("aic-2022", source, 1)
    })
}

/// A citizens' convention: 150 jurors grading all 187 applications.
fn large() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        fixture(
            "synthetic-150x187",
            jury::synth::synth_bundle(150, 187, 1),
            5,
        )
    })
}

fn fixtures() -> [(&'static str, &'static Fixture); 2] {
    [("aic-2022", small()), ("150x187", large())]
}

#[divan::bench(args = ["aic-2022", "150x187"])]
fn load_bundle(bencher: Bencher, which: &str) {
    let source = match which {
        "aic-2022" => std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sessions/aic-2022.ron"
        ))
        .unwrap_or_else(|_| bundle::DEMO_SOURCE.as_bytes().to_vec()),
        _ => jury::synth::synth_bundle(150, 187, 1).into_bytes(),
    };
    bencher.bench(|| bundle::parse("bench", black_box(&source)).unwrap());
}

#[divan::bench(args = ["aic-2022", "150x187"])]
fn verify_tally(bencher: Bencher, which: &str) {
    let f = fixtures().into_iter().find(|(n, _)| *n == which).unwrap().1;
    let expect = Expectations {
        bundle: Some(&f.bundle),
        ..Expectations::default()
    };
    bencher.bench(|| verify_bytes("bench", black_box(&f.tally), &expect, None));
}

/// Floor for `verify_tally`: SHA-256 of the same bytes, in process.
#[divan::bench(args = ["aic-2022", "150x187"])]
fn floor_sha256(bencher: Bencher, which: &str) {
    let f = fixtures().into_iter().find(|(n, _)| *n == which).unwrap().1;
    bencher.bench(|| jury::digest::Digest::of(black_box(&f.tally)));
}

/// Reopening a session: lock, read, check every line, replay the rules.
#[divan::bench(args = ["aic-2022", "150x187"])]
fn replay_session(bencher: Bencher, which: &str) {
    let f = fixtures().into_iter().find(|(n, _)| *n == which).unwrap().1;
    let key_pem = std::fs::read_to_string(f.folder.join(KEY_FILE)).unwrap();
    // Decrypting the key (bcrypt) is the facilitator's unlock, not the replay: outside the timing.
    bencher
        .with_inputs(|| SessionKey::from_openssh(&key_pem, Some(PASSPHRASE)).unwrap())
        .bench_values(|k| {
            Session::resume(&f.folder.join(TALLY_FILE), f.bundle.clone(), k).unwrap()
        });
}

#[divan::bench(args = ["aic-2022", "150x187"])]
fn compute_results(bencher: Bencher, which: &str) {
    let f = fixtures().into_iter().find(|(n, _)| *n == which).unwrap().1;
    let key = SessionKey::read_file(&f.folder.join(KEY_FILE), Some(PASSPHRASE)).unwrap();
    let (session, _) = Session::resume(&f.folder.join(TALLY_FILE), f.bundle.clone(), key).unwrap();
    let counts = session.state().grade_counts(&f.bundle.bundle);
    bencher.bench(|| jury::results::compute(&f.bundle.bundle, black_box(&counts)));
}

/// Folding every ballot into grade counts (what results are computed from).
#[divan::bench(args = ["aic-2022", "150x187"])]
fn grade_counts(bencher: Bencher, which: &str) {
    let f = fixtures().into_iter().find(|(n, _)| *n == which).unwrap().1;
    let key = SessionKey::read_file(&f.folder.join(KEY_FILE), Some(PASSPHRASE)).unwrap();
    let (session, _) = Session::resume(&f.folder.join(TALLY_FILE), f.bundle.clone(), key).unwrap();
    bencher.bench_local(|| session.state().grade_counts(black_box(&f.bundle.bundle)));
}

/// One durable append (sign, write, fsync) of a ballot-sized entry…
#[divan::bench]
fn append_entry(bencher: Bencher) {
    let f = large();
    let dir = f.folder.join("append");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("t.jury");
    let key = SessionKey::generate("bench");
    let file = jury::tally::create_file(&path).unwrap();
    let mut writer =
        jury::tally::TallyWriter::new(file, &path, 0, 0, jury::digest::Digest([0; 32]));
    let entry = ballot_entry(&f.bundle);
    bencher.bench_local(|| {
        let prepared = writer.prepare(&entry, "2026-11-22T10:00:00Z", key.entry_signer());
        writer.commit(prepared).unwrap()
    });
}

/// …against its floor: a bare `write` + `fsync` of the same number of bytes.
#[divan::bench]
fn floor_write_fsync(bencher: Bencher) {
    let f = large();
    let path = f.folder.join("floor.bin");
    let mut file = std::fs::File::create(&path).unwrap();
    let key = SessionKey::generate("bench");
    let line = jury::tally::build_line(
        1,
        &jury::digest::Digest([0; 32]),
        "2026-11-22T10:00:00Z",
        &ballot_entry(&f.bundle),
        key.entry_signer(),
    );
    let bytes = format!("{line}\n").into_bytes();
    bencher.bench_local(|| {
        file.write_all(&bytes).unwrap();
        file.sync_data().unwrap();
    });
}

fn ballot_entry(bundle: &BundleFile) -> Entry {
    let b = &bundle.bundle;
    Entry::BallotCast {
        seat: b.jurors[0].seat.clone(),
        round: 1,
        order: b.projects.iter().map(|p| p.id.clone()).collect(),
        conflicts: vec![],
        grades: b
            .projects
            .iter()
            .map(|p| (p.id.clone(), GradeRow::from_elem(3, b.criteria.len())))
            .collect(),
    }
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// The large session unlocked by the facilitator: on the console.
fn unlocked(folder: &Path) -> App {
    let f = large();
    let mut app = App::new(f.bundle.clone(), folder.to_owned(), Theme::default_colors());
    // The key file is the session's own: the passphrase decrypts it.
    type_text(&mut app, PASSPHRASE);
    key(&mut app, KeyCode::Enter);
    app
}

/// The busiest juror screen: scoring, long project card, grades given.
fn scoring_app() -> App {
    let f = large();
    let folder = f.folder.join("kiosk");
    let _ = std::fs::remove_dir_all(&folder);
    let mut app = App::new(f.bundle.clone(), folder, Theme::default_colors());
    for _ in 0..2 {
        type_text(&mut app, PASSPHRASE);
        key(&mut app, KeyCode::Enter);
    }
    for _ in 0..5 {
        key(&mut app, KeyCode::Enter);
    }
    type_text(&mut app, "123");
    app
}

fn draw(bencher: Bencher, app: &App, (w, h): (u16, u16)) {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    bencher.bench_local(|| {
        terminal
            .draw(|frame| app.render(frame))
            .map(|_| ())
            .unwrap()
    });
}

#[divan::bench(args = [(80, 24), (200, 60)])]
fn render_scoring(bencher: Bencher, size: (u16, u16)) {
    let app = scoring_app();
    draw(bencher, &app, size);
}

/// The review grid of a juror who graded all 187 projects: the busiest
/// juror screen by rows.
fn review_app() -> App {
    let mut app = scoring_app();
    type_text(&mut app, "45");
    key(&mut app, KeyCode::Enter);
    for _ in 1..large().bundle.bundle.projects.len() {
        type_text(&mut app, "12345");
        key(&mut app, KeyCode::Enter);
    }
    match app.mode() {
        Mode::Turn(turn) if turn.stage() == Stage::Review => app,
        _ => panic!("expected the review grid after grading every project"),
    }
}

#[divan::bench(args = [(80, 24), (200, 60)])]
fn render_review(bencher: Bencher, size: (u16, u16)) {
    let app = review_app();
    draw(bencher, &app, size);
}

/// The facilitator's console with 150 seats.
#[divan::bench(args = [(80, 24), (200, 60)])]
fn render_console(bencher: Bencher, size: (u16, u16)) {
    let app = unlocked(&large().folder);
    assert!(matches!(app.mode(), Mode::Console { .. }));
    draw(bencher, &app, size);
}

#[divan::bench(args = [(80, 24), (200, 60)])]
fn render_results(bencher: Bencher, size: (u16, u16)) {
    let mut app = unlocked(&large().folder);
    key(&mut app, KeyCode::Enter); // sealed session: Enter opens the results
    draw(bencher, &app, size);
}

/// Launch to first frame, minus the terminal: read and validate the
/// bundle, find the session, draw the unlock screen (the tally is replayed
/// only once the facilitator has typed the passphrase).
#[divan::bench(args = ["aic-2022", "150x187"])]
fn launch_to_first_frame(bencher: Bencher, which: &str) {
    let f = fixtures().into_iter().find(|(n, _)| *n == which).unwrap().1;
    let path = f.folder.join("bundle.ron");
    std::fs::write(&path, synth_or_real(which)).unwrap();
    bencher.bench_local(|| {
        let file = bundle::load(&path).unwrap();
        let app = App::new(file, f.folder.clone(), Theme::default_colors());
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal.draw(|frame| app.render(frame)).unwrap();
    });
}

/// Unlocking: decrypt the key (bcrypt, deliberately slow), replay the
/// tally, draw the console.
#[divan::bench(args = ["aic-2022", "150x187"], sample_count = 10, sample_size = 1)]
fn unlock_to_console(bencher: Bencher, which: &str) {
    let f = fixtures().into_iter().find(|(n, _)| *n == which).unwrap().1;
    bencher.bench_local(|| {
        let mut app = App::new(f.bundle.clone(), f.folder.clone(), Theme::default_colors());
        type_text(&mut app, PASSPHRASE);
        key(&mut app, KeyCode::Enter);
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal.draw(|frame| app.render(frame)).unwrap();
    });
}

fn synth_or_real(which: &str) -> Vec<u8> {
    match which {
        "aic-2022" => std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sessions/aic-2022.ron"
        ))
        .unwrap_or_else(|_| bundle::DEMO_SOURCE.as_bytes().to_vec()),
        _ => jury::synth::synth_bundle(150, 187, 1).into_bytes(),
    }
}

/// Closing a secret round of 150 jurors on 187 projects: the box opened
/// (150 records), the grades counted, the close and its `CountsPublished`
/// signed and written in one write + fsync, the box destroyed. What the
/// facilitator waits for after pressing F.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn close_secret_round(bencher: Bencher) {
    let f = large();
    let mut n = 0;
    bencher
        .with_inputs(|| {
            n += 1;
            round_to_close(f, &format!("close-{n}"), n)
        })
        .bench_local_values(|mut s: Session| s.close_round(None).unwrap());
}

/// A secret round of the large bundle with every seat's ballot cast.
fn round_to_close(f: &Fixture, name: &str, n: u64) -> Session {
    let b = &f.bundle.bundle;
    let dir = f.folder.join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let key = SessionKey::generate("bench");
    let mut s = Session::create(
        &dir.join(TALLY_FILE),
        f.bundle.clone(),
        key,
        &session_seed(n),
    )
    .unwrap();
    for seat in 0..b.jurors.len() {
        let grades: Vec<Option<Vec<u8>>> = (0..b.projects.len())
            .map(|p| Some(vec![((p + seat) % b.grades.len()) as u8; b.criteria.len()]))
            .collect();
        s.cast_ballot(seat, &[], &grades).unwrap();
    }
    s
}

/// The bytes a close of `round_to_close` appends to the tally.
fn closing_bytes(f: &Fixture) -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let mut s = round_to_close(f, "close-floor", 0);
        let before = std::fs::metadata(s.path()).unwrap().len() as usize;
        s.close_round(None).unwrap();
        std::fs::read(s.path()).unwrap()[before..].to_vec()
    })
}

/// …against its floor: a bare `write` + `fsync` of the same bytes (the close
/// and its counts, as that close wrote them).
#[divan::bench(sample_count = 5, sample_size = 1)]
fn floor_publish_write_fsync(bencher: Bencher) {
    let f = large();
    let bytes = closing_bytes(f);
    let path = f.folder.join("floor-publish.bin");
    bencher.bench_local(|| {
        let mut file = std::fs::File::create(&path).unwrap();
        file.write_all(bytes).unwrap();
        file.sync_data().unwrap();
    });
}
