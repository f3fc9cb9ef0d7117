//! What a tally line says. Each line is one RON record:
//! `(seq:N,prev:"<hex>",at:"<UTC time>",entry:<Entry>,sig:"<hex>")`.
//! The byte-level rules (hashing, what the signature covers) are in `line.rs`.
//!
//! The text type `S` is `String` for entries the program makes; lines read
//! back borrow their text from the file (`Cow<str>`), so checking a large
//! tally does not copy every id it names.

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;

use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

/// One project's grades, one per criterion (at most `MAX_CRITERIA`, 12):
/// kept inline, so a ballot of 187 projects is not 187 small allocations.
pub type GradeRow = SmallVec<[u8; 12]>;

/// How many jurors gave each grade (bundle order, best first) on one
/// criterion of one project: at most `MAX_GRADES`, 10, kept inline.
pub type CountRow = SmallVec<[u32; 10]>;

/// Version of the tally format written in the genesis entry of an open
/// (roll-call) session: ballots carry their grades.
pub const FORMAT_VERSION: u32 = 1;
/// Version 2: a secret-ballot session with each juror's vector per project
/// (`SecretBallotCast`, `GradesPublished`), as earlier versions wrote it:
/// read and verified, never written.
pub const VECTORS_FORMAT_VERSION: u32 = 2;
/// Version 3: a secret-ballot session that publishes counts only
/// (`SecretBallotCast`, `CountsPublished`): what secret sessions write.
pub const SECRET_FORMAT_VERSION: u32 = 3;

/// What an entry's text can be: `String`, or `Cow<str>` borrowed from a line.
pub trait EntryText: Deref<Target = str> + fmt::Display + fmt::Debug + PartialEq<String> {}

impl<T: Deref<Target = str> + fmt::Display + fmt::Debug + PartialEq<String>> EntryText for T {}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Entry<S = String> {
    /// Genesis: binds the session to a bundle, a key and a seed.
    SessionOpened {
        format: u32,
        program: S,
        /// SHA-256 (hex) of the bundle file's exact bytes.
        bundle_sha256: S,
        /// The signer, as an OpenSSH `ssh-ed25519 AAAA…` line.
        signer: S,
        /// 16 random bytes (hex): names the session.
        session_id: S,
        /// 32 random bytes (hex): drives each juror's project order.
        seed: S,
    },
    /// A seat will not vote in this round.
    JurorAbsent { seat: S, round: u32 },
    /// A seat marked absent by mistake may vote in this round after all.
    AbsenceWithdrawn { seat: S, round: u32 },
    /// The facilitator discarded a seat's unconfirmed turn (closing the
    /// round or marking the seat absent). Nothing of the draft is recorded.
    DraftDiscarded { seat: S, round: u32 },
    /// A juror's confirmed grades for one round.
    BallotCast {
        seat: S,
        round: u32,
        /// Project ids in the order the juror was shown them.
        order: Vec<S>,
        /// Projects the juror declared a conflict of interest on: not graded.
        conflicts: Vec<S>,
        /// For each graded project, in `order`: one grade index per criterion
        /// (bundle order), where 0 is the best grade of the scale.
        grades: Vec<(S, GradeRow)>,
    },
    /// Format 2 (secret ballots): a seat voted in this round; its grades
    /// are in the sealed ballot box until the round closes, then published
    /// without its seat. Its conflicts of interest are public.
    SecretBallotCast {
        seat: S,
        round: u32,
        conflicts: Vec<S>,
    },
    /// Format 2: one project's grades in a closed round, one vector per
    /// juror who graded it, each with a tag only that juror's receipt code
    /// can derive; sorted by tag, an order that says nothing.
    GradesPublished {
        round: u32,
        project: S,
        vectors: Vec<(S, GradeRow)>,
    },
    /// Format 3: a closed round's grade counts, for each project at least
    /// the quorum graded (round order): per criterion (bundle order), how
    /// many jurors gave each grade (best first). No vector, tag or seat.
    CountsPublished {
        round: u32,
        counts: Vec<(S, Vec<CountRow>)>,
    },
    /// Scoring of a round is over. `reason` is set when the facilitator
    /// closed it before every seat had voted or been marked absent.
    RoundClosed { round: u32, reason: Option<S> },
    /// A further round ended below the quorum: its ballots stay recorded
    /// but do not count; the earlier grades stay in force.
    RoundCancelled { round: u32, reason: S },
    /// A further round on some projects; its grades replace the earlier
    /// rounds' grades for those projects only.
    RoundOpened { round: u32, projects: Vec<S> },
    /// The jury's selection. `reason` is required when it departs from the
    /// ranking's top of the list.
    DecisionRecorded { selected: Vec<S>, reason: Option<S> },
    /// The end: nothing may follow.
    SessionSealed {
        /// Entries before this one.
        count: u64,
        /// Hash of the previous line (equal to this line's `prev`).
        head: S,
        /// SHA-256 (hex) of the results' canonical text (docs/RESULTS.md).
        results: S,
    },
}

