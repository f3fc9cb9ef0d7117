//! The documents' examples are real: regenerated here and compared.

#[path = "../../examples/worked_tally.rs"]
mod example;

use std::sync::OnceLock;

use jury::tally::{line_hash, parse_line};

/// The worked example, made once: it writes in a folder named after the
/// process, so two tests must not make it at the same time.
fn worked_tally() -> &'static str {
    static TALLY: OnceLock<String> = OnceLock::new();
    TALLY.get_or_init(example::worked_tally)
}
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
    let receipt = jury::session::Receipt::Line(line_hash(lines[2].as_bytes()))
        .display()
        .unwrap();
    assert!(page.contains(&receipt), "receipt {receipt}");
}

#[test]
fn tally_format_secret_worked_example_is_what_the_program_writes() {
    let page = doc("TALLY-FORMAT.md");
    let example = block_after(&page, "## Worked example, secret ballots");
    assert_eq!(example, example::worked_secret_tally());
    // What the page says of it: the close and its counts in one write, the
    // project below the quorum left out, the first row it quotes.
    let lines: Vec<&str> = example.lines().collect();
    let counts = lines.last().unwrap();
    assert!(lines[lines.len() - 2].contains("RoundClosed(round:1"));
    assert!(counts.contains("CountsPublished(round:1,counts:[(\"aide-devoirs\",[[0,1,0,1,0,0,0],"));
    assert!(!counts.contains("bancs-publics"));
    // The format 2 tag the page derives is the one its vector publishes.
    let vector = std::fs::read_to_string(
        env!("CARGO_MANIFEST_DIR").to_owned() + "/tests/vectors/tallies/valid-secret-ballots.jury",
    )
    .unwrap();
    let code = jury::session::ReceiptCode::parse("1111-1111-1111-1111").unwrap();
    let tag = code.tag("5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e", 1, "p-a");
    assert!(page.contains(&format!("assert tag == \"{tag}\"")));
    assert!(vector.contains(&format!("(\"{tag}\",[0,0])")), "{tag}");
}

#[test]
fn results_canonical_text_example_is_exact() {
    let page = doc("RESULTS.md");
    let example = block_after(&page, "Example (two projects");
    assert!(example.starts_with("jury-results@v1\nmethod majority_judgment\ncutoff 2\n"));
    assert!(example.contains("1 p0 0,0,1,2,1 1\n2 p1 0,0,0,0,0 -\n"));
}

/// Every ```` ```lang ```` block of a page, in order.
fn blocks<'a>(text: &'a str, lang: &str) -> Vec<&'a str> {
    let open = format!("```{lang}\n");
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(&open) {
        let body = &rest[start + open.len()..];
        let end = body.find("\n```").expect("a closed block");
        out.push(&body[..=end]);
        rest = &body[end..];
    }
    out
}

/// Issue 10, item 9: the Python the pages show runs (python3, as on CI),
/// the worked example's beside the worked tally.
#[test]
fn every_python_block_of_the_docs_runs() {
    let dir = std::env::temp_dir().join(format!("jury-docs-python-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("tally.jury"), worked_tally()).unwrap();
    let mut ran = 0;
    for page in [
        "TALLY-FORMAT.md",
        "RESULTS.md",
        "BUNDLE-FORMAT.md",
        "PERFORMANCE.md",
    ] {
        for block in blocks(&doc(page), "python") {
            let out = std::process::Command::new("python3")
                .arg("-c")
                .arg(block)
                .current_dir(&dir)
                .output()
                .expect("python3 is installed");
            assert!(
                out.status.success(),
                "{page}: this block does not run:\n{block}\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
            ran += 1;
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(ran >= 2, "the two blocks of TALLY-FORMAT.md");
}

/// Issue 10, item 7: lines are counted from 1 everywhere.
#[test]
fn no_page_counts_tally_lines_from_zero() {
    for page in ["TALLY-FORMAT.md", "RESULTS.md", "BUNDLE-FORMAT.md"] {
        let text = doc(page).to_lowercase();
        assert!(!text.contains("line 0"), "{page} says \"line 0\"");
    }
    assert!(doc("TALLY-FORMAT.md").contains("**Lines are numbered from 1**"));
}
