//! A small, seeded mutation fuzzer kept in the suite: thousands of byte
//! level changes to the sample bundles and to sealed tallies. Whatever the
//! bytes: no panic; a changed tally is never "valid"; and the real binary,
//! under a memory cap, answers with a documented exit code. A failure names
//! the seed and the mutation, so it can be replayed.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::Command;

use crate::common::Scratch;
use jury::bundle::{BundleFile, demo, parse};
use jury::session::Session;
use jury::signing::SessionKey;
use jury::simulate::{Rehearsal, rehearse, session_seed};
use jury::verify::{Expectations, Verdict, verify_bytes};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const SEED: u64 = 0x6a75_7279;

/// Bytes a parser is most likely to trip on.
const INTERESTING: &[u8] = b"\0\x1b\x7f\xff\xc3\x80\n\r\t\"\\(),:[]#0123456789-eE.r\x20";

/// One random change: flip, overwrite, insert, delete, duplicate, truncate,
/// or swap two lines. Returns what it did, for the failure message.
fn mutate(rng: &mut StdRng, bytes: &[u8]) -> (Vec<u8>, String) {
    let mut out = bytes.to_vec();
    let len = out.len().max(1);
    let at = rng.random_range(0..len).min(out.len().saturating_sub(1));
    let what = match rng.random_range(0..8) {
        0 => {
            let bit = rng.random_range(0..8);
            out[at] ^= 1 << bit;
            format!("flip bit {bit} at {at}")
        }
        1 | 2 => {
            let b = INTERESTING[rng.random_range(0..INTERESTING.len())];
            out[at] = b;
            format!("set byte {at} to {b:#04x}")
        }
        3 => {
            let n = rng.random_range(1..=8);
            let inserted: Vec<u8> = (0..n)
                .map(|_| INTERESTING[rng.random_range(0..INTERESTING.len())])
                .collect();
            out.splice(at..at, inserted.iter().copied());
            format!("insert {inserted:?} at {at}")
        }
        4 => {
            let end = (at + rng.random_range(1..=64)).min(out.len());
            out.drain(at..end);
            format!("delete {at}..{end}")
        }
        5 => {
            let end = (at + rng.random_range(1..=64)).min(out.len());
            let copy = out[at..end].to_vec();
            out.splice(end..end, copy);
            format!("duplicate {at}..{end}")
        }
        6 => {
            out.truncate(at);
            format!("truncate at {at}")
        }
        _ => {
            let mut lines: Vec<&[u8]> = bytes.split_inclusive(|&b| b == b'\n').collect();
            if lines.len() > 1 {
                let a = rng.random_range(0..lines.len());
                let b = rng.random_range(0..lines.len());
                lines.swap(a, b);
                out = lines.concat();
                format!("swap lines {a} and {b}")
            } else {
                "nothing".into()
            }
        }
    };
    (out, what)
}

fn sealed_tally(dir: &Scratch, bundle: &BundleFile, absent: usize, conflicts: f64) -> Vec<u8> {
    let path = dir.path().join(format!("t-{absent}.jury"));
    let key = SessionKey::from_seed(&[9; 32], "mutations");
    let mut session = Session::create(&path, bundle.clone(), key, &session_seed(11)).unwrap();
    let options = Rehearsal {
        seed: 11,
        absent,
        conflicts,
    };
    rehearse(&mut session, options).unwrap();
    std::fs::read(&path).unwrap()
}

