//! `jury simulate BUNDLE --seed N --out TALLY`: a sealed rehearsal tally.

use std::path::Path;
use std::process::ExitCode;

use crate::bundle;
use crate::session::{Session, with_suffix};
use crate::signing::SessionKey;
use crate::simulate::{Rehearsal, rehearse, session_seed};

pub fn run(bundle_path: &Path, seed: u64, out: &Path, absent: usize, conflicts: f64) -> ExitCode {
    let fail = |code: u8, message: String| {
        eprintln!("jury simulate: {message}");
        ExitCode::from(code)
    };
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
    if out.exists() {
        return fail(
            2,
            format!(
                "{}: already exists; choose another --out (nothing was written)",
                out.display()
            ),
        );
    }
    let key = SessionKey::generate("jury-simulate");
    let options = Rehearsal {
        seed,
        absent,
        conflicts,
    };
    let result = Session::create(out, file, key, &session_seed(seed))
        .and_then(|mut session| rehearse(&mut session, options));
    match result {
        Ok(report) => {
            println!(
                "{}: sealed rehearsal tally, {} entries",
                out.display(),
                report.entries
            );
            println!("head        {}", report.head);
            println!("signer      {}", report.fingerprint);
            println!("signature   {}", report.signature_path.display());
            println!("allowed     {}", report.allowed_signers_path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            // A rehearsal that failed half-way is worthless: leave no half-written file.
            for path in [
                out.to_owned(),
                with_suffix(out, ".sig"),
                with_suffix(out, ".allowed_signers"),
            ] {
                let _ = std::fs::remove_file(path);
            }
            fail(1, e.to_string())
        }
    }
}
