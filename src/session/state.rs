//! The session state is a fold over the tally's entries: `apply` is the only
//! way it changes, and it enforces every rule of the format. The kiosk, the
//! verifier and `jury simulate` all go through it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use super::order::project_order;
use super::rule_error::rule;
use super::{RuleError, RuleKind};
use crate::bundle::{Ballots, Bundle};
use crate::digest::{Digest, from_hex};
use crate::results::GradeCounts;
use crate::tally::{
    Entry, EntryText, FORMAT_VERSION, GradeRow, SECRET_FORMAT_VERSION, VECTORS_FORMAT_VERSION,
};

/// Hex digits of a published vector's tag (64 bits of HMAC-SHA-256).
pub const TAG_HEX_LEN: usize = 16;

/// The tally format a bundle's sessions are written in.
pub fn format_for(ballots: Ballots) -> u32 {
    match ballots {
        Ballots::Open => FORMAT_VERSION,
        Ballots::Secret => SECRET_FORMAT_VERSION,
    }
}

/// What the genesis entry binds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Genesis {
    pub bundle_sha256: String,
    pub signer: String,
    pub session_id: String,
    pub seed: Vec<u8>,
    pub program: String,
    pub opened_at: String,
    /// Hash of the genesis line: copied onto the paper minutes.
    pub hash: Digest,
}

/// A juror's confirmed ballot. Its grades are folded into the round's
/// counts as it is applied (the tally keeps them line by line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ballot {
    pub seat: usize,
    pub at: String,
    pub conflicts: Vec<usize>,
    /// Hash of the tally line: the juror's receipt.
    pub receipt: Digest,
}

/// Where a round stands: open for ballots, closed (its grades count), or
/// cancelled below the quorum (its ballots stay recorded and do not count).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoundStatus {
    Open,
    /// `reason`: why it was closed before every seat had voted, if it was.
    Closed {
        reason: Option<String>,
    },
    Cancelled {
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    pub number: u32,
    /// Bundle indices of the projects graded in this round.
    pub projects: Vec<usize>,
    pub ballots: BTreeMap<usize, Ballot>,
    /// Seat index → time marked absent (an absence withdrawn is removed).
    pub absent: BTreeMap<usize, String>,
    /// Seats whose unconfirmed turn the facilitator discarded, in order.
    pub drafts_discarded: Vec<usize>,
    pub status: RoundStatus,
    /// The grades of this round's ballots, counted as each is applied, so
    /// results never re-read every ballot.
    pub counts: GradeCounts,
}

impl Round {
    pub(super) fn new(number: u32, projects: Vec<usize>, bundle: &Bundle) -> Self {
        Self {
            number,
            projects,
            ballots: BTreeMap::new(),
            absent: BTreeMap::new(),
            drafts_discarded: Vec::new(),
            status: RoundStatus::Open,
            counts: GradeCounts::zeroed(
                bundle.projects.len(),
                bundle.criteria.len(),
                bundle.grades.len(),
            ),
        }
    }

    pub fn is_open(&self) -> bool {
        self.status == RoundStatus::Open
    }

    pub fn is_cancelled(&self) -> bool {
        matches!(self.status, RoundStatus::Cancelled { .. })
    }

    /// Why it was closed early, or why it was cancelled.
    pub fn reason(&self) -> Option<&str> {
        match &self.status {
            RoundStatus::Open => None,
            RoundStatus::Closed { reason } => reason.as_deref(),
            RoundStatus::Cancelled { reason } => Some(reason),
        }
    }

    /// The one rule of "waiting": the round is open and the seat has
    /// neither voted nor been marked absent in it.
    pub fn is_waiting(&self, seat: usize) -> bool {
        self.is_open() && !self.ballots.contains_key(&seat) && !self.absent.contains_key(&seat)
    }

    /// Seats that have neither voted nor been marked absent.
    pub fn waiting(&self, seats: usize) -> Vec<usize> {
        (0..seats).filter(|&s| self.is_waiting(s)).collect()
    }

    /// How many of this round's ballots graded `project`: its ballots
    /// minus those with a conflict on it (the roll says it, even where a
    /// secret round publishes no counts).
    pub fn graders(&self, project: usize) -> u64 {
        super::publication::roll_graders(self, project)
    }

