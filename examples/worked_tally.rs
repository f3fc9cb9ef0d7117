//! Prints the worked examples of docs/TALLY-FORMAT.md: tiny sessions on the
//! demo bundle with a fixed key, seed and clock, so the hashes are real and
//! reproducible: `cargo run --example worked_tally` for open ballots
//! (format 1), `cargo run --example worked_tally -- secret` for secret ones
//! (format 3). `tests/it/docs.rs` runs the same functions and compares their
//! output with the page.
use jury::bundle::{BundleFile, DEMO_SOURCE, parse};
use jury::session::{Session, SessionSeed};
use jury::signing::SessionKey;

/// The demo bundle; with `ballots: Open` added for the open example.
fn demo(open: bool) -> BundleFile {
    let source = if open {
        DEMO_SOURCE.replacen("\n(\n", "\n(\n    ballots: Open,\n", 1)
    } else {
        DEMO_SOURCE.to_owned()
    };
    parse("sessions/demo.ron", source.as_bytes()).expect("the demo is valid")
}

fn session(name: &str, open: bool) -> (Session, std::path::PathBuf) {
    jury::tally::freeze_clock_for_tests("2026-11-22T09:30:00Z");
    let dir = std::env::temp_dir().join(format!("jury-worked-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("tally.jury");
    let key = SessionKey::from_seed(&[1; 32], "example");
    let seed = SessionSeed {
        session_id: [0x11; 16],
        seed: [0x22; 32],
    };
    (Session::create(&path, demo(open), key, &seed).unwrap(), dir)
}

fn finish(session: Session, dir: std::path::PathBuf) -> String {
    let path = session.path().to_owned();
    drop(session);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    text
}

/// Open ballots: J02 absent, then J01's ballot with a conflict on the last
/// project shown.
pub fn worked_tally() -> String {
    let (mut session, dir) = session("open", true);
    session.mark_absent(1).unwrap();
    let order = session.state().order_for(&session.bundle.bundle, 0);
    let grades: Vec<Option<Vec<u8>>> = (0..4).map(|p| Some(vec![p as u8; 5])).collect();
    session.cast_ballot(0, &[order[3]], &grades).unwrap();
    finish(session, dir)
}

/// Secret ballots: J02 absent, J01's ballot (a conflict on the first
/// project), J03's, and the round closed: its counts published.
pub fn worked_secret_tally() -> String {
    let (mut session, dir) = session("secret", false);
    session.mark_absent(1).unwrap();
    let grades = |g: u8| -> Vec<Option<Vec<u8>>> {
        (0..4)
            .map(|p| Some((0..5).map(|c| (g + p as u8 + c % 2).min(5)).collect()))
            .collect()
    };
    session.cast_ballot(0, &[0], &grades(0)).unwrap();
    session.cast_ballot(2, &[], &grades(2)).unwrap();
    session.close_round(None).unwrap();
    finish(session, dir)
}

#[allow(dead_code)] // tests/it/docs.rs includes this file for the functions only
fn main() {
    if std::env::args().nth(1).as_deref() == Some("secret") {
        print!("{}", worked_secret_tally());
    } else {
        print!("{}", worked_tally());
    }
}
