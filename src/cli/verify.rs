//! `jury verify`: the staff check, as text or JSON; exit 0 / 1 / 2
//! (`Exit`).

use std::path::{Path, PathBuf};

use super::Exit;
use crate::verify::{
    Expectations, Report, Unreadable, read_expected_signer, verify_file, verify_with_bundle_file,
};

pub fn run(
    tally: &Path,
    bundle: Option<&Path>,
    signer: Option<&str>,
    signature: Option<PathBuf>,
    json: bool,
) -> Exit {
    match check(tally, bundle, signer, signature) {
        Ok(report) => {
            if json {
                println!("{}", report.to_json());
            } else {
                print!("{}", report.to_text());
            }
            Exit::from(report.verdict)
        }
        Err(Unreadable(message)) => {
            super::fail("verify", &message);
            // Scripts parse stdout whatever happened: with --json, an
            // unreadable input is a report too. The message stays on stderr.
            if json {
                let report = UnreadableReport {
                    tally: tally.display().to_string(),
                    verdict: "unreadable",
                    reason: &message,
                    exit_code: Exit::Unreadable.code(),
                };
                let text = serde_json::to_string_pretty(&report).expect("reports serialise");
                println!("{}", crate::terminal_text::escape_json(&text));
            }
            Exit::Unreadable
        }
    }
}

fn check(
    tally: &Path,
    bundle: Option<&Path>,
    signer: Option<&str>,
    signature: Option<PathBuf>,
) -> Result<Report, Unreadable> {
    let signer = signer.map(read_expected_signer).transpose()?;
    let expect = Expectations {
        bundle: None,
        signer: signer.as_ref(),
        signature,
    };
    match bundle {
        Some(bundle) => verify_with_bundle_file(tally, bundle, &expect).map(|v| v.report),
        None => verify_file(tally, &expect),
    }
}

/// `--json`'s report when an input cannot be read.
#[derive(serde::Serialize)]
struct UnreadableReport<'a> {
    tally: String,
    verdict: &'static str,
    reason: &'a str,
    exit_code: u8,
}