    /// Counts one grader's grades on `project`, a grade per criterion.
    pub(super) fn count(&mut self, project: usize, grades: &GradeRow) {
        for (c, &g) in grades.iter().enumerate() {
            self.counts.add(project, c, usize::from(g));
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub selected: Vec<usize>,
    pub reason: Option<String>,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seal {
    pub count: u64,
    pub head: String,
    pub results: String,
    pub at: String,
}

#[derive(Debug, Clone)]
pub struct SessionState {
    pub genesis: Genesis,
    pub rounds: Vec<Round>,
    /// Seat → projects it declared a conflict of interest on, in any
    /// ballot: recused for the rest of the session.
    pub recused: BTreeMap<usize, BTreeSet<usize>>,
    pub decision: Option<Decision>,
    pub seal: Option<Seal>,
    /// Entries applied so far.
    pub entries: u64,
    /// Secret or open ballots: from the genesis's format, which must be the
    /// bundle's.
    pub ballots: Ballots,
    /// Secret ballots: the projects of the round just closed whose grades
    /// are still to be published, in the round's order. Nothing else may
    /// come before they are.
    pub to_publish: Vec<usize>,
    /// Format 3: the round just closed has its `CountsPublished` to come,
    /// before anything else.
    pub counts_pending: bool,
    /// The tally format of the genesis: 1, 2 or 3.
    pub format: u32,
    pub(super) ids: Arc<IdIndex>,
}

/// Seat and project ids to their bundle positions, built once per session:
/// a ballot names every project, so linear searches would be quadratic.
#[derive(Debug, Default)]
pub(super) struct IdIndex {
    seats: HashMap<String, usize>,
    projects: HashMap<String, usize>,
}

impl IdIndex {
    fn new(bundle: &Bundle) -> Self {
        Self {
            seats: bundle
                .jurors
                .iter()
                .enumerate()
                .map(|(i, j)| (j.seat.clone(), i))
                .collect(),
            projects: bundle
                .projects
                .iter()
                .enumerate()
                .map(|(i, p)| (p.id.clone(), i))
                .collect(),
        }
    }

    pub(super) fn seat(&self, seat: &str) -> Result<usize, RuleError> {
        self.seats
            .get(seat)
            .copied()
            .ok_or_else(|| RuleError::new(RuleKind::Id, format!("unknown seat {seat:?}")))
    }

    pub(super) fn project(&self, id: &str) -> Result<usize, RuleError> {
        self.projects
            .get(id)
            .copied()
            .ok_or_else(|| RuleError::new(RuleKind::Id, format!("unknown project {id:?}")))
    }
}

/// What line 1 must be whatever the bundle (so checked with or without
/// one, docs/TALLY-FORMAT.md): `format` 1 or 2, `bundle_sha256` and `seed`
/// 64 and `session_id` 32 lowercase hex digits. The ballots the format
/// stands for, and the seed's bytes.
pub fn genesis_shape<S: EntryText>(entry: &Entry<S>) -> Result<(Ballots, Vec<u8>), RuleError> {
    let Entry::SessionOpened {
        format,
        bundle_sha256,
        session_id,
        seed,
        ..
    } = entry
    else {
        return Err(RuleError::new(
            RuleKind::Genesis,
            crate::tally::not_opened(entry),
        ));
    };
    let ballots = match *format {
        FORMAT_VERSION => Ballots::Open,
        VECTORS_FORMAT_VERSION | SECRET_FORMAT_VERSION => Ballots::Secret,
        _ => rule!(
            Genesis,
            "tally format {format} is not supported (this program reads formats {FORMAT_VERSION}, open ballots, {SECRET_FORMAT_VERSION}, secret ballots, and {VECTORS_FORMAT_VERSION}, secret ballots as earlier versions wrote them)"
        ),
    };
    if from_hex(bundle_sha256).is_none_or(|d| d.len() != 32) {
        rule!(Genesis, "bundle_sha256 must be 64 lowercase hex digits");
    }
    let Some(seed) = from_hex(seed).filter(|s| s.len() == 32) else {
        rule!(Genesis, "seed must be 64 lowercase hex digits");
    };
    if from_hex(session_id).is_none_or(|id| id.len() != 16) {
        rule!(Genesis, "session_id must be 32 lowercase hex digits");
    }
    Ok((ballots, seed))
}

impl SessionState {
    /// Starts the fold from the genesis entry.
    pub fn genesis<S: EntryText>(
        bundle: &Bundle,
        bundle_digest: &Digest,
        entry: &Entry<S>,
        at: &str,
        hash: &Digest,
    ) -> Result<Self, RuleError> {
        let Entry::SessionOpened {
            format,
            program,
            bundle_sha256,
            signer,
            session_id,
            ..
        } = entry
        else {
            return Err(RuleError::new(
                RuleKind::Genesis,
                crate::tally::not_opened(entry),
            ));
        };
        let (bundle_sha256, session_id) = (&**bundle_sha256, &**session_id);
        let (ballots, seed) = genesis_shape(entry)?;
        if ballots != bundle.ballots {
            rule!(
                Genesis,
                "the tally is format {format} ({} ballots), but the bundle asks for {} ballots (format {})",
                ballots_word(ballots),
                ballots_word(bundle.ballots),
                format_for(bundle.ballots)
            );
        }
        if bundle_sha256 != bundle_digest.hex() {
            rule!(
                Genesis,
                "made from a different bundle: the tally names sha256:{bundle_sha256}, the bundle is sha256:{bundle_digest}"
            );
        }
        Ok(Self {
            genesis: Genesis {
                bundle_sha256: bundle_sha256.to_owned(),
                signer: signer.to_string(),
                session_id: session_id.to_owned(),
                seed,
                program: program.to_string(),
                opened_at: at.to_owned(),
                hash: *hash,
            },
            rounds: Vec::new(),
            recused: BTreeMap::new(),
            decision: None,
            seal: None,
            entries: 1,
            ballots,
            to_publish: Vec::new(),
            counts_pending: false,
            format: *format,
            ids: Arc::new(IdIndex::new(bundle)),
        })
    }

    /// The round being voted on or last closed.
    pub fn current_round(&self) -> Option<&Round> {
        self.rounds.last()
    }

    /// Round 1 opens implicitly with the session, on every project.
    pub(super) fn open_round(&mut self, bundle: &Bundle) -> &mut Round {
        if self.rounds.is_empty() {
            self.rounds
                .push(Round::new(1, (0..bundle.projects.len()).collect(), bundle));
        }
        self.rounds.last_mut().expect("a round exists")
    }

    pub fn round_number(&self) -> u32 {
        self.rounds.last().map_or(1, |r| r.number)
    }

    pub fn is_sealed(&self) -> bool {
        self.seal.is_some()
    }

    /// Whether `seat` may cast a ballot now: the one rule the console, the
    /// juror's screens and `apply` share.
    pub fn may_vote(&self, seat: usize) -> bool {
        !self.is_sealed() && self.current_round().is_none_or(|r| r.is_waiting(seat))
    }

    /// Whether `seat` is marked absent in the current, open round (so the
    /// absence may be withdrawn).
    pub fn is_absent_now(&self, seat: usize) -> bool {
        !self.is_sealed()
            && self
                .current_round()
                .is_some_and(|r| r.is_open() && r.absent.contains_key(&seat))
    }

    /// Projects `seat` is recused from for the rest of the session.
    pub fn recused_from(&self, seat: usize) -> impl Iterator<Item = usize> + '_ {
        self.recused.get(&seat).into_iter().flatten().copied()
    }

    /// Ballots cast in the current round.
    pub fn ballots_now(&self) -> usize {
        self.current_round().map_or(0, |r| r.ballots.len())
    }

    /// Whether the current round has the ballots it needs to close.
    pub fn has_quorum(&self, bundle: &Bundle) -> bool {
        self.ballots_now() >= bundle.quorum()
    }

    /// The projects of the current round, in the round's order (bundle
    /// indices): every project in round 1.
    pub fn round_projects(&self, bundle: &Bundle) -> Vec<usize> {
        self.rounds.last().map_or_else(
            || (0..bundle.projects.len()).collect(),
            |r| r.projects.clone(),
        )
    }

    /// The order `seat` sees the projects of the current round in.
    pub fn order_for(&self, bundle: &Bundle, seat: usize) -> Vec<usize> {
        let projects = self.round_projects(bundle);
        project_order(
            &self.genesis.seed,
            &bundle.jurors[seat].seat,
            self.round_number(),
            &projects,
        )
    }
}

/// Whether a reason is blank: it has no character other than Unicode
/// White_Space (`char::is_whitespace`: spaces of every width, no-break and
/// ideographic spaces, tabs, line breaks). The one definition used by the
/// rules (and so by `jury verify`) and by the kiosk when a reason is typed
/// (docs/TALLY-FORMAT.md, *Reasons*).
pub fn is_blank(text: &str) -> bool {
    text.chars().all(char::is_whitespace)
}

fn ballots_word(ballots: Ballots) -> &'static str {
    match ballots {
        Ballots::Secret => "secret",
        Ballots::Open => "open",
    }
}
