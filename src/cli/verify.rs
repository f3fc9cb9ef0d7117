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
    receipt: Option<&str>,
) -> Exit {
    match check(tally, bundle, signer, signature) {
        Ok(report) => {
            // A receipt is looked up only in a tally that verifies (or is
            // only unsealed): the lines of an invalid one say nothing sure.
            let receipt = receipt.filter(|_| report.verdict != crate::verify::Verdict::Invalid);
            let found = match receipt.map(|code| look_up_receipt(tally, code)).transpose() {
                Ok(found) => found,
                Err(crate::receipt::LookUpError::NoReceipts) => {
                    print!(
                        "{}",
                        if json {
                            report.to_json()
                        } else {
                            report.to_text()
                        }
                    );
                    super::fail(
                        "verify",
                        &format!("--receipt: {}", crate::receipt::NO_RECEIPTS),
                    );
                    return Exit::Refused;
                }
                Err(crate::receipt::LookUpError::Unreadable(message)) => {
                    super::fail("verify", &message);
                    return Exit::Unreadable;
                }
            };
            if json {
                let mut value: serde_json::Value =
                    serde_json::from_str(&report.to_json()).expect("the report is JSON");
                if let Some(found) = &found {
                    value["receipt"] = serde_json::to_value(found).expect("receipts serialise");
                }
                let text = serde_json::to_string_pretty(&value).expect("reports serialise");
                println!("{}", crate::terminal_text::escape_json(&text));
            } else {
                print!("{}", report.to_text());
                match &found {
                    Some(Some(found)) => print!(
                        "receipt: found\n{}",
                        crate::terminal_text::escape_lines(&super::receipt::describe(found, None))
                    ),
                    Some(None) => println!("receipt: no grades in this tally carry this code"),
                    None => {}
                }
            }
            match found {
                Some(None) => Exit::Refused,
                _ => Exit::from(report.verdict),
            }
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

/// The receipt's grades in the tally's lines (read again, bounded).
fn look_up_receipt(
    tally: &Path,
    code: &str,
) -> Result<Option<crate::receipt::Found>, crate::receipt::LookUpError> {
    use crate::receipt::LookUpError;
    let bytes =
        crate::bounded_read::read(tally, &crate::tally::TALLY_KIND).map_err(|e| e.to_string())?;
    let lines = bytes.split(|&b| b == b'\n').filter(|line| !line.is_empty());
    crate::receipt::look_up(lines, code).map_err(|e| match e {
        LookUpError::Unreadable(why) => LookUpError::Unreadable(format!("--receipt: {why}")),
        e => e,
    })
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
