//! Why the rules refuse an entry: a kind, for callers that sort refusals
//! (a report, a test), and the message a person reads, worded once here
//! or where the rule is checked.

use std::fmt;

/// An entry that breaks the rules of the format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub kind: RuleKind,
    pub message: String,
}

/// Which rule an entry breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    /// The first entry: its format, its bundle, its seed or session id.
    Genesis,
    /// An entry where none of its kind may stand: after the seal, a second
    /// `SessionOpened`, one before the grades due are published, or one of
    /// the other ballot kind.
    OutOfPlace,
    /// A seat or project the bundle does not have, or one listed twice.
    Id,
    /// A round that is not the current one, is closed, or may not open,
    /// close or be cancelled so.
    Round,
    /// A seat that has voted, is absent, or has no absence or turn to undo.
    Seat,
    /// A ballot's order, conflicts or projects.
    Ballot,
    /// A grade row: one grade per criterion, each on the scale.
    Grades,
    /// A conflict of interest declared earlier, which holds for the session.
    Recusal,
    /// Secret ballots: the grades published after a round closes.
    Publication,
    /// The facilitator's decision.
    Decision,
    /// The seal: its count and head, every round closed, a decision.
    Seal,
    /// The seal's results digest.
    Results,
}

impl RuleError {
    pub fn new(kind: RuleKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RuleError {}

/// Returns a `RuleError` of kind `$kind` (a `RuleKind` variant) from the
/// function: `rule!(Round, "round {round} is closed")`.
macro_rules! rule {
    ($kind:ident, $($arg:tt)*) => {
        return Err($crate::session::RuleError::new(
            $crate::session::RuleKind::$kind,
            format!($($arg)*),
        ))
    };
}
pub(super) use rule;
