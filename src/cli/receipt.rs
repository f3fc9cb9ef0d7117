//! `jury receipt TALLY CODE [--bundle B] [--json]`: a juror's own grades,
//! found in the published tally with their receipt code. Exit 0 found,
//! 1 not found (or the tally does not verify), 2 unreadable or not a code.

use std::path::Path;

use super::Exit;
use crate::bounded_read;
use crate::bundle::BundleFile;
use crate::receipt::{Found, LookUpError, look_up};
use crate::tally::TALLY_KIND;
use crate::verify::{Expectations, Verdict, verify_file, verify_with_bundle_file};

pub fn run(tally: &Path, code: &str, bundle: Option<&Path>, json: bool) -> Exit {
    match find(tally, code, bundle) {
        Ok((Some(found), bundle)) => {
            if json {
                let text = serde_json::to_string_pretty(&found).expect("receipts serialise");
                println!("{}", crate::terminal_text::escape_json(&text));
            } else {
                print!(
                    "{}",
                    crate::terminal_text::escape_lines(&describe(&found, bundle.as_ref()))
                );
            }
            Exit::Success
        }
        Ok((None, _)) => {
            super::fail(
                "receipt",
                "no grades in this tally carry this code: check the code as it was copied (a receipt finds only its own session's grades, once its round is closed)",
            );
            Exit::Refused
        }
        Err((exit, message)) => {
            super::fail("receipt", &message);
            exit
        }
    }
}

type Lookup = (Option<Found>, Option<BundleFile>);

fn find(tally: &Path, code: &str, bundle: Option<&Path>) -> Result<Lookup, (Exit, String)> {
    let unreadable = |message: String| (Exit::Unreadable, message);
    let expect = Expectations::default();
    let (report, bundle) = match bundle {
        Some(path) => verify_with_bundle_file(tally, path, &expect)
            .map(|v| (v.report, Some(v.bundle)))
            .map_err(|e| unreadable(e.0))?,
        None => verify_file(tally, &expect)
            .map(|r| (r, None))
            .map_err(|e| unreadable(e.0))?,
    };
    if report.verdict == Verdict::Invalid {
        eprint!("{}", report.to_text());
        return Err((
            Exit::Refused,
            "the tally does not verify (see above): no receipt is looked up in it".into(),
        ));
    }
    let bytes = bounded_read::read(tally, &TALLY_KIND).map_err(|e| unreadable(e.to_string()))?;
    let lines = bytes.split(|&b| b == b'\n').filter(|line| !line.is_empty());
    let found = look_up(lines, code).map_err(|e| match e {
        LookUpError::NoReceipts => (Exit::Refused, e.to_string()),
        LookUpError::Unreadable(why) => unreadable(why),
    })?;
    Ok((found, bundle))
}

/// One line per project: its name and each criterion's grade, in words
/// when the bundle is given, else ids and grade numbers (1: the best).
pub fn describe(found: &Found, bundle: Option<&BundleFile>) -> String {
    let mut out = String::new();
    if let Some(seat) = &found.seat {
        out.push_str(&format!("seat {seat} (open ballots: the seat is public)\n"));
    }
    for g in &found.graded {
        let (name, grades) = match bundle.map(|b| &b.bundle) {
            Some(b) => {
                let name = b
                    .projects
                    .iter()
                    .find(|p| p.id == g.project)
                    .map_or(g.project.clone(), |p| p.name.clone());
                let grades: Vec<String> = g
                    .grades
                    .iter()
                    .enumerate()
                    .map(|(c, &v)| {
                        let criterion = b.criteria.get(c).map_or("?", |c| c.label.as_str());
                        let grade = b
                            .grades
                            .get(usize::from(v))
                            .map_or("?", |g| g.label.as_str());
                        format!("{criterion}: {grade}")
                    })
                    .collect();
                (name, grades.join(" · "))
            }
            None => {
                let grades: Vec<String> = g.grades.iter().map(|v| (v + 1).to_string()).collect();
                (g.project.clone(), grades.join(" "))
            }
        };
        out.push_str(&format!("round {}  {name}  {grades}\n", g.round));
    }
    for c in &found.conflicts {
        out.push_str(&format!("conflict of interest declared on {c}\n"));
    }
    out
}
