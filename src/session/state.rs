//! The session state is a fold over the tally's entries: `apply` is the only
//! way it changes, and it enforces every rule of the format. The kiosk, the
//! verifier and `jury simulate` all go through it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::sync::Arc;

use super::order::project_order;
use crate::bundle::{Ballots, Bundle};
use crate::digest::{Digest, from_hex};
use crate::results::{GradeCounts, Results};
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
    fn new(number: u32, projects: Vec<usize>, bundle: &Bundle) -> Self {
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
}

/// Where a project's grades in the results come from (docs/RESULTS.md,
/// *Which grades count*).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// No closed round yet.
    Ungraded,
    /// The grades of `round`, given by `graders` jurors (at least the quorum).
    Counted { round: u32, graders: u64 },
    /// Its grades would come from fewer jurors than the quorum: they are
    /// withheld (no profile, ranked last with ungraded projects).
    TooFewGraders { round: u32, graders: u64 },
}

/// Why a further round did not replace a project's earlier grades.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeptBecause {
    /// The round was cancelled below the quorum.
    Cancelled,
    /// Fewer than the quorum graded the project in that round.
    TooFewGraders { graders: u64 },
}

/// A project of a further round that kept its earlier grades.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kept {
    pub project: usize,
    pub round: u32,
    pub because: KeptBecause,
}

/// Which grades count, per project: the one place the quorum rule of the
/// results lives (kiosk, verifier, `simulate`, minutes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standings {
    pub quorum: usize,
    /// The counted grades; zero for a project whose grades are withheld.
    pub counts: GradeCounts,
    /// Per bundle project.
    pub standing: Vec<Standing>,
    /// In round order, then the round's project order.
    pub kept: Vec<Kept>,
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
    ids: Arc<IdIndex>,
}

/// An entry that breaks the rules of the format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError(pub String);

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

macro_rules! rule {
    ($($arg:tt)*) => { return Err(RuleError(format!($($arg)*))) };
}

