//! Prints the worked example of docs/TALLY-FORMAT.md: a tiny session on the
//! demo bundle with a fixed key, seed and clock, so the hashes are real and
//! reproducible. `cargo run --example worked_tally`
use jury::bundle::demo;
use jury::session::{Session, SessionSeed};
use jury::signing::SessionKey;

fn main() {
    jury::tally::freeze_clock_for_tests("2026-11-22T09:30:00Z");
    let dir = std::env::temp_dir().join(format!("jury-worked-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("tally.jury");
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
    print!("{}", std::fs::read_to_string(&path).unwrap());
    std::fs::remove_dir_all(&dir).unwrap();
}
