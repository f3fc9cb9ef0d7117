//! The line reader against `ron`, kept here as a test oracle only: on every
//! line the writer makes they agree; on damaged lines the reader accepts
//! exactly when `ron` reads the line and writing the record back gives the
//! same bytes (one byte form per entry), with `prev` and `sig` in lowercase
//! hex of their length.

use jury::digest::Digest;
use jury::signing::SessionKey;
use jury::tally::{Entry, GradeRow, Record, build_line, parse_canonical};
use proptest::prelude::*;
use serde::Serialize;

/// A record as the writer spells it (`build_line` signs; this only writes).
fn write_back(record: &Record) -> String {
    #[derive(Serialize)]
    struct Written<'a> {
        seq: u64,
        prev: &'a str,
        at: &'a str,
        entry: Entry,
        sig: &'a str,
    }
    ron::to_string(&Written {
        seq: record.seq,
        prev: &record.prev,
        at: &record.at,
        entry: record.entry.clone().into_owned(),
        sig: &record.sig,
    })
    .unwrap()
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ._-]{0,12}",
        "\\PC{0,12}", // any printable Unicode, quotes and backslashes included
        ".{0,8}",     // anything but newline, control characters too
        Just("dit \"oui\" \\ non\n".to_owned()),
    ]
}

fn ids() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(text(), 0..5)
}

fn entry() -> impl Strategy<Value = Entry> {
    prop_oneof![
        (any::<u32>(), text(), text(), text(), text(), text()).prop_map(
            |(format, program, bundle_sha256, signer, session_id, seed)| {
                Entry::SessionOpened {
                    format,
                    program,
                    bundle_sha256,
                    signer,
                    session_id,
                    seed,
                }
            }
        ),
        (text(), any::<u32>()).prop_map(|(seat, round)| Entry::JurorAbsent { seat, round }),
        (text(), any::<u32>()).prop_map(|(seat, round)| Entry::AbsenceWithdrawn { seat, round }),
        (text(), any::<u32>()).prop_map(|(seat, round)| Entry::DraftDiscarded { seat, round }),
        (any::<u32>(), text()).prop_map(|(round, reason)| Entry::RoundCancelled { round, reason }),
        (
            text(),
            any::<u32>(),
            ids(),
            ids(),
            prop::collection::vec(
                (
                    text(),
                    prop::collection::vec(any::<u8>(), 0..14).prop_map(GradeRow::from_vec)
                ),
                0..4
            )
        )
            .prop_map(
                |(seat, round, order, conflicts, grades)| Entry::BallotCast {
                    seat,
                    round,
                    order,
                    conflicts,
                    grades
                }
            ),
        (any::<u32>(), prop::option::of(text()))
            .prop_map(|(round, reason)| Entry::RoundClosed { round, reason }),
        (any::<u32>(), ids()).prop_map(|(round, projects)| Entry::RoundOpened { round, projects }),
        (ids(), prop::option::of(text()))
            .prop_map(|(selected, reason)| Entry::DecisionRecorded { selected, reason }),
        (any::<u64>(), text(), text()).prop_map(|(count, head, results)| Entry::SessionSealed {
            count,
            head,
            results
        }),
    ]
}

