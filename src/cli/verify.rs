//! `jury verify`: the staff check, as text or JSON; exit 0 / 1 / 2.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::verify::{Expectations, read_expected_signer, verify_file, verify_with_bundle_file};

pub fn run(
    tally: &Path,
    bundle_path: Option<&Path>,
    signer: Option<&str>,
    signature: Option<PathBuf>,
    json: bool,
) -> ExitCode {
    // Scripts parse stdout whatever happened: with --json, an unreadable
    // input is a report too. The one-line message stays on stderr.
    let unreadable = |message: String| {
        let code = super::fail("verify", 2, &message);
        if json {
            let report = Unreadable {
                tally: tally.display().to_string(),
                verdict: "unreadable",
                reason: &message,
                exit_code: 2,
            };
            println!(
                "{}",
                crate::terminal_text::escape_json(
                    &serde_json::to_string_pretty(&report).expect("reports serialise")
                )
            );
        }
        code
    };
    let signer = match signer.map(read_expected_signer).transpose() {
        Ok(s) => s,
        Err(e) => return unreadable(e.0),
    };
    let expect = Expectations {
        bundle: None,
        signer: signer.as_ref(),
        signature,
    };
    let verified = match bundle_path {
        Some(bundle) => verify_with_bundle_file(tally, bundle, &expect).map(|v| v.report),
        None => verify_file(tally, &expect),
    };
    match verified {
        Ok(report) => {
            if json {
                println!("{}", report.to_json());
            } else {
                print!("{}", report.to_text());
            }
            ExitCode::from(report.exit_code())
        }
        Err(e) => unreadable(e.0),
    }
}

/// `--json`'s report when an input cannot be read.
#[derive(serde::Serialize)]
struct Unreadable<'a> {
    tally: String,
    verdict: &'static str,
    reason: &'a str,
    exit_code: u8,
}
