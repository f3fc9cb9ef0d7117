//! What `jury verify` says: the numbered steps, each passed, failed (with
//! the line) or skipped (with why), the verdict, and their text and JSON.

use serde::Serialize;

use super::signature_jobs::Checked;
use super::walk::Walk;
use super::{Expectations, Read};
use crate::bundle::BundleFile;
use crate::session::SessionState;
use crate::signing::fingerprint;
use crate::terminal_text::{escape, escape_json};

/// The steps, in the order they are reported.
pub const STEPS: [(&str, &str); 9] = [
    ("syntax", "every line is a well-formed entry"),
    ("sequence", "sequence numbers are contiguous from 0"),
    ("chain", "every line names the hash of the line before"),
    ("bundle", "the genesis entry names this bundle"),
    (
        "signatures",
        "every entry is signed by the genesis key (and the expected signer)",
    ),
    ("ballots", "every entry follows the session rules"),
    ("seal", "the seal is present and last"),
    (
        "results",
        "the results recomputed from the ballots match the seal",
    ),
    (
        "detached",
        "the detached SSHSIG signature matches the whole file",
    ),
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum Outcome {
    Pass {
        detail: String,
    },
    Fail {
        line: Option<usize>,
        reason: String,
    },
    /// Not checked: no input for it, or an earlier step stopped the reading.
    Skipped {
        reason: String,
    },
}

#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub number: usize,
    pub id: &'static str,
    pub title: &'static str,
    #[serde(flatten)]
    pub outcome: Outcome,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Valid,
    /// Everything checked passed, but there is no seal yet.
    Incomplete,
    Invalid,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub tally: String,
    pub verdict: Verdict,
    pub entries: usize,
    pub head: Option<String>,
    pub signer: Option<String>,
    pub steps: Vec<Step>,
}

impl Report {
    pub fn exit_code(&self) -> u8 {
        match self.verdict {
            Verdict::Valid => 0,
            Verdict::Incomplete | Verdict::Invalid => 1,
        }
    }

    pub fn step(&self, id: &str) -> &Step {
        self.steps
            .iter()
            .find(|s| s.id == id)
            .expect("known step id")
    }

    /// The first failing step, if any.
    pub fn first_failure(&self) -> Option<&Step> {
        self.steps
            .iter()
            .filter(|s| matches!(s.outcome, Outcome::Fail { .. }))
            .min_by_key(|s| match &s.outcome {
                Outcome::Fail { line, .. } => line.unwrap_or(usize::MAX),
                _ => usize::MAX,
            })
    }

    /// The report for a terminal. Details and reasons may quote the tally
    /// (anyone can write one): they are escaped (`crate::terminal_text`).
    pub fn to_text(&self) -> String {
        let mut out = format!("jury verify: {}\n", escape(&self.tally));
        for step in &self.steps {
            let label = format!("{:>2}. {} ", step.number, step.id);
            let status = match &step.outcome {
                Outcome::Pass { detail } if detail.is_empty() => "ok".to_owned(),
                Outcome::Pass { detail } => format!("ok ({detail})"),
                Outcome::Fail {
                    line: Some(line),
                    reason,
                } => format!("FAIL line {line}: {reason}"),
                Outcome::Fail { line: None, reason } => format!("FAIL: {reason}"),
                Outcome::Skipped { reason } => format!("skipped ({reason})"),
            };
            out.push_str(&format!("{label:.<18} {}\n", escape(&status)));
        }
        let summary = match self.verdict {
            Verdict::Valid => format!(
                "VALID: {} entries, head {}, signer {}",
                self.entries,
                self.head.as_deref().unwrap_or("-"),
                self.signer.as_deref().unwrap_or("-")
            ),
            Verdict::Incomplete => format!(
                "INCOMPLETE: {} entries check out, but the tally is not sealed",
                self.entries
            ),
            Verdict::Invalid => match self.first_failure() {
                Some(Step {
                    id,
                    outcome: Outcome::Fail { line, reason },
                    ..
                }) => match line {
                    Some(line) => format!("INVALID: line {line} ({id}): {reason}"),
                    None => format!("INVALID ({id}): {reason}"),
                },
                _ => "INVALID".to_owned(),
            },
        };
        out.push_str(&escape(&summary));
        out.push('\n');
        out
    }

    /// The report as JSON, with what serde_json leaves raw (C1, bidi and
    /// invisible characters) written as `\uXXXX` escapes.
    pub fn to_json(&self) -> String {
        let json = serde_json::to_string_pretty(self).expect("reports serialise");
        escape_json(&json).into_owned()
    }
}

pub(super) struct Checker {
    pub(super) outcomes: Vec<Option<Outcome>>,
}

impl Checker {
    fn index(id: &str) -> usize {
        STEPS
            .iter()
            .position(|(s, _)| *s == id)
            .expect("known step")
    }
    pub(super) fn fail(&mut self, id: &str, line: Option<usize>, reason: impl Into<String>) {
        let slot = &mut self.outcomes[Self::index(id)];
        if slot.is_none() {
            *slot = Some(Outcome::Fail {
                line,
                reason: reason.into(),
            });
        }
    }
    pub(super) fn set(&mut self, id: &str, outcome: Outcome) {
        let slot = &mut self.outcomes[Self::index(id)];
        if slot.is_none() {
            *slot = Some(outcome);
        }
    }
    pub(super) fn failed(&self) -> bool {
        self.outcomes
            .iter()
            .any(|o| matches!(o, Some(Outcome::Fail { .. })))
    }
}