fn line(seq: u64, entry: &Entry) -> String {
    let key = SessionKey::from_seed(&[5; 32], "t");
    build_line(
        seq,
        &Digest([7; 32]),
        "2026-11-22T09:30:00Z",
        entry,
        key.entry_signer(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn agrees_with_ron_on_every_line_the_writer_makes(seq in any::<u64>(), e in entry()) {
        let text = line(seq, &e);
        let reference: Record = ron::from_str(&text).expect("ron reads what ron wrote");
        prop_assert_eq!(&reference.entry.clone().into_owned(), &e);
        // The writer's lines always take the fast path, and agree.
        prop_assert_eq!(parse_canonical(&text).ok(), Some(reference), "{}", text);
    }

    #[test]
    fn never_accepts_what_ron_reads_otherwise(e in entry(), at in any::<prop::sample::Index>(), byte in any::<u8>(), action in 0..3u8) {
        let mut bytes = line(3, &e).into_bytes();
        let i = at.index(bytes.len());
        match action {
            0 => bytes[i] = byte,
            1 => { bytes.remove(i); }
            _ => bytes.insert(i, byte),
        }
        let Ok(text) = String::from_utf8(bytes) else { return Ok(()) };
        let reference: Option<Record> = ron::from_str(&text).ok();
        let written_back = reference.as_ref().map(write_back);
        let hex = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        let one_form = reference.clone().filter(|r| {
            written_back.as_deref() == Some(text.as_str()) && hex(&r.prev, 64) && hex(&r.sig, 128)
        });
        prop_assert_eq!(parse_canonical(&text).ok(), one_form, "{}", text);
    }
}

/// Plain text is borrowed from the line, escaped text is unescaped into a
/// copy: checking a large tally should not copy every id it names.
#[test]
fn plain_text_is_borrowed_and_escaped_text_is_copied() {
    use std::borrow::Cow;
    let entry = Entry::RoundOpened {
        round: 2,
        projects: vec!["P-01".to_owned(), "dit \"oui\"".to_owned()],
    };
    let text = line(4, &entry);
    let record = parse_canonical(&text).expect("the writer's spelling");
    let Entry::RoundOpened { projects, .. } = &record.entry else {
        panic!("{text}");
    };
    assert!(
        matches!(&projects[0], Cow::Borrowed("P-01")),
        "{projects:?}"
    );
    assert!(
        matches!(&projects[1], Cow::Owned(p) if p == "dit \"oui\""),
        "{projects:?}"
    );
    assert!(matches!(record.at, Cow::Borrowed(_)));
}

/// Spellings `ron` reads to the same record, each refused at its column
/// (the text before the column ends with the second item).
#[test]
fn other_spellings_of_a_line_are_refused_at_their_column() {
    let entry = Entry::RoundClosed {
        round: 1,
        reason: Some("l'ordre du jour".to_owned()),
    };
    let text = line(4, &entry);
    let reason = r#"reason:Some("l\'ordre du jour")"#;
    assert!(text.contains(reason), "{text}");
    let body = &text[..text.len() - 1];
    let cases: Vec<(String, &str)> = vec![
        (text.replacen("(seq:4,", "(seq:4, ", 1), "(seq:4,"),
        (text.replacen("(round:1,", "(round:01,", 1), "(round:"),
        (
            text.replacen("RoundClosed(", "RoundClosed( ", 1),
            "RoundClosed(",
        ),
        (text.replacen(r"\'ordre", "'ordre", 1), r#"Some("l"#),
        (text.replacen(r"\'ordre", r"\u{27}ordre", 1), r#"Some("l"#),
        (
            text.replacen("du jour", r"du\u{20}jour", 1),
            r#"Some("l\'ordre du"#,
        ),
        (
            text.replacen(
                r#"Some("l\'ordre du jour")"#,
                r##"Some(r#"l'ordre du jour"#)"##,
                1,
            ),
            "reason:Some(",
        ),
        (text.replacen(",sig:", ",extra:1,sig:", 1), r#"jour")),"#),
        (text.replacen(")),sig:", "),extra:1),sig:", 1), r#"jour")"#),
        (text.replacen(&format!(",{reason}"), "", 1), "(round:1"),
        (format!("{body},)"), "\""),
        (
            text.replacen("(seq:4,", "(", 1)
                .replacen(",at:", ",seq:4,at:", 1),
            "(",
        ),
        (
            text.replacen(
                "RoundClosed(round:1,",
                "RoundClosed(reason:None,round:1,",
                1,
            ),
            "RoundClosed(r",
        ),
        (format!("{text} "), "\")"),
    ];
    let mut wrong = Vec::new();
    for (spelling, before) in cases {
        let err = parse_canonical(&spelling).expect_err(&spelling);
        let prefix: String = spelling.chars().take(err.column - 1).collect();
        if !prefix.ends_with(before) {
            wrong.push(format!(
                "{spelling}\n  {err} (before the column: …{:?})",
                &prefix[prefix.len().saturating_sub(20)..]
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
