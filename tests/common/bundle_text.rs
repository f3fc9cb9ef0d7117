//! Helpers for the bundle tests: a small valid bundle, and ways to
//! break it one substring at a time.

use std::path::PathBuf;

use jury::bundle::{self, BundleError, BundleFile, Problem};

/// A small valid bundle. Every optional field is left out, so the defaults
/// apply; tests edit it with [`edit`].
pub const BASE: &str = r#"(
    title: "Base",
    date: "2022-01",
    place: "Ici",
    criteria: [
        (id: "c1", label: "Premier", explanation: "Un."),
        (id: "c2", label: "Second", explanation: "Deux."),
    ],
    grades: [
        (label: "Bien", meaning: "Bon."),
        (label: "Mal", meaning: "Mauvais."),
    ],
    jurors: [(seat: "J01"), (seat: "J02")],
    projects: [
        (id: "p0", name: "Zéro", aim: "A0", proposal: "P0"),
        (id: "p1", name: "Un", aim: "A1", proposal: "P1"),
    ],
)
"#;

/// The items of [`BASE`]'s lists, for replacing a whole list.
pub const BASE_JURORS: &str = r#"(seat: "J01"), (seat: "J02")"#;
pub const BASE_CRITERIA: &str = r#"(id: "c1", label: "Premier", explanation: "Un."),
        (id: "c2", label: "Second", explanation: "Deux."),"#;
pub const BASE_GRADES: &str = r#"(label: "Bien", meaning: "Bon."),
        (label: "Mal", meaning: "Mauvais."),"#;
pub const BASE_PROJECTS: &str = r#"(id: "p0", name: "Zéro", aim: "A0", proposal: "P0"),
        (id: "p1", name: "Un", aim: "A1", proposal: "P1"),"#;

/// [`BASE`] with `from` (which must occur exactly once) replaced by `to`.
pub fn edit(from: &str, to: &str) -> String {
    edit_text(BASE, from, to)
}

pub fn edit_text(text: &str, from: &str, to: &str) -> String {
    assert_eq!(
        text.matches(from).count(),
        1,
        "{from:?} must occur exactly once in the text being edited"
    );
    text.replacen(from, to, 1)
}

/// [`BASE`] with one more top-level field, e.g. `language: "en"`.
pub fn with_field(field: &str) -> String {
    edit(r#"title: "Base","#, &format!(r#"title: "Base", {field},"#))
}

/// `n` copies of `item(i)`, comma-separated, for generated lists.
pub fn list(n: usize, item: impl Fn(usize) -> String) -> String {
    (0..n).map(item).collect::<Vec<_>>().join(", ")
}

pub fn parse(text: &str) -> Result<BundleFile, BundleError> {
    bundle::parse("test.ron", text.as_bytes())
}

/// Parses text that must be valid.
pub fn valid(text: &str) -> BundleFile {
    parse(text).unwrap_or_else(|e| panic!("expected a valid bundle, got:\n{e}"))
}

/// The rule problems of a well-formed but invalid bundle.
pub fn problems(text: &str) -> Vec<Problem> {
    match parse(text) {
        Err(BundleError::Invalid { file, problems }) => {
            assert_eq!(file, "test.ron");
            assert!(!problems.is_empty());
            problems
        }
        other => panic!("expected rule problems, got {other:?}"),
    }
}

/// Asserts the bundle breaks exactly one rule, at `path`, and that the
/// message holds every one of `words`.
pub fn assert_problem(text: &str, path: &str, words: &[&str]) {
    let found = problems(text);
    assert_eq!(found.len(), 1, "expected one problem, got {found:#?}");
    assert_eq!(found[0].path, path, "in {:?}", found[0]);
    assert_words(&found[0].message, words);
}

/// Asserts a syntax error at `line`:`column` whose message holds `words`.
pub fn assert_syntax(text: &str, line: usize, column: usize, words: &[&str]) {
    assert_syntax_bytes(text.as_bytes(), line, column, words);
}

pub fn assert_syntax_bytes(bytes: &[u8], line: usize, column: usize, words: &[&str]) {
    let error = bundle::parse("test.ron", bytes).expect_err("expected a syntax error");
    match &error {
        BundleError::Syntax {
            file,
            line: l,
            column: c,
            message,
        } => {
            assert_eq!(file, "test.ron");
            assert_eq!((*l, *c), (line, column), "position of {message:?}");
            assert_words(message, words);
            assert_eq!(
                error.to_string(),
                format!("test.ron:{line}:{column}: {message}")
            );
            assert_eq!(error.exit_code(), 1);
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

pub fn assert_words(message: &str, words: &[&str]) {
    for word in words {
        assert!(
            message.contains(word),
            "{message:?} should contain {word:?}"
        );
    }
}

/// 1-based line and column (in characters) of the first `needle` in `text`.
pub fn position(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).expect("needle in text");
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (line, column)
}

/// `text` as bytes, with its first `marker` replaced by the raw `byte`, and
/// where the marker was.
pub fn with_raw_byte(text: &str, marker: char, byte: u8) -> (Vec<u8>, usize, usize) {
    let (line, column) = position(text, &marker.to_string());
    let at = text.find(marker).unwrap();
    let mut bytes = text.as_bytes()[..at].to_vec();
    bytes.push(byte);
    bytes.extend_from_slice(&text.as_bytes()[at + marker.len_utf8()..]);
    (bytes, line, column)
}

/// A file of the repository (the sample sessions, the docs).
pub fn repo_file(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// A fresh scratch path for one test; `name` must be unique per test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bundle-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    if path.is_dir() {
        std::fs::remove_dir_all(&path).unwrap();
    } else if path.exists() {
        std::fs::remove_file(&path).unwrap();
    }
    path
}

/// An OpenSSH Ed25519 public key line (made with `ssh-keygen -t ed25519`).
pub const ED25519_KEY: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG3eKcMmacFlFFgJspdt3QlKNzI6NKuLAAW03sUWNHbm staff@example";

/// An OpenSSH RSA public key line (made with `ssh-keygen -t rsa -b 2048`).
pub const RSA_KEY: &str = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC1dlPNQx/ecY9Ewlw5K72NQkb21GnVkZvx4iBrq6SbHwolot9EXZVZ8T3XNahw4J9FvASMjmYEEWXOEMka/Zx6tTze2uWlby27j0IiAopZRyhQH2l4woVihPZCK1bvhnXoHUor9TDomammjdHs6XPzSwA+7tpJPbexQDVaSSTFKl5qQYeTc/1B1DLlK+XAp+bJrJW27H6ehCjoJR5mH23hm0N7JcdJduxmcNAFZaec33hGD08CjuLyl2hIcqjFQJgJ68P+C2ydg/6kqwtuJSVuCiihllhNN3G0wnSnLbpcCWFZVnS4bBae2TDGKFGdFRYl7tZuyv3yzaUqvh+KRuNp staff@example";
