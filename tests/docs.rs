//! The documents' examples are real: regenerated here and compared.

#[path = "../examples/worked_tally.rs"]
mod example;

use example::worked_tally;
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
