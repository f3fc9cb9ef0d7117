//! The fast line reader against `ron`, the reference: on every line the
//! writer makes it must agree; on damaged lines it may decline, but whenever
//! it accepts, `ron` must read exactly the same record.

use jury::digest::Digest;
use jury::signing::SessionKey;
use jury::tally::{Entry, GradeRow, Record, build_line, parse_canonical};
use proptest::prelude::*;

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
        prop_assert_eq!(parse_canonical(&text), Some(reference), "{}", text);
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
        if let Some(fast) = parse_canonical(&text) {
            let reference: Result<Record, _> = ron::from_str(&text);
            prop_assert_eq!(Some(fast), reference.ok(), "{}", text);
        }
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