fn pass(detail: impl Into<String>) -> Outcome {
    Outcome::Pass {
        detail: detail.into(),
    }
}

fn skipped(reason: impl Into<String>) -> Outcome {
    Outcome::Skipped {
        reason: reason.into(),
    }
}

/// The report, from what the walk found and the signature checks.
pub(super) fn build(
    read: &Read,
    walked: Walk,
    checked: &Checked,
    bundle: Option<&BundleFile>,
    expect: &Expectations,
) -> (Report, Option<SessionState>) {
    let Read {
        name,
        bytes,
        complete,
        fragment,
        stop,
        detached,
    } = read;
    let Walk {
        mut c,
        count,
        head,
        verifier,
        state,
        seal_line,
        results_checked,
    } = walked;

    if let Some((line, why)) = stop {
        // Unless an earlier line failed: checking stops at the first.
        if !c.failed() {
            c.fail("syntax", Some(*line), why.to_string());
        }
    } else if bytes.is_empty() {
        c.fail("syntax", None, "the file is empty");
    }
    if !fragment.is_empty() && !c.failed() {
        c.fail(
            "syntax",
            Some(complete.len() + 1),
            "the last line has no end of line: the write was cut short",
        );
    }
    let stopped = c.failed();
    let not_reached = || skipped("not reached: an earlier step failed");
    c.set("syntax", pass(format!("{count} lines")));
    c.set("sequence", pass(""));
    c.set("chain", pass(""));
    match bundle {
        Some(b) => c.set("bundle", pass(format!("sha256:{}", b.sha256))),
        None => c.set("bundle", skipped("no --bundle given")),
    }
    let signer_text = verifier.as_ref().map(|(_, k)| fingerprint(k));
    c.set(
        "signatures",
        pass(match (&signer_text, expect.signer) {
            (Some(f), Some(_)) => format!("{count} entries, signer {f} as expected"),
            (Some(f), None) => {
                format!("{count} entries, signer {f} (no --signer given to compare)")
            }
            _ => String::new(),
        }),
    );
    if stopped {
        c.set("ballots", not_reached());
    } else if let (Some(st), Some(b)) = (&state, bundle) {
        let ballots: usize = st.rounds.iter().map(|r| r.ballots.len()).sum();
        let absent: usize = st.rounds.iter().map(|r| r.absent.len()).sum();
        c.set(
            "ballots",
            pass(format!(
                "{ballots} ballots, {absent} absences, {} seats",
                b.bundle.jurors.len()
            )),
        );
    } else {
        c.set("ballots", skipped("no --bundle given"));
    }
    let sealed = seal_line.is_some();
    match seal_line {
        Some(n) => c.set("seal", pass(format!("line {n}"))),
        None if stopped => c.set("seal", not_reached()),
        None => c.fail(
            "seal",
            None,
            "incomplete: the tally has no seal (the session was not closed)",
        ),
    }
    if results_checked {
        c.set("results", pass(""));
    } else if bundle.is_none() {
        c.set("results", skipped("no --bundle given"));
    } else if stopped {
        c.set("results", not_reached());
    } else if !sealed {
        c.set("results", skipped("no seal to compare with"));
    } else {
        c.set("results", not_reached());
    }
    // The walk's key is the one the jobs used: both come from line 0.
    match (&detached, &verifier, checked.detached()) {
        (None, _, _) => c.set("detached", skipped("no .sig file next to the tally")),
        (Some((sig_name, _)), Some(_), Some(Ok(()))) => c.set(
            "detached",
            pass(format!(
                "{sig_name}, namespace {}",
                crate::signing::SSHSIG_NAMESPACE
            )),
        ),
        (Some((sig_name, _)), Some(_), Some(Err(e))) => {
            c.fail("detached", None, format!("{sig_name}: {e}"))
        }
        (Some(_), _, _) => c.set("detached", not_reached()),
    }
    let outcomes: Vec<Outcome> = c
        .outcomes
        .into_iter()
        .map(|o| o.unwrap_or_else(not_reached))
        .collect();
    let failures: Vec<&str> = STEPS
        .iter()
        .zip(&outcomes)
        .filter(|(_, o)| matches!(o, Outcome::Fail { .. }))
        .map(|((id, _), _)| *id)
        .collect();
    // Unsealed but otherwise sound: "incomplete", still exit 1.
    let verdict = match failures.as_slice() {
        [] => Verdict::Valid,
        ["seal"] if !sealed => Verdict::Incomplete,
        _ => Verdict::Invalid,
    };
    let report = Report {
        tally: name.to_owned(),
        verdict,
        entries: count,
        head: head.map(|h| h.hex()),
        signer: signer_text,
        steps: STEPS
            .iter()
            .zip(outcomes)
            .enumerate()
            .map(|(i, ((id, title), outcome))| Step {
                number: i + 1,
                id,
                title,
                outcome,
            })
            .collect(),
    };
    (report, state)
}
