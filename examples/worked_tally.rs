//! Prints the worked example of docs/TALLY-FORMAT.md: a tiny session on the
//! demo bundle with a fixed key, seed and clock, so the hashes are real and
//! reproducible. `cargo run --example worked_tally`. `tests/docs.rs` runs the
//! same function and compares its output with the page.
use jury::bundle::demo;
use jury::session::{Session, SessionSeed};
use jury::signing::SessionKey;

/// J02 absent, then J01's ballot with a conflict on the last project shown.
pub fn worked_tally() -> String {
    jury::tally::freeze_clock_for_tests("2026-11-22T09:30:00Z");
    let dir = std::env::temp_dir().join(format!("jury-worked-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("tally.jury");
    let _ = std::fs::remove_file(&path);
    let key = SessionKey::from_seed(&[1; 32], "example");
    let seed = SessionSeed {
        session_id: [0x11; 16],
        seed: [0x22; 32],
    };
    let mut session = Session::create(&path, demo(), key, &seed).unwrap();
    session.mark_absent(1).unwrap();
    let order = session.state().order_for(&demo().bundle, 0);
    let grades: Vec<Option<Vec<u8>>> = (0..4).map(|p| Some(vec![p as u8; 5])).collect();
    session.cast_ballot(0, &[order[3]], &grades).unwrap();
    drop(session);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    text
}

#[allow(dead_code)] // tests/docs.rs includes this file for `worked_tally` only
fn main() {
    print!("{}", worked_tally());
}
