//! `jury simulate BUNDLE --seed N --out TALLY [--key KEYFILE]`: a sealed rehearsal tally.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::key_option::read_key;
use crate::bundle;
use crate::session::{Session, box_paths, with_suffix};
use crate::signing::SessionKey;
use crate::simulate::{Rehearsal, rehearse, session_seed};
use crate::terminal_text;

pub fn run(
    bundle_path: &Path,
    seed: u64,
    out: &Path,
    absent: usize,
    conflicts: f64,
    key: Option<&Path>,
) -> ExitCode {
    let fail = |code: u8, message: String| super::fail_with("simulate", code, &message);
    if !(0.0..=1.0).contains(&conflicts) {
        return fail(
            2,
            format!("--conflicts {conflicts}: give a probability between 0 and 1"),
        );
    }
    let file = match bundle::load(bundle_path) {
        Ok(f) => f,
        Err(e) => return fail(e.exit_code(), e.to_string()),
    };
    if absent > file.bundle.jurors.len() {
        return fail(
            2,
            format!(
                "--absent {absent}: the bundle has only {} seats",
                file.bundle.jurors.len()
            ),
        );
    }
    let (seats, quorum) = (file.bundle.jurors.len(), file.bundle.quorum());
    if seats - absent < quorum {
        return fail(
            2,
            format!(
                "--absent {absent}: {} ballots would remain, below the bundle's quorum of {quorum}; a round cannot close with fewer",
                seats - absent
            ),
        );
    }
    // The tally, the two files the seal writes beside it, and the ballot
    // box and its key while a secret round is open: none may exist, not
    // even as a dangling link, and a failed run removes them all.
    let (ballot_box, box_key) = box_paths(out);
    let outputs: [PathBuf; 5] = [
        out.to_owned(),
        with_suffix(out, ".sig"),
        with_suffix(out, ".allowed_signers"),
        ballot_box,
        box_key,
    ];
    if let Some(taken) = outputs
        .iter()
        .find(|p| std::fs::symlink_metadata(p).is_ok())
    {
        return fail(
            2,
            format!(
                "{}: already exists; choose another --out (nothing was written)",
                taken.display()
            ),
        );
    }
    let key = match key {
        Some(path) => match read_key(path) {
            Ok(key) => key,
            Err(message) => return fail(2, message),
        },
        None => SessionKey::generate("jury-simulate"),
    };
    let options = Rehearsal {
        seed,
        absent,
        conflicts,
    };
    // `create` makes the tally exclusively: when it fails, the file is not ours.
    let mut session = match Session::create(out, file, key, &session_seed(seed)) {
        Ok(session) => session,
        Err(e) => return fail(1, e.to_string()),
    };
    match rehearse(&mut session, options) {
        Ok(report) => {
            // Paths come from the command line: escaped, as all output.
            println!(
                "{}: sealed rehearsal tally, {} entries",
                terminal_text::path(out),
                report.entries
            );
            println!("head        {}", report.head);
            println!("signer      {}", report.fingerprint);
            println!(
                "signature   {}",
                terminal_text::path(&report.signature_path)
            );
            println!(
                "allowed     {}",
                terminal_text::path(&report.allowed_signers_path)
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            // A rehearsal that failed half-way is worthless: remove what this
            // run wrote (the tally is ours; the others were absent above).
            drop(session);
            for path in &outputs {
                let _ = std::fs::remove_file(path);
            }
            fail(1, e.to_string())
        }
    }
}