/// Seat and project ids to their bundle positions, built once per session:
/// a ballot names every project, so linear searches would be quadratic.
#[derive(Debug, Default)]
struct IdIndex {
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
            seed,
        } = entry
        else {
            return Err(RuleError(crate::tally::not_opened(entry)));
        };
        let (bundle_sha256, session_id) = (&**bundle_sha256, &**session_id);
        let ballots = match *format {
            FORMAT_VERSION => Ballots::Open,
            VECTORS_FORMAT_VERSION | SECRET_FORMAT_VERSION => Ballots::Secret,
            _ => rule!(
                "tally format {format} is not supported (this program reads formats {FORMAT_VERSION}, open ballots, {SECRET_FORMAT_VERSION}, secret ballots, and {VECTORS_FORMAT_VERSION}, secret ballots as earlier versions wrote them)"
            ),
        };
        if ballots != bundle.ballots {
            rule!(
                "the tally is format {format} ({} ballots), but the bundle asks for {} ballots (format {})",
                ballots_word(ballots),
                ballots_word(bundle.ballots),
                format_for(bundle.ballots)
            );
        }
        if bundle_sha256 != bundle_digest.hex() {
            rule!(
                "made from a different bundle: the tally names sha256:{bundle_sha256}, the bundle is sha256:{bundle_digest}"
            );
        }
        let Some(seed) = from_hex(seed).filter(|s| s.len() == 32) else {
            rule!("seed must be 64 hex digits");
        };
        if from_hex(session_id).is_none_or(|id| id.len() != 16) {
            rule!("session_id must be 32 hex digits");
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
    fn open_round(&mut self, bundle: &Bundle) -> &mut Round {
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

    /// Applies one entry (not the genesis) after checking every rule.
    /// `head` is the hash of the previous line; `hash` that of this one.
    pub fn apply<S: EntryText>(
        &mut self,
        bundle: &Bundle,
        entry: &Entry<S>,
        at: &str,
        head: &Digest,
        hash: &Digest,
    ) -> Result<(), RuleError> {
        if let Some(seal) = &self.seal {
            rule!(
                "the session was sealed at line {}: nothing may follow",
                seal.count + 1
            );
        }
        let ids = Arc::clone(&self.ids);
        let seat_index = |seat: &str| {
            ids.seats
                .get(seat)
                .copied()
                .ok_or_else(|| RuleError(format!("unknown seat {seat:?}")))
        };
        let project_index = |id: &str| {
            ids.projects
                .get(id)
                .copied()
                .ok_or_else(|| RuleError(format!("unknown project {id:?}")))
        };
        if let Some(&next) = self.to_publish.first()
            && !matches!(entry, Entry::GradesPublished { .. })
        {
            rule!(
                "round {}'s grades are published right after it closes: expected GradesPublished for {:?}, found {}",
                self.round_number(),
                bundle.projects[next].id,
                entry.kind()
            );
        }
        if self.counts_pending && !matches!(entry, Entry::CountsPublished { .. }) {
            rule!(
                "round {}'s counts are published right after it closes: expected CountsPublished, found {}",
                self.round_number(),
                entry.kind()
            );
        }
        match (entry, self.format) {
            (Entry::GradesPublished { .. }, SECRET_FORMAT_VERSION) => rule!(
                "GradesPublished publishes each juror's vector: format 3 tallies publish counts only (CountsPublished)"
            ),
            (Entry::CountsPublished { .. }, VECTORS_FORMAT_VERSION) => rule!(
                "CountsPublished belongs to format 3 tallies, but this one is format 2 (GradesPublished)"
            ),
            _ => {}
        }
        match (entry, self.ballots) {
            (Entry::BallotCast { .. }, Ballots::Secret) => {
                rule!(
                    "BallotCast names a seat's grades, but this session's ballots are secret (format {}: SecretBallotCast)",
                    self.format
                )
            }
            (
                Entry::SecretBallotCast { .. }
                | Entry::GradesPublished { .. }
                | Entry::CountsPublished { .. },
                Ballots::Open,
            ) => {
                rule!(
                    "{} belongs to secret-ballot tallies (formats 2 and 3), but this session's ballots are open",
                    entry.kind()
                )
            }
            _ => {}
        }
        match entry {
            Entry::SessionOpened { .. } => rule!("SessionOpened may only be the first entry"),
            Entry::JurorAbsent { seat, round } => {
                let s = seat_index(seat)?;
                let current = self.check_open_round(bundle, *round)?;
                if current.ballots.contains_key(&s) {
                    rule!("seat {seat} already voted in round {round}");
                }
                if current.absent.insert(s, at.to_owned()).is_some() {
                    rule!("seat {seat} is already marked absent in round {round}");
                }
            }
            Entry::AbsenceWithdrawn { seat, round } => {
                let s = seat_index(seat)?;
                let current = self.check_open_round(bundle, *round)?;
                if current.absent.remove(&s).is_none() {
                    rule!(
                        "seat {seat} is not marked absent in round {round}, so there is no absence to withdraw"
                    );
                }
            }
            Entry::DraftDiscarded { seat, round } => {
                let s = seat_index(seat)?;
                let current = self.check_open_round(bundle, *round)?;
                if !current.is_waiting(s) {
                    rule!(
                        "seat {seat} has voted or is absent in round {round}: it has no turn to discard"
                    );
                }
                current.drafts_discarded.push(s);
            }
            Entry::BallotCast {
                seat,
                round,
                order,
                conflicts,
                grades,
            } => {
                let s = seat_index(seat)?;
                let expected_order = self.order_for(bundle, s);
                let (conflicts, graded) = Self::check_ballot(
                    bundle,
                    order,
                    conflicts,
                    grades,
                    &expected_order,
                    &project_index,
                )?;
                if let Some(p) = graded
                    .iter()
                    .copied()
                    .find(|p| self.recused.get(&s).is_some_and(|r| r.contains(p)))
                {
                    rule!(
                        "seat {seat} grades {:?}, on which it declared a conflict of interest in an earlier ballot: a conflict holds for the whole session",
                        bundle.projects[p].id
                    );
                }
                let current = self.check_open_round(bundle, *round)?;
                if current.ballots.contains_key(&s) {
                    rule!("seat {seat} already voted in round {round}");
                }
                if current.absent.contains_key(&s) {
                    rule!("seat {seat} was marked absent in round {round}");
                }
                for (&p, (_, values)) in graded.iter().zip(grades) {
                    for (c, &g) in values.iter().enumerate() {
                        current.counts.add(p, c, usize::from(g));
                    }
                }
                current.ballots.insert(
                    s,
                    Ballot {
                        seat: s,
                        at: at.to_owned(),
                        conflicts: conflicts.clone(),
                        receipt: *hash,
                    },
                );
                if !conflicts.is_empty() {
                    self.recused.entry(s).or_default().extend(conflicts);
                }
            }
            Entry::SecretBallotCast {
                seat,
                round,
                conflicts,
            } => {
                let s = seat_index(seat)?;
                let conflicts = unique_indices(conflicts, "conflict", &project_index)?;
                let recused: Vec<usize> = self.recused_from(s).collect();
                let current = self.check_open_round(bundle, *round)?;
                if let Some(&c) = conflicts.iter().find(|c| !current.projects.contains(c)) {
                    rule!(
                        "conflict declared on {:?}, which is not in this round",
                        bundle.projects[c].id
                    );
                }
                if let Some(&p) = recused
                    .iter()
                    .find(|p| current.projects.contains(p) && !conflicts.contains(p))
                {
                    rule!(
                        "seat {seat} declared a conflict of interest on {:?} in an earlier ballot: a conflict holds for the whole session, so this ballot must list it",
                        bundle.projects[p].id
                    );
                }
                if current.ballots.contains_key(&s) {
                    rule!("seat {seat} already voted in round {round}");
                }
                if current.absent.contains_key(&s) {
                    rule!("seat {seat} was marked absent in round {round}");
                }
                current.ballots.insert(
                    s,
                    Ballot {
                        seat: s,
                        at: at.to_owned(),
                        conflicts: conflicts.clone(),
                        receipt: *hash,
                    },
                );
                if !conflicts.is_empty() {
                    self.recused.entry(s).or_default().extend(conflicts);
                }
            }
            Entry::GradesPublished {
                round,
                project,
                vectors,
            } => {
                let p = project_index(project)?;
                let Some(&next) = self.to_publish.first() else {
                    rule!("grades are published only right after their round closes");
                };
                let current = self.rounds.last_mut().expect("a closed round");
                if *round != current.number {
                    rule!(
                        "grades published for round {round}, but round {} just closed",
                        current.number
                    );
                }
                if p != next {
                    rule!(
                        "grades published for {project:?} where {:?} was expected (the round's projects, in order)",
                        bundle.projects[next].id
                    );
                }
                let graders = current
                    .ballots
                    .values()
                    .filter(|b| !b.conflicts.contains(&p))
                    .count();
                if vectors.len() != graders {
                    rule!(
                        "{} grade vectors published for {project:?}, but {graders} juror(s) graded it (ballots cast minus conflicts on it)",
                        vectors.len()
                    );
                }
                let mut previous: Option<&str> = None;
                for (tag, values) in vectors {
                    let tag: &str = tag;
                    if tag.len() != TAG_HEX_LEN
                        || !tag.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
                    {
                        rule!("tag {tag:?} is not {TAG_HEX_LEN} lowercase hex digits");
                    }
                    if previous.is_some_and(|prev| prev >= tag) {
                        rule!(
                            "the vectors of {project:?} are not in strictly increasing order of their tags (at {tag:?})"
                        );
                    }
                    previous = Some(tag);
                    check_grade_row(bundle, project, values)?;
                    for (c, &g) in values.iter().enumerate() {
                        current.counts.add(p, c, usize::from(g));
                    }
                }
                self.to_publish.remove(0);
            }
            Entry::CountsPublished { round, counts } => {
                if !self.counts_pending {
                    rule!("counts are published only right after their round closes");
                }
                let current = self.rounds.last_mut().expect("a closed round");
                if *round != current.number {
                    rule!(
                        "counts published for round {round}, but round {} just closed",
                        current.number
                    );
                }
                super::publication::check_counts(bundle, current, counts)?;
                self.counts_pending = false;
            }
            Entry::RoundClosed { round, reason } => {
                let seats = bundle.jurors.len();
                let quorum = bundle.quorum();
                let current = self.check_open_round(bundle, *round)?;
                if current.ballots.len() < quorum {
                    rule!(
                        "round {round} closed with {} ballot(s), below the quorum of {quorum}",
                        current.ballots.len()
                    );
                }
                let waiting = current.waiting(seats);
                if !waiting.is_empty() && reason.as_deref().is_none_or(is_blank) {
                    rule!(
                        "round {round} closed while {} seat(s) had not voted, without a reason",
                        waiting.len()
                    );
                }
                current.status = RoundStatus::Closed {
                    reason: reason.as_deref().map(str::to_owned),
                };
                let projects = current.projects.clone();
                match self.format {
                    VECTORS_FORMAT_VERSION => self.to_publish = projects,
                    SECRET_FORMAT_VERSION => self.counts_pending = true,
                    _ => {}
                }
            }
            Entry::RoundCancelled { round, reason } => {
                let quorum = bundle.quorum();
                let current = self.check_open_round(bundle, *round)?;
                if current.number == 1 {
                    rule!("round 1 cannot be cancelled: there are no earlier grades to keep");
                }
                if current.ballots.len() >= quorum {
                    rule!(
                        "round {round} has {} ballot(s), the quorum of {quorum} is reached: it is closed, not cancelled",
                        current.ballots.len()
                    );
                }
                if is_blank(reason) {
                    rule!("a round is cancelled with a reason, and this one is blank");
                }
                current.status = RoundStatus::Cancelled {
                    reason: reason.to_string(),
                };
            }
            Entry::RoundOpened { round, projects } => {
                if self.decision.is_some() {
                    rule!("a new round cannot open after the decision");
                }
                match self.rounds.last() {
                    Some(last) if !last.is_open() && *round == last.number + 1 => {}
                    Some(last) if last.is_open() => rule!("round {} is still open", last.number),
                    _ => rule!("round {round} cannot open now (round 1 must be closed first)"),
                }
                let indices = unique_indices(projects, "project", &project_index)?;
                if indices.is_empty() {
                    rule!("a round needs at least one project");
                }
                self.rounds.push(Round::new(*round, indices, bundle));
            }
            Entry::DecisionRecorded { selected, reason } => {
                self.check_all_closed()?;
                let indices = unique_indices(selected, "project", &project_index)?;
                if indices.len() > bundle.max_laureates as usize {
                    rule!(
                        "{} projects selected, at most {} allowed",
                        indices.len(),
                        bundle.max_laureates
                    );
                }
                if self.results(bundle).departs_from_ranking(&indices)
                    && reason.as_deref().is_none_or(is_blank)
                {
                    rule!("the selection departs from the ranking, so it needs a reason");
                }
                self.decision = Some(Decision {
                    selected: indices,
                    reason: reason.as_deref().map(str::to_owned),
                    at: at.to_owned(),
                });
            }
            Entry::SessionSealed {
                count,
                head: sealed_head,
                results,
            } => {
                self.check_seal(bundle, *count, sealed_head, results, head)
                    .map_err(|e| RuleError(e.reason().to_owned()))?;
                self.seal = Some(Seal {
                    count: *count,
                    head: sealed_head.to_string(),
                    results: results.to_string(),
                    at: at.to_owned(),
                });
            }
        }
        self.entries += 1;
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

    fn check_open_round(&mut self, bundle: &Bundle, round: u32) -> Result<&mut Round, RuleError> {
        let current = self.open_round(bundle);
        if round != current.number {
            rule!(
                "round {round} is not the current round ({})",
                current.number
            );
        }
        if !current.is_open() {
            rule!("round {round} is closed");
        }
        Ok(current)
    }

    fn check_all_closed(&self) -> Result<(), RuleError> {
        match self.rounds.last() {
            None => rule!("round 1 has not been closed"),
            Some(r) if r.is_open() => rule!("round {} has not been closed", r.number),
            Some(_) => Ok(()),
        }
    }

    /// Checks a ballot against the order derived for its seat; returns its
    /// conflicts and the projects it grades, in order (bundle indices).
    fn check_ballot<S: EntryText>(
        bundle: &Bundle,
        order: &[S],
        conflicts: &[S],
        grades: &[(S, GradeRow)],
        expected_order: &[usize],
        project_index: &dyn Fn(&str) -> Result<usize, RuleError>,
    ) -> Result<(Vec<usize>, Vec<usize>), RuleError> {
        // An honest ballot names exactly the derived order, so ids are
        // compared in place; only a mismatch pays for the lookups that name it.
        let id_of = |p: usize| bundle.projects[p].id.as_str();
        let as_expected = order.len() == expected_order.len()
            && order
                .iter()
                .zip(expected_order)
                .all(|(id, &p)| &**id == id_of(p));
        if !as_expected {
            unique_indices(order, "project in order", project_index)?;
            rule!(
                "the project order is not the one derived from the session seed for this seat and round"
            );
        }
        let conflicts = unique_indices(conflicts, "conflict", project_index)?;
        if let Some(&c) = conflicts.iter().find(|c| !expected_order.contains(c)) {
            rule!(
                "conflict declared on {:?}, which is not in this round",
                id_of(c)
            );
        }
        let expected: Vec<usize> = expected_order
            .iter()
            .copied()
            .filter(|p| !conflicts.contains(p))
            .collect();
        if grades.len() != expected.len() {
            rule!(
                "{} projects graded, expected {} (the round's projects minus conflicts)",
                grades.len(),
                expected.len()
            );
        }
        for ((id, values), &want) in grades.iter().zip(&expected) {
            if &**id != id_of(want) {
                project_index(id)?;
                rule!(
                    "grades for {id:?} where {:?} was expected (grades follow the order, without conflicts)",
                    id_of(want)
                );
            }
            check_grade_row(bundle, id, values)?;
        }
        Ok((conflicts, expected))
    }

    /// Which grades count (docs/RESULTS.md, *Which grades count*): round 1
    /// grades every project; a later closed round replaces a project's
    /// grades only when at least `quorum` jurors graded it there; a
    /// cancelled round replaces nothing. A project whose counted grades
    /// come from fewer than `quorum` jurors is withheld (counts zeroed).
    pub fn standings(&self, bundle: &Bundle) -> Standings {
        let quorum = bundle.quorum();
        let mut counts = GradeCounts::zeroed(
            bundle.projects.len(),
            bundle.criteria.len(),
            bundle.grades.len(),
        );
        let mut standing = vec![Standing::Ungraded; bundle.projects.len()];
        let mut kept = Vec::new();
        for round in self.rounds.iter().filter(|r| !r.is_open()) {
            for &p in &round.projects {
                let graders = round.graders(p);
                let first = standing[p] == Standing::Ungraded;
                let because = if round.is_cancelled() {
                    Some(KeptBecause::Cancelled)
                } else if graders < quorum as u64 && !first {
                    Some(KeptBecause::TooFewGraders { graders })
                } else {
                    None
                };
                match because {
                    Some(because) if !first => kept.push(Kept {
                        project: p,
                        round: round.number,
                        because,
                    }),
                    Some(_) => {}
                    None => {
                        counts.copy_project(&round.counts, p);
                        standing[p] = Standing::Counted {
                            round: round.number,
                            graders,
                        };
                    }
                }
            }
        }
        let empty = GradeCounts::zeroed(
            bundle.projects.len(),
            bundle.criteria.len(),
            bundle.grades.len(),
        );
        for (p, s) in standing.iter_mut().enumerate() {
            if let Standing::Counted { round, graders } = *s
                && graders < quorum as u64
            {
                counts.copy_project(&empty, p);
                *s = Standing::TooFewGraders { round, graders };
            }
        }
        Standings {
            quorum,
            counts,
            standing,
            kept,
        }
    }

    /// Grade counts per project, as they count (see `standings`).
    pub fn grade_counts(&self, bundle: &Bundle) -> GradeCounts {
        self.standings(bundle).counts
    }

    pub fn results(&self, bundle: &Bundle) -> Results {
        self.standings(bundle).results(bundle)
    }
}

impl Standings {
    /// The ranking of the counted grades; withheld projects are marked.
    pub fn results(&self, bundle: &Bundle) -> Results {
        let mut results = crate::results::compute(bundle, &self.counts);
        for r in &mut results.ranking {
            if let Standing::TooFewGraders { graders, .. } = self.standing[r.project] {
                r.withheld = Some(graders);
            }
        }
        results
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

/// One grade per criterion, each on the scale.
fn check_grade_row(bundle: &Bundle, id: &str, values: &GradeRow) -> Result<(), RuleError> {
    if values.len() != bundle.criteria.len() {
        rule!(
            "project {id:?}: {} grades for {} criteria",
            values.len(),
            bundle.criteria.len()
        );
    }
    if let Some(bad) = values
        .iter()
        .find(|&&g| usize::from(g) >= bundle.grades.len())
    {
        rule!(
            "project {id:?}: grade {bad} is not on the scale (0 to {})",
            bundle.grades.len() - 1
        );
    }
    Ok(())
}

fn ballots_word(ballots: Ballots) -> &'static str {
    match ballots {
        Ballots::Secret => "secret",
        Ballots::Open => "open",
    }
}

fn unique_indices<S: EntryText>(
    ids: &[S],
    what: &str,
    index: &dyn Fn(&str) -> Result<usize, RuleError>,
) -> Result<Vec<usize>, RuleError> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let i = index(id)?;
        if !seen.insert(i) {
            rule!("{what} {id:?} listed twice");
        }
        out.push(i);
    }
    Ok(out)
}
