//! The seal's rules: what the last entry must say of the lines before it
//! (its count and head), and what the session must have done (every round
//! closed, a decision, the results it names).

use super::{RuleError, RuleKind, Seal, SessionState};
use crate::bundle::Bundle;
use crate::digest::Digest;

impl SessionState {
    pub(super) fn seal_session(
        &mut self,
        bundle: &Bundle,
        count: u64,
        sealed_head: &str,
        results: &str,
        head: &Digest,
        at: &str,
    ) -> Result<(), RuleError> {
        self.check_seal(bundle, count, sealed_head, results, head)
            .map_err(|e| match e {
                SealError::Seal(m) => RuleError::new(RuleKind::Seal, m),
                SealError::Results(m) => RuleError::new(RuleKind::Results, m),
            })?;
        self.seal = Some(Seal {
            count,
            head: sealed_head.to_owned(),
            results: results.to_owned(),
            at: at.to_owned(),
        });
        Ok(())
    }

    /// The seal's rules, in the order the verifier reports them: the seal
    /// itself (step 7: every round closed, a decision, its count and head),
    /// then its results digest (step 8). `head` is the previous line's hash.
    pub fn check_seal(
        &self,
        bundle: &Bundle,
        count: u64,
        sealed_head: &str,
        results: &str,
        head: &Digest,
    ) -> Result<(), SealError> {
        seal_link(count, sealed_head, self.entries, head).map_err(SealError::Seal)?;
        if let Some(round) = self.rounds.last().filter(|r| r.is_open()) {
            return Err(SealError::Seal(format!(
                "sealed while round {} is still open",
                round.number
            )));
        }
        if self.rounds.is_empty() {
            return Err(SealError::Seal("sealed while round 1 is still open".into()));
        }
        if self.decision.is_none() {
            return Err(SealError::Seal(
                "sealed before any decision was recorded".into(),
            ));
        }
        let recomputed = self.results(bundle).digest(bundle).hex();
        if results != recomputed {
            return Err(SealError::Results(format!(
                "the seal's results digest {results} differs from the results recomputed from the ballots ({recomputed})"
            )));
        }
        Ok(())
    }
}

/// Why a seal is refused, by the step that owns the check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SealError {
    /// Step 7: count, head, rounds closed, a decision.
    Seal(String),
    /// Step 8: the results digest.
    Results(String),
}

impl SealError {
    pub fn reason(&self) -> &str {
        match self {
            Self::Seal(r) | Self::Results(r) => r,
        }
    }
}

/// A seal's `count` and `head`, which need no bundle: `count` is the number
/// of lines before it, `head` the previous line's hash in lowercase hex.
pub fn seal_link(count: u64, sealed_head: &str, entries: u64, head: &Digest) -> Result<(), String> {
    if count != entries {
        return Err(format!(
            "seal counts {count} entries, but {entries} precede it"
        ));
    }
    if sealed_head != head.hex() {
        return Err(format!(
            "seal names head {sealed_head}, but the previous line's hash is {head} (64 lowercase hex digits)"
        ));
    }
    Ok(())
}
