//! The documents' examples are real: regenerated here and compared.

use jury::bundle::demo;
use jury::session::{Session, SessionSeed};
use jury::signing::SessionKey;
use jury::tally::{line_hash, parse_line};

fn doc(name: &str) -> String {
    std::fs::read_to_string(format!("{}/docs/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The first ``` block after `heading`.
fn block_after(text: &str, heading: &str) -> String {
    let start = text.find(heading).expect("heading present");
    let rest = &text[start..];
    let open = rest.find("```\n").expect("a code block") + 4;
    let close = rest[open..].find("```").unwrap();
    rest[open..open + close].to_owned()
}

/// Same steps as `examples/worked_tally.rs`.
fn worked_tally() -> String {
    jury::tally::freeze_clock_for_tests("2026-11-22T09:30:00Z");
    let dir = std::env::temp_dir().join(format!("jury-doc-{}", std::process::id()));
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
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    text
}

#[test]
fn tally_format_worked_example_is_what_the_program_writes() {
    let page = doc("TALLY-FORMAT.md");
    let example = block_after(&page, "## Worked example");
    assert_eq!(example, worked_tally());
    // Every hash the page states is the real one.
    let lines: Vec<&str> = example.lines().collect();
    for line in &lines {
        let hash = line_hash(line.as_bytes()).hex();
        assert!(page.contains(&hash), "the page should state {hash}");
        assert!(parse_line(line.as_bytes()).is_ok());
    }
    let receipt = jury::tui::receipt_code(&line_hash(lines[2].as_bytes()));
    assert!(page.contains(&receipt), "receipt {receipt}");
}

#[test]
fn results_canonical_text_example_is_exact() {
    let page = doc("RESULTS.md");
    let example = block_after(&page, "Example (two projects");
    assert!(example.starts_with("jury-results@v1\nmethod majority_judgment\ncutoff 2\n"));
    assert!(example.contains("1 p0 0,0,1,2,1 1\n2 p1 0,0,0,0,0 -\n"));
}
