//! What a tally line says. Each line is one RON record:
//! `(seq:N,prev:"<hex>",at:"<UTC time>",entry:<Entry>,sig:"<hex>")`.
//! The byte-level rules (hashing, what the signature covers) are in `line.rs`.

use serde::{Deserialize, Serialize};

/// Version of the tally format written in the genesis entry.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Entry {
    /// Genesis: binds the session to a bundle, a key and a seed.
    SessionOpened {
        format: u32,
        program: String,
        /// SHA-256 (hex) of the bundle file's exact bytes.
        bundle_sha256: String,
        /// The signer, as an OpenSSH `ssh-ed25519 AAAA…` line.
        signer: String,
        /// 16 random bytes (hex): names the session.
        session_id: String,
        /// 32 random bytes (hex): drives each juror's project order.
        seed: String,
    },
    /// A seat will not vote in this round.
    JurorAbsent { seat: String, round: u32 },
    /// A juror's confirmed grades for one round.
    BallotCast {
        seat: String,
        round: u32,
        /// Project ids in the order the juror was shown them.
        order: Vec<String>,
        /// Projects the juror declared a conflict of interest on: not graded.
        conflicts: Vec<String>,
        /// For each graded project, in `order`: one grade index per criterion
        /// (bundle order), where 0 is the best grade of the scale.
        grades: Vec<(String, Vec<u8>)>,
    },
    /// Scoring of a round is over. `reason` is set when the facilitator
    /// closed it before every seat had voted or been marked absent.
    RoundClosed { round: u32, reason: Option<String> },
    /// A further round on some projects; its grades replace the earlier
    /// rounds' grades for those projects only.
    RoundOpened { round: u32, projects: Vec<String> },
    /// The jury's selection. `reason` is required when it departs from the
    /// ranking's top of the list.
    DecisionRecorded {
        selected: Vec<String>,
        reason: Option<String>,
    },
    /// The end: nothing may follow.
    SessionSealed {
        /// Entries before this one.
        count: u64,
        /// Hash of the previous line (equal to this line's `prev`).
        head: String,
        /// SHA-256 (hex) of the results' canonical text (docs/RESULTS.md).
        results: String,
    },
}

impl Entry {
    /// The variant name, as written in the file.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::SessionOpened { .. } => "SessionOpened",
            Self::JurorAbsent { .. } => "JurorAbsent",
            Self::BallotCast { .. } => "BallotCast",
            Self::RoundClosed { .. } => "RoundClosed",
            Self::RoundOpened { .. } => "RoundOpened",
            Self::DecisionRecorded { .. } => "DecisionRecorded",
            Self::SessionSealed { .. } => "SessionSealed",
        }
    }
}

/// The part of a line that is signed.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct UnsignedRecord<'a> {
    pub seq: u64,
    pub prev: &'a str,
    pub at: &'a str,
    pub entry: &'a Entry,
}

/// A whole line as read back.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub seq: u64,
    pub prev: String,
    pub at: String,
    pub entry: Entry,
    pub sig: String,
}
