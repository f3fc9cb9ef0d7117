//! Hostile text (issue 15): control characters, escape sequences (OSC 52
//! writes the clipboard), bidirectional overrides and invisible characters in
//! a bundle are refused at load with line:column, whether written raw or as
//! RON `\u{…}` escapes; and whatever comes from a bundle or a tally is
//! escaped before it reaches a terminal.

use crate::common;

use crate::common::bundle_text::*;
use jury::bundle::BundleError;

/// The attacks, as the character(s) to insert and the U+ code expected.
const HOSTILE: [(&str, &str); 8] = [
    ("\u{1b}[2J", "U+001B"),
    ("\u{1b}]52;c;ZXZpbA==\u{7}", "U+001B"),
    ("\u{7}", "U+0007"),
    ("\u{9b}31m", "U+009B"),
    ("\u{0}", "U+0000"),
    ("\u{202e}", "U+202E"),
    ("\u{7f}", "U+007F"),
    ("\u{2067}", "U+2067"),
];

/// Where to put them: (text in BASE, what it becomes with `{}` the attack).
fn places(signer: &str) -> Vec<(String, String)> {
    vec![
        (r#""Base""#.into(), "\"Ba{}se\"".into()),
        (r#""Ici""#.into(), "\"Ici{}\"".into()),
        (r#""Zéro""#.into(), "\"{}Zéro\"".into()),
        (r#""Bien""#.into(), "\"Bi{}en\"".into()),
        (r#""Premier""#.into(), "\"Prem{}ier\"".into()),
        (r#""Deux.""#.into(), "\"Deux.{}\"".into()),
        (r#""P1""#.into(), "\"P{}1\"".into()),
        (
            r#"title: "Base","#.into(),
            format!("title: \"Base\", signer: \"{signer}{{}}\","),
        ),
    ]
}

/// RON's own escape for every character of `attack`.
fn ron_escaped(attack: &str) -> String {
    attack
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() {
                c.to_string()
            } else {
                format!("\\u{{{:x}}}", c as u32)
            }
        })
        .collect()
}

fn syntax(text: &str) -> (usize, usize, String) {
    match parse(text) {
        Err(BundleError::Syntax {
            line,
            column,
            message,
            ..
        }) => (line, column, message),
        other => panic!("expected a syntax error for {text:?}, got {other:?}"),
    }
}

#[test]
fn raw_hostile_characters_are_refused_where_they_are() {
    for (from, to) in places(ED25519_KEY) {
        for (attack, code) in HOSTILE {
            let text = edit(&from, &to.replace("{}", attack));
            let first = attack.chars().next().unwrap();
            let (line, column) = position(&text, &first.to_string());
            let (l, c, message) = syntax(&text);
            assert_eq!((l, c), (line, column), "{message} for {to} {attack:?}");
            assert_words(&message, &[code, "not allowed", "remove it"]);
        }
    }
}

#[test]
fn escaped_hostile_characters_are_refused_at_their_string() {
    for (from, to) in places(ED25519_KEY) {
        for (attack, code) in HOSTILE {
            let text = edit(&from, &to.replace("{}", &ron_escaped(attack)));
            // The error points at the escape itself, not just its string.
            let (line, column) = position(&text, "\\u{");
            let (l, c, message) = syntax(&text);
            assert_eq!((l, c), (line, column), "{message} for {to} {attack:?}");
            assert_words(&message, &[code, "not allowed", "remove it"]);
        }
    }
}

/// `text` must be refused at the first `at`, with `words` in the message.
fn refused_at(text: &str, at: &str, words: &[&str]) {
    let (line, column) = position(text, at);
    let (l, c, message) = syntax(text);
    assert_eq!((l, c), (line, column), "{message} in {text}");
    assert_words(&message, words);
}

#[test]
fn every_escape_form_is_located_exactly() {
    let cases: [(&str, &str, &[&str]); 7] = [
        // Other escapes before it in the same string.
        (r#""a\"b\\\u{e9}\u{1b}c""#, r"\u{1b}", &["U+001B (ESC)"]),
        (r#""\x1b[0m""#, r"\x1b", &["U+001B", "control"]),
        // C1 written as two UTF-8 byte escapes.
        (r#""ok \xc2\x9b""#, r"\xc2", &["U+009B", "control"]),
        (r#""x\u{202E}""#, r"\u{202E}", &["U+202E", "bidirectional"]),
        (r#""Tr\u{200d}ès""#, r"\u{200d}", &["U+200D", "invisible"]),
        // A string continuation (backslash, line break) is not a character.
        ("\"long \\\n      title\\u{7}\"", r"\u{7}", &["U+0007"]),
        // A raw string cannot escape, but can hold a line break.
        ("r#\"two\nlines\"#", "\nlines", &["U+000A", "one-line"]),
    ];
    for (literal, at, words) in cases {
        let text = edit(r#""Base""#, literal);
        refused_at(&text, at, words);
    }
}

#[test]
fn one_line_texts_refuse_line_breaks_and_tabs_paragraphs_keep_them() {
    for (field, value, at) in [
        (r#""Ici""#, r#""Ici\nLà""#, r"\n"),
        (r#""Zéro""#, "\"Zé\tro\"", "\t"),
        (r#""Bien""#, r#""Bi\ten""#, r"\t"),
        (r#""J01""#, r#""J01\n""#, r"\n"),
    ] {
        let text = edit(field, value);
        refused_at(&text, at, &["one-line", "write it on one line"]);
    }
    let b = valid(&edit(r#""P0""#, "\"Ligne 1\\n\\tLigne 2\n\tLigne 3\"")).bundle;
    assert_eq!(b.projects[0].proposal, "Ligne 1\n\tLigne 2\n\tLigne 3");
    // Paragraphs still refuse every other control.
    refused_at(&edit(r#""Un.""#, r#""Un.\r""#), r"\r", &["U+000D (CR)"]);
}

#[test]
fn hostile_characters_in_comments_are_refused_too() {
    // "Trojan Source": a bidi override in a comment reorders the code shown.
    let text = edit("title:", "/* \u{202e} } */ title:");
    refused_at(&text, "\u{202e}", &["U+202E", "bidirectional"]);
    let text = edit("title:", "// \u{1b}]52;c;AA==\u{7}\n    title:");
    refused_at(&text, "\u{1b}", &["U+001B"]);
}

fn jury(args: &[&std::ffi::OsStr]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_jury"))
        .args(args)
        .output()
        .expect("run jury")
}

#[test]
fn jury_check_refuses_a_hostile_bundle_with_exit_1_and_line_column() {
    for (i, (from, to)) in places(ED25519_KEY).into_iter().enumerate() {
        for (escaped, attack) in [(false, "\u{1b}]52;c;ZXZpbA==\u{7}"), (true, "\u{202e}")] {
            let written = if escaped {
                ron_escaped(attack)
            } else {
                attack.to_owned()
            };
            let text = edit(&from, &to.replace("{}", &written));
            let path = scratch(&format!("hostile-{i}-{escaped}.ron"));
            std::fs::write(&path, &text).unwrap();
            let out = jury(&["check".as_ref(), path.as_os_str()]);
            let stderr = String::from_utf8(out.stderr).unwrap();
            assert_eq!(out.status.code(), Some(1), "{stderr}");
            assert!(out.stdout.is_empty());
            let needle = if escaped { "\\u{" } else { &attack[..1] };
            let (line, column) = position(&text, needle);
            assert!(
                stderr.starts_with(&format!(
                    "jury check: {}:{line}:{column}: U+",
                    path.display()
                )),
                "{stderr}"
            );
            // The message itself shows nothing raw.
            assert!(
                !stderr.contains(['\u{1b}', '\u{7}', '\u{202e}']),
                "{stderr:?}"
            );
        }
    }
}

/// What a facilitator (or anyone with the tally file) could have typed as a
/// reason: a screen clear, an OSC 52 clipboard write, C1 CSI, a bidi override.
const HOSTILE_REASON: &str = "left\u{1b}[2J\u{1b}]52;c;ZXZpbA==\u{7} \u{9b}31m \u{202e}gnol oot";

/// Characters that must never reach a terminal raw.
fn assert_no_raw_hazards(what: &str, output: &[u8]) {
    let text = String::from_utf8_lossy(output);
    let found: Vec<char> = text
        .chars()
        .filter(|&c| jury::terminal_text::hazard(c).is_some() && !matches!(c, '\n' | '\t'))
        .collect();
    assert!(found.is_empty(), "{what} prints {found:?} raw:\n{text}");
}

/// A sealed demo session: J01 votes, J02 and J03 are absent, the round is
/// closed early and the decision departs from the ranking, both with
/// [`HOSTILE_REASON`].
fn hostile_tally(dir: &std::path::Path) -> std::path::PathBuf {
    use jury::session::Session;
    use jury::signing::SessionKey;
    let path = dir.join("t.jury");
    let bundle = jury::bundle::demo();
    let (projects, criteria) = (bundle.bundle.projects.len(), bundle.bundle.criteria.len());
    let mut session = Session::create(
        &path,
        bundle,
        SessionKey::from_seed(&[5; 32], "test"),
        &jury::simulate::session_seed(5),
    )
    .unwrap();
    session
        .cast_ballot(0, &[], &vec![Some(vec![0; criteria]); projects])
        .unwrap();
    session
        .cast_ballot(1, &[], &vec![Some(vec![1; criteria]); projects])
        .unwrap();
    session.mark_absent(2).unwrap();
    session.close_round(Some(HOSTILE_REASON.into())).unwrap();
    let default = session
        .state()
        .results(&session.bundle.bundle)
        .default_selection();
    let other: Vec<usize> = (0..projects)
        .filter(|p| !default.contains(p))
        .take(1)
        .collect();
    assert!(!other.is_empty());
    session
        .record_decision(&other, Some(HOSTILE_REASON.into()))
        .unwrap();
    session.seal().unwrap();
    path
}

#[test]
fn results_and_verify_never_print_tally_text_raw() {
    let dir = common::Scratch::new("hostile-results");
    let tally = hostile_tally(dir.path());
    let bundle = repo_file("sessions/demo.ron");
    for format in ["text", "markdown", "csv", "json"] {
        let out = jury(&[
            "results".as_ref(),
            tally.as_os_str(),
            "--bundle".as_ref(),
            bundle.as_os_str(),
            "--format".as_ref(),
            format.as_ref(),
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_no_raw_hazards(format, &out.stdout);
        assert_no_raw_hazards(format, &out.stderr);
        let stdout = String::from_utf8(out.stdout).unwrap();
        if format == "json" {
            // Still valid JSON, and it still means the reason as typed.
            let minutes: serde_json::Value = serde_json::from_str(&stdout).unwrap();
            assert_eq!(minutes["decision"]["reason"], HOSTILE_REASON);
            assert_eq!(minutes["rounds"][0]["closed_early_reason"], HOSTILE_REASON);
        } else if format != "csv" {
            // The reason is there, visibly escaped.
            assert!(
                stdout.contains(r"left\u{1b}[2J\u{1b}]52;c;ZXZpbA==\u{7} \u{9b}31m \u{202e}gnol"),
                "{stdout}"
            );
        }
    }
    for json in [false, true] {
        let mut args = vec!["verify".as_ref(), tally.as_os_str()];
        if json {
            args.push("--json".as_ref());
        }
        let out = jury(&args);
        assert_eq!(out.status.code(), Some(0));
        assert_no_raw_hazards("verify", &out.stdout);
    }
}

#[test]
fn verify_quotes_a_hostile_tally_line_escaped() {
    let dir = common::Scratch::new("hostile-verify");
    let tally = hostile_tally(dir.path());
    let bundle = repo_file("sessions/demo.ron");
    // A line of garbage after the seal, and a broken first line.
    let sealed = std::fs::read(&tally).unwrap();
    let hostile_line = "\u{1b}]52;c;ZXZpbA==\u{7}\u{9b}2J\u{202e}\n";
    let mut appended = sealed.clone();
    appended.extend_from_slice(hostile_line.as_bytes());
    let mut replaced = hostile_line.as_bytes().to_vec();
    replaced.extend_from_slice(&sealed[sealed.iter().position(|&b| b == b'\n').unwrap() + 1..]);
    for (i, bytes) in [appended, replaced].into_iter().enumerate() {
        let path = dir.path().join(format!("bad{i}.jury"));
        std::fs::write(&path, bytes).unwrap();
        for extra in [&[][..], &["--json"][..]] {
            let mut args = vec!["verify".as_ref(), path.as_os_str()];
            args.extend(extra.iter().map(|s| std::ffi::OsStr::new(*s)));
            let out = jury(&args);
            assert_eq!(
                out.status.code(),
                Some(1),
                "{}",
                String::from_utf8_lossy(&out.stdout)
            );
            assert_no_raw_hazards("verify", &out.stdout);
            assert_no_raw_hazards("verify", &out.stderr);
        }
        let out = jury(&[
            "results".as_ref(),
            path.as_os_str(),
            "--bundle".as_ref(),
            bundle.as_os_str(),
        ]);
        assert_eq!(out.status.code(), Some(1));
        assert_no_raw_hazards("results", &out.stderr);
    }
}

#[test]
fn verify_quotes_a_hostile_genesis_escaped() {
    use jury::signing::SessionKey;
    use jury::tally::{Entry, FORMAT_VERSION, build_line};
    let dir = common::Scratch::new("hostile-genesis");
    let key = SessionKey::from_seed(&[6; 32], "test");
    // A well-formed, correctly signed genesis naming a "digest" that is an
    // escape sequence: the bundle step quotes it.
    let entry = Entry::SessionOpened {
        format: FORMAT_VERSION,
        program: "jury".into(),
        bundle_sha256: "\u{1b}]52;c;ZXZpbA==\u{7}\u{9b}2J\u{202e}".into(),
        signer: key.public_line(),
        session_id: "00".repeat(16),
        seed: "00".repeat(32),
    };
    let line = build_line(
        0,
        &jury::digest::Digest([0; 32]),
        "2026-01-01T00:00:00Z",
        &entry,
        key.entry_signer(),
    );
    let path = dir.path().join("g.jury");
    std::fs::write(&path, line + "\n").unwrap();
    let bundle = repo_file("sessions/demo.ron");
    for json in [false, true] {
        let mut args = vec![
            "verify".as_ref(),
            path.as_os_str(),
            "--bundle".as_ref(),
            bundle.as_os_str(),
        ];
        if json {
            args.push("--json".as_ref());
        }
        let out = jury(&args);
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert_eq!(out.status.code(), Some(1), "{stdout}");
        assert!(stdout.contains("different bundle"), "{stdout}");
        assert_no_raw_hazards("verify", &out.stdout);
    }
}
