//! Reading a bundle: RON syntax and shape errors with file:line:column, the
//! size limit, the encoding (UTF-8, BOM, CRLF), and files that cannot be read.

use crate::common::bundle_text::*;
use jury::bundle::{self, BundleError, MAX_BUNDLE_BYTES};
use jury::digest::Digest;

/// [`BASE`] with `to` in place of `from`; the error is expected at the first
/// `at` of the result.
fn assert_syntax_at(from: &str, to: &str, at: &str, words: &[&str]) {
    let text = edit(from, to);
    let (line, column) = position(&text, at);
    assert_syntax(&text, line, column, words);
}

#[test]
fn syntax_errors_give_line_and_column() {
    assert_syntax_at(r#""Base","#, r#""Base" oops,"#, "oops", &["Expected comma"]);
    // Columns count characters, not bytes: "Zéro" is 4 wide.
    assert_syntax_at(r#""Zéro","#, r#""Zéro" oops,"#, "oops", &["Expected comma"]);
    assert_syntax_at(
        "    ],\n)",
        "    ],\n)extra",
        "extra",
        &["trailing characters"],
    );
    assert_syntax("", 1, 1, &["Expected opening `(`", "Bundle"]);
    assert_syntax("(\n  title: \"open", 2, 10, &["string"]);
}

#[test]
fn unknown_fields_are_refused_with_the_list_of_known_ones() {
    let cases: [(&str, &str, &str, &[&str]); 5] = [
        (
            r#"title: "Base","#,
            r#"title: "Base", colour: 1,"#,
            "colour",
            &[
                "`colour`",
                "`Bundle`",
                "`title`",
                "`max_laureates`",
                "`signer`",
            ],
        ),
        (
            r#"id: "c1","#,
            r#"id: "c1", poids: 2,"#,
            "poids",
            &[
                "`poids`",
                "`Criterion`",
                "`label`",
                "`weight`",
                "`translations`",
            ],
        ),
        (
            r#"label: "Bien","#,
            r#"label: "Bien", note: 1,"#,
            "note",
            &[
                "`note`",
                "`Grade`",
                "`label`",
                "`meaning`",
                "`translations`",
            ],
        ),
        (
            r#"(seat: "J02")"#,
            r#"(seat: "J02", nom: "Léa")"#,
            "nom",
            &["`nom`", "`Juror`", "`seat`", "`name`"],
        ),
        (
            r#"proposal: "P1""#,
            r#"proposal: "P1", url: "x""#,
            "url",
            &[
                "`url`",
                "`Project`",
                "`complements`",
                "`partners`",
                "`website`",
                "`category`",
            ],
        ),
    ];
    for (from, to, at, words) in cases {
        assert_syntax_at(from, to, at, words);
    }
    let text = edit(
        r#"explanation: "Un.""#,
        r#"explanation: "Un.", translations: {"en": (label: "One", explanation: "1", note: "")}"#,
    );
    let (line, column) = position(&text, "note");
    assert_syntax(
        &text,
        line,
        column,
        &["`note`", "`CriterionText`", "`label`", "`explanation`"],
    );
}

#[test]
fn a_missing_or_repeated_field_is_named() {
    assert_syntax(
        &edit(r#"place: "Ici","#, ""),
        18,
        1,
        &["missing field", "`place`"],
    );
    assert_syntax_at(
        r#"title: "Base","#,
        r#"title: "Base", title: "Bis","#,
        r#"title: "Bis""#,
        &["duplicate field", "`title`"],
    );
}

#[test]
fn a_translation_language_given_twice_is_refused() {
    let text = edit(
        r#"meaning: "Bon.""#,
        r#"meaning: "Bon.", translations: {"en": (label: "Good", meaning: "G"), "en": (label: "Fine", meaning: "F")}"#,
    );
    let Err(BundleError::Syntax { line, message, .. }) = parse(&text) else {
        panic!("expected a syntax error");
    };
    assert_eq!(line, position(&text, "Fine").0);
    assert_words(&message, &["duplicate translation", r#""en""#]);
}

#[test]
fn wrong_types_are_refused_where_they_are() {
    let jurors = format!("jurors: [{BASE_JURORS}],");
    let cases: [(&str, &str, &str, &[&str]); 8] = [
        (r#"title: "Base","#, "title: 3,", "3", &["Expected string"]),
        (
            r#""Base","#,
            r#""Base", max_laureates: "ten","#,
            r#""ten""#,
            &["Expected integer"],
        ),
        (
            r#""Base","#,
            r#""Base", max_laureates: -1,"#,
            "-1",
            &["out of bounds"],
        ),
        (
            r#""Base","#,
            r#""Base", max_laureates: 5000000000,"#,
            "5000000000",
            &["out of bounds"],
        ),
        (
            r#""Base","#,
            r#""Base", method: Borda,"#,
            "Borda",
            &["`Borda`", "`MajorityJudgment`", "`WeightedMean`"],
        ),
        (&jurors, "jurors: 15,", "15", &["Expected opening `[`"]),
        (
            r#"proposal: "P0""#,
            r#"proposal: "P0", partners: "Mairie""#,
            r#""Mairie""#,
            &["`[`"],
        ),
        (
            r#"id: "c1","#,
            r#"id: "c1", weight: "2","#,
            r#""2""#,
            &["integer"],
        ),
    ];
    for (from, to, at, words) in cases {
        let text = edit(from, to);
        let (line, column) = position(&text, at);
        let error = parse(&text).unwrap_err();
        let BundleError::Syntax {
            line: l,
            column: c,
            message,
            ..
        } = &error
        else {
            panic!("{to}: expected a syntax error, got {error:?}");
        };
        // RON points at the value, give or take a character.
        assert_eq!(*l, line, "{to}: {message}");
        assert!(
            (column - 1..=column + at.len()).contains(c),
            "{to}: column {c}: {message}"
        );
        assert_words(message, words);
    }
}

#[test]
fn crlf_line_endings_read_like_lf() {
    let lf = edit(r#"proposal: "P0""#, "proposal: \"deux\nlignes\"");
    let crlf = lf.replace('\n', "\r\n");
    let from_lf = valid(&lf).bundle;
    let from_crlf = valid(&crlf).bundle;
    assert_eq!(format!("{from_crlf:?}"), format!("{from_lf:?}"));
    assert_eq!(from_crlf.projects[0].proposal, "deux\nlignes");
    // Errors are placed the same way.
    let broken = crlf.replacen(r#""Un","#, r#""Un" oops,"#, 1);
    let (line, column) = position(&broken.replace("\r\n", "\n"), "oops");
    assert_syntax(&broken, line, column, &["Expected comma"]);
}

#[test]
fn a_utf8_bom_is_skipped_but_hashed() {
    for text in [BASE.to_owned(), BASE.replace('\n', "\r\n")] {
        let bytes = format!("\u{feff}{text}").into_bytes();
        let file = bundle::parse("bom.ron", &bytes).expect("a BOM is accepted");
        assert_eq!(file.bundle.title, "Base");
        assert_eq!(file.sha256, Digest::of(&bytes), "the digest covers the BOM");
        assert_ne!(file.sha256, Digest::of(text.as_bytes()));
    }
    // Columns on the first line do not count the BOM.
    assert_syntax("\u{feff}( oops", 1, 3, &["`oops`"]);
    assert_syntax_bytes(b"\xef\xbb\xbf( \xff", 1, 3, &["not valid UTF-8"]);
}

#[test]
fn invalid_utf8_is_reported_with_line_and_column() {
    let (bytes, line, column) = with_raw_byte(&edit(r#""Zéro""#, r#""Zéro@""#), '@', 0xff);
    assert_syntax_bytes(
        &bytes,
        line,
        column,
        &["not valid UTF-8", "save the file with UTF-8"],
    );
    // Latin-1, as old Windows editors save "é".
    let (latin1, line, column) = with_raw_byte(BASE, 'é', 0xe9);
    assert_syntax_bytes(&latin1, line, column, &["not valid UTF-8"]);
}

/// [`BASE`] padded with a trailing comment to exactly `size` bytes.
fn padded(size: usize) -> Vec<u8> {
    let mut bytes = format!("{BASE}// ").into_bytes();
    bytes.resize(size, b'x');
    bytes
}

#[test]
fn bundles_are_at_most_16_mib() {
    let limit = usize::try_from(MAX_BUNDLE_BYTES).unwrap();
    assert_eq!(limit, 16 * 1024 * 1024);
    assert!(bundle::parse("big.ron", &padded(limit)).is_ok());
    assert_syntax_bytes(
        &padded(limit + 1),
        1,
        1,
        &["larger than the limit of 16 MiB"],
    );
}

#[test]
fn an_oversized_file_is_refused_without_reading_it_all() {
    let path = scratch("oversized.ron");
    let limit = usize::try_from(MAX_BUNDLE_BYTES).unwrap();
    std::fs::write(&path, padded(limit + 4096)).unwrap();
    let error = bundle::load(&path).unwrap_err();
    assert!(matches!(
        error,
        BundleError::Syntax {
            line: 1,
            column: 1,
            ..
        }
    ));
    assert!(
        error
            .to_string()
            .contains("larger than the limit of 16 MiB")
    );
    assert_eq!(error.exit_code(), 1);
}

#[test]
fn a_file_on_disk_is_loaded_and_hashed() {
    let path = scratch("good.ron");
    std::fs::write(&path, BASE).unwrap();
    let file = bundle::load(&path).unwrap();
    assert_eq!(file.origin, path.display().to_string());
    assert_eq!(file.sha256, Digest::of(BASE.as_bytes()));
}

#[test]
fn errors_in_a_file_name_the_file() {
    let path = scratch("broken.ron");
    std::fs::write(&path, edit(r#""Base","#, r#""Base" oops,"#)).unwrap();
    let shown = bundle::load(&path).unwrap_err().to_string();
    assert_eq!(shown, format!("{}:2:19: Expected comma", path.display()));
}

/// The one-line message and exit code for a path that cannot be read.
fn assert_unreadable(path: &std::path::Path, reason: &str) {
    let error = bundle::load(path).unwrap_err();
    assert!(
        matches!(&error, BundleError::Unreadable { file, .. } if *file == path.display().to_string()),
        "{error:?}"
    );
    let shown = error.to_string();
    assert_eq!(shown, format!("{}: cannot read: {reason}", path.display()));
    assert!(!shown.contains('\n') && !shown.contains("os error"));
    assert_eq!(error.exit_code(), 2);
}

#[test]
fn a_missing_file_is_unreadable() {
    assert_unreadable(
        &scratch("missing.ron"),
        "no such file; give the path of a bundle file (.ron)",
    );
}

#[test]
fn a_directory_is_unreadable() {
    let path = scratch("a-folder.ron");
    std::fs::create_dir(&path).unwrap();
    assert_unreadable(
        &path,
        "this is a folder; give the path of a bundle file (.ron)",
    );
}

#[test]
fn lone_cr_line_endings_are_named() {
    let old_mac = BASE.replace('\n', "\r");
    let (line, column) = (1, 2);
    assert_syntax(
        &old_mac,
        line,
        column,
        &["lone CR", "old Mac", "LF or CRLF"],
    );
    // One lone CR in an otherwise CRLF file is found where it is.
    let crlf = BASE.replace('\n', "\r\n");
    let mixed = crlf.replacen("\"Ici\",\r\n", "\"Ici\",\r", 1);
    let (line, column) = position(&mixed.replace("\r\n", "\n"), "\r");
    assert_syntax(&mixed, line, column, &["lone CR"]);
}
