//! What `jury verify` says: the numbered steps, each passed, failed (with
//! the line) or skipped (with why), the verdict, and their text and JSON.

use serde::Serialize;

use super::signature_jobs::Checked;
use super::walk::{Failure, Walk};
use super::{Expectations, Read};
use crate::bundle::BundleFile;
use crate::session::SessionState;
use crate::signing::fingerprint;
use crate::terminal_text::{escape, escape_json};

/// The steps, in the order they are checked and reported; on a line, the
/// lowest step that fails is the one named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StepId {
    Syntax,
    Sequence,
    Chain,
    Bundle,
    Signatures,
    Ballots,
    Seal,
    Results,
    Detached,
}

impl StepId {
    pub const ALL: [StepId; 9] = [
        Self::Syntax,
        Self::Sequence,
        Self::Chain,
        Self::Bundle,
        Self::Signatures,
        Self::Ballots,
        Self::Seal,
        Self::Results,
        Self::Detached,
    ];

    /// 1 to 9, as reported.
    pub fn number(self) -> usize {
        self as usize + 1
    }

    /// The id in text and JSON reports.
    pub fn id(self) -> &'static str {
        match self {
            Self::Syntax => "syntax",
            Self::Sequence => "sequence",
            Self::Chain => "chain",
            Self::Bundle => "bundle",
            Self::Signatures => "signatures",
            Self::Ballots => "ballots",
            Self::Seal => "seal",
            Self::Results => "results",
            Self::Detached => "detached",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Syntax => "every line is a well-formed entry in its one byte form",
            Self::Sequence => "sequence numbers are contiguous from 0",
            Self::Chain => "every line names the hash of the line before",
            Self::Bundle => "the genesis entry names this bundle",
            Self::Signatures => {
                "every entry is signed by the genesis key (and the expected signer)"
            }
            Self::Ballots => "every entry follows the session rules",
            Self::Seal => "the seal is present, right and last",
            Self::Results => "the results recomputed from the ballots match the seal",
            Self::Detached => "the detached SSHSIG signature matches the whole file",
        }
    }
}

impl std::fmt::Display for StepId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

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
    pub id: StepId,
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
    pub fn step(&self, id: StepId) -> &Step {
        &self.steps[id as usize]
    }

    /// The failing step, if any: there is at most one, as checking stops
    /// at the first failure.
    pub fn first_failure(&self) -> Option<&Step> {
        self.steps
            .iter()
            .find(|s| matches!(s.outcome, Outcome::Fail { .. }))
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
        failure,
        count,
        head,
        verifier,
        state,
        seal_line,
    } = walked;
    let syntax = |line, reason: String| Failure {
        step: StepId::Syntax,
        line,
        reason,
    };
    // The walk read the complete lines the reader kept; after them come a
    // refused line, or a fragment without its LF.
    let failure = failure.or_else(|| {
        if let Some((line, why)) = stop {
            Some(syntax(Some(*line), why.to_string()))
        } else if bytes.is_empty() {
            Some(syntax(None, "the file is empty".into()))
        } else if !fragment.is_empty() {
            Some(syntax(
                Some(complete.len() + 1),
                "the last line has no end of line: the write was cut short".into(),
            ))
        } else {
            None
        }
    });
    // Everything present checks: without a seal, "incomplete"; with one,
    // the detached signature, if any.
    let failure = failure.or_else(|| match seal_line {
        None => Some(Failure {
            step: StepId::Seal,
            line: None,
            reason: "incomplete: the tally has no seal (the session was not closed)".into(),
        }),
        Some(_) => match (detached, checked.detached()) {
            (Some((sig_name, _)), Some(Err(e))) => Some(Failure {
                step: StepId::Detached,
                line: None,
                reason: format!("{sig_name}: {e}"),
            }),
            _ => None,
        },
    });
    let signer_text = verifier.as_ref().map(|(_, k)| fingerprint(k));
    // What a step that passed says: when a later step failed at line N,
    // it was checked on lines 1 to N only.
    let passed = |step: StepId| -> Outcome {
        if let Some(Failure {
            line: Some(line), ..
        }) = &failure
        {
            return pass(format!("lines 1 to {line}"));
        }
        pass(match step {
            StepId::Syntax => format!("{count} lines"),
            StepId::Bundle => format!(
                "sha256:{}",
                bundle.map(|b| b.sha256.hex()).unwrap_or_default()
            ),
            StepId::Signatures => match (&signer_text, expect.signer) {
                (Some(f), Some(_)) => format!("{count} entries, signer {f} as expected"),
                (Some(f), None) => {
                    format!("{count} entries, signer {f} (no --signer given to compare)")
                }
                _ => String::new(),
            },
            StepId::Ballots => match (&state, bundle) {
                (Some(st), Some(b)) => {
                    let ballots: usize = st.rounds.iter().map(|r| r.ballots.len()).sum();
                    let absent: usize = st.rounds.iter().map(|r| r.absent.len()).sum();
                    format!(
                        "{ballots} ballots, {absent} absences, {} seats",
                        b.bundle.jurors.len()
                    )
                }
                _ => String::new(),
            },
            StepId::Seal => seal_line.map(|n| format!("line {n}")).unwrap_or_default(),
            StepId::Detached => detached
                .as_ref()
                .map(|(sig_name, _)| {
                    format!("{sig_name}, namespace {}", crate::signing::SSHSIG_NAMESPACE)
                })
                .unwrap_or_default(),
            StepId::Sequence | StepId::Chain | StepId::Results => String::new(),
        })
    };
    let needs_bundle = |step| {
        matches!(step, StepId::Bundle | StepId::Ballots | StepId::Results) && bundle.is_none()
    };
    let outcome = |step: StepId| -> Outcome {
        match &failure {
            Some(f) if f.step == step => Outcome::Fail {
                line: f.line,
                reason: f.reason.clone(),
            },
            _ if needs_bundle(step) => skipped("no --bundle given"),
            Some(f) if f.step < step => skipped(match f.line {
                Some(1) => format!("not reached: step {} failed at line 1", f.step.number()),
                Some(line) => format!(
                    "not reached: step {} failed at line {line} (lines 1 to {} passed this step)",
                    f.step.number(),
                    line - 1
                ),
                None => format!("not reached: step {} failed", f.step.number()),
            }),
            _ if step == StepId::Detached && detached.is_none() => {
                skipped("no .sig file next to the tally")
            }
            _ => passed(step),
        }
    };
    let verdict = match &failure {
        None => Verdict::Valid,
        Some(f) if f.step == StepId::Seal && f.line.is_none() => Verdict::Incomplete,
        Some(_) => Verdict::Invalid,
    };
    let report = Report {
        tally: name.to_owned(),
        verdict,
        entries: count,
        head: head.map(|h| h.hex()),
        signer: signer_text.clone(),
        steps: StepId::ALL
            .iter()
            .map(|&id| Step {
                number: id.number(),
                id,
                title: id.title(),
                outcome: outcome(id),
            })
            .collect(),
    };
    (report, state)
}