#[test]
fn mutated_bundles_never_panic_the_loader() {
    let samples = [
        ("demo.ron", jury::bundle::DEMO_SOURCE.to_owned()),
        (
            "aic-2022.ron",
            std::fs::read_to_string("sessions/aic-2022.ron").unwrap(),
        ),
    ];
    let mut rng = StdRng::seed_from_u64(SEED);
    let mut refused = 0;
    for (name, text) in &samples {
        for i in 0..1500 {
            let (bytes, what) = mutate(&mut rng, text.as_bytes());
            let result = catch_unwind(AssertUnwindSafe(|| parse(name, &bytes)));
            match result {
                Ok(Ok(_)) => {}
                Ok(Err(e)) => {
                    refused += 1;
                    // Every refusal says where: `file:line:column` or the field.
                    assert!(e.to_string().starts_with(name), "{name} #{i} ({what}): {e}");
                }
                Err(_) => panic!("{name}: mutation #{i} ({what}) panicked the loader"),
            }
        }
    }
    // The mutations do reach the rules, not only the reader.
    assert!(refused > 1000, "only {refused} of 3000 mutations refused");
}

#[test]
fn a_changed_tally_is_never_valid() {
    let dir = Scratch::new("mutations");
    let bundle = demo();
    let tallies = [
        sealed_tally(&dir, &bundle, 0, 0.0),
        sealed_tally(&dir, &bundle, 1, 0.3),
    ];
    let expect = Expectations {
        bundle: Some(&bundle),
        ..Expectations::default()
    };
    for tally in &tallies {
        let report = verify_bytes("t.jury", tally, &expect, None);
        assert_eq!(report.verdict, Verdict::Valid, "{}", report.to_text());
    }
    let mut rng = StdRng::seed_from_u64(SEED);
    let mut tried = 0;
    for (t, tally) in tallies.iter().enumerate() {
        for i in 0..1800 {
            let (bytes, what) = mutate(&mut rng, tally);
            if bytes == *tally {
                continue;
            }
            tried += 1;
            let report = catch_unwind(AssertUnwindSafe(|| {
                verify_bytes("t.jury", &bytes, &expect, None)
            }))
            .unwrap_or_else(|_| panic!("tally {t}, mutation #{i} ({what}) panicked verify"));
            assert_ne!(
                report.verdict,
                Verdict::Valid,
                "tally {t}, mutation #{i} ({what}) was called valid:\n{}",
                report.to_text()
            );
        }
    }
    assert!(tried > 3000, "{tried}");
}

/// The binary itself, on a sample of the same mutations, with its address
/// space capped at 1 GiB: documented exit codes only (never 101, a panic,
/// nor a kill for memory), whatever the input.
#[test]
fn the_commands_answer_every_mutation_with_a_documented_exit_code() {
    let dir = Scratch::new("mutations-cli");
    let bundle_path = dir.path().join("demo.ron");
    std::fs::write(&bundle_path, jury::bundle::DEMO_SOURCE).unwrap();
    let tally = sealed_tally(&dir, &demo(), 1, 0.2);
    let mut rng = StdRng::seed_from_u64(SEED ^ 1);
    let run = |args: &[&str]| {
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg("ulimit -v 1048576; exec \"$@\"")
            .arg("sh")
            .arg(env!("CARGO_BIN_EXE_jury"))
            .args(args);
        command.output().unwrap()
    };
    for i in 0..40 {
        let (bytes, what) = mutate(&mut rng, jury::bundle::DEMO_SOURCE.as_bytes());
        let path = dir.path().join("m.ron");
        std::fs::write(&path, &bytes).unwrap();
        let out = run(&["check", path.to_str().unwrap()]);
        let code = out.status.code();
        assert!(
            matches!(code, Some(0..=2)),
            "check, mutation #{i} ({what}): {code:?}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );

        let (bytes, what) = mutate(&mut rng, &tally);
        let path = dir.path().join("m.jury");
        std::fs::write(&path, &bytes).unwrap();
        for json in [false, true] {
            let mut args = vec![
                "verify",
                path.to_str().unwrap(),
                "--bundle",
                bundle_path.to_str().unwrap(),
            ];
            if json {
                args.push("--json");
            }
            let out = run(&args);
            let code = out.status.code();
            let expected = if bytes == tally { 0..=0 } else { 1..=2 };
            assert!(
                code.is_some_and(|c| expected.contains(&c)),
                "verify, mutation #{i} ({what}): {code:?}\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}