impl<S> Entry<S> {
    /// The variant name, as written in the file.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::SessionOpened { .. } => "SessionOpened",
            Self::JurorAbsent { .. } => "JurorAbsent",
            Self::AbsenceWithdrawn { .. } => "AbsenceWithdrawn",
            Self::DraftDiscarded { .. } => "DraftDiscarded",
            Self::BallotCast { .. } => "BallotCast",
            Self::SecretBallotCast { .. } => "SecretBallotCast",
            Self::GradesPublished { .. } => "GradesPublished",
            Self::CountsPublished { .. } => "CountsPublished",
            Self::RoundClosed { .. } => "RoundClosed",
            Self::RoundCancelled { .. } => "RoundCancelled",
            Self::RoundOpened { .. } => "RoundOpened",
            Self::DecisionRecorded { .. } => "DecisionRecorded",
            Self::SessionSealed { .. } => "SessionSealed",
        }
    }

    /// The same entry with its text converted by `f`.
    pub fn map_text<T>(self, f: impl Fn(S) -> T) -> Entry<T> {
        let all = |v: Vec<S>| v.into_iter().map(&f).collect();
        match self {
            Self::SessionOpened {
                format,
                program,
                bundle_sha256,
                signer,
                session_id,
                seed,
            } => Entry::SessionOpened {
                format,
                program: f(program),
                bundle_sha256: f(bundle_sha256),
                signer: f(signer),
                session_id: f(session_id),
                seed: f(seed),
            },
            Self::JurorAbsent { seat, round } => Entry::JurorAbsent {
                seat: f(seat),
                round,
            },
            Self::AbsenceWithdrawn { seat, round } => Entry::AbsenceWithdrawn {
                seat: f(seat),
                round,
            },
            Self::DraftDiscarded { seat, round } => Entry::DraftDiscarded {
                seat: f(seat),
                round,
            },
            Self::BallotCast {
                seat,
                round,
                order,
                conflicts,
                grades,
            } => Entry::BallotCast {
                seat: f(seat),
                round,
                order: all(order),
                conflicts: all(conflicts),
                grades: grades.into_iter().map(|(id, g)| (f(id), g)).collect(),
            },
            Self::SecretBallotCast {
                seat,
                round,
                conflicts,
            } => Entry::SecretBallotCast {
                seat: f(seat),
                round,
                conflicts: all(conflicts),
            },
            Self::GradesPublished {
                round,
                project,
                vectors,
            } => Entry::GradesPublished {
                round,
                project: f(project),
                vectors: vectors.into_iter().map(|(t, g)| (f(t), g)).collect(),
            },
            Self::CountsPublished { round, counts } => Entry::CountsPublished {
                round,
                counts: counts.into_iter().map(|(p, rows)| (f(p), rows)).collect(),
            },
            Self::RoundClosed { round, reason } => Entry::RoundClosed {
                round,
                reason: reason.map(&f),
            },
            Self::RoundCancelled { round, reason } => Entry::RoundCancelled {
                round,
                reason: f(reason),
            },
            Self::RoundOpened { round, projects } => Entry::RoundOpened {
                round,
                projects: all(projects),
            },
            Self::DecisionRecorded { selected, reason } => Entry::DecisionRecorded {
                selected: all(selected),
                reason: reason.map(&f),
            },
            Self::SessionSealed {
                count,
                head,
                results,
            } => Entry::SessionSealed {
                count,
                head: f(head),
                results: f(results),
            },
        }
    }
}

impl Entry<Cow<'_, str>> {
    /// Detaches an entry read from a line from the line's bytes.
    pub fn into_owned(self) -> Entry {
        self.map_text(Cow::into_owned)
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

/// A whole line as read back, its text borrowed from the line where it
/// needs no unescaping.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record<'a> {
    pub seq: u64,
    pub prev: Cow<'a, str>,
    pub at: Cow<'a, str>,
    pub entry: Entry<Cow<'a, str>>,
    pub sig: Cow<'a, str>,
}
