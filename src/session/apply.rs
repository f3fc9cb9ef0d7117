//! `apply`: every rule an entry after the genesis must keep, one method per
//! entry kind. Both ballot kinds end in one `record_ballot`, so a rule of
//! casting is written once for open and secret ballots.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::rule_error::rule;
use super::state::{Ballot, Decision, IdIndex, Round, RoundStatus, TAG_HEX_LEN, is_blank};
use super::{RuleError, SessionState};
use crate::bundle::{Ballots, Bundle};
use crate::digest::Digest;
use crate::tally::{
    CountRow, Entry, EntryText, GradeRow, SECRET_FORMAT_VERSION, VECTORS_FORMAT_VERSION,
};

impl SessionState {
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
        self.check_place(bundle, entry)?;
        match entry {
            Entry::SessionOpened { .. } => {
                rule!(OutOfPlace, "SessionOpened may only be the first entry")
            }
            Entry::JurorAbsent { seat, round } => self.mark_absent(bundle, seat, *round, at)?,
            Entry::AbsenceWithdrawn { seat, round } => {
                self.withdraw_absence(bundle, seat, *round)?
            }
            Entry::DraftDiscarded { seat, round } => self.discard_draft(bundle, seat, *round)?,
            Entry::BallotCast {
                seat,
                round,
                order,
                conflicts,
                grades,
            } => self.cast_open_ballot(bundle, seat, *round, order, conflicts, grades, at, hash)?,
            Entry::SecretBallotCast {
                seat,
                round,
                conflicts,
            } => self.cast_secret_ballot(bundle, seat, *round, conflicts, at, hash)?,
            Entry::GradesPublished {
                round,
                project,
                vectors,
            } => self.publish_grades(bundle, *round, project, vectors)?,
            Entry::CountsPublished { round, counts } => {
                self.publish_counts(bundle, *round, counts)?
            }
            Entry::RoundClosed { round, reason } => {
                self.close_round(bundle, *round, reason.as_deref())?
            }
            Entry::RoundCancelled { round, reason } => self.cancel_round(bundle, *round, reason)?,
            Entry::RoundOpened { round, projects } => {
                self.open_next_round(bundle, *round, projects)?
            }
            Entry::DecisionRecorded { selected, reason } => {
                self.record_decision(bundle, selected, reason.as_deref(), at)?
            }
            Entry::SessionSealed {
                count,
                head: sealed_head,
                results,
            } => self.seal_session(bundle, *count, sealed_head, results, head, at)?,
        }
        self.entries += 1;
        Ok(())
    }

    /// What may stand here at all: nothing after the seal, only the grades
    /// due while a closed round's are unpublished, and only entries of the
    /// session's ballot kind.
    fn check_place<S: EntryText>(
        &self,
        bundle: &Bundle,
        entry: &Entry<S>,
    ) -> Result<(), RuleError> {
        if let Some(seal) = &self.seal {
            rule!(
                OutOfPlace,
                "the session was sealed at line {}: nothing may follow",
                seal.count + 1
            );
        }
        if let Some(&next) = self.to_publish.first()
            && !matches!(entry, Entry::GradesPublished { .. })
        {
            rule!(
                OutOfPlace,
                "round {}'s grades are published right after it closes: expected GradesPublished for {:?}, found {}",
                self.round_number(),
                bundle.projects[next].id,
                entry.kind()
            );
        }
        if self.counts_pending && !matches!(entry, Entry::CountsPublished { .. }) {
            rule!(
                OutOfPlace,
                "round {}'s counts are published right after it closes: expected CountsPublished, found {}",
                self.round_number(),
                entry.kind()
            );
        }
        match (entry, self.format) {
            (Entry::GradesPublished { .. }, SECRET_FORMAT_VERSION) => rule!(
                OutOfPlace,
                "GradesPublished publishes each juror's vector: format 3 tallies publish counts only (CountsPublished)"
            ),
            (Entry::CountsPublished { .. }, VECTORS_FORMAT_VERSION) => rule!(
                OutOfPlace,
                "CountsPublished belongs to format 3 tallies, but this one is format 2 (GradesPublished)"
            ),
            _ => {}
        }
        match (entry, self.ballots) {
            (Entry::BallotCast { .. }, Ballots::Secret) => {
                rule!(
                    OutOfPlace,
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
                    OutOfPlace,
                    "{} belongs to secret-ballot tallies (formats 2 and 3), but this session's ballots are open",
                    entry.kind()
                )
            }
            _ => Ok(()),
        }
    }

    fn mark_absent(
        &mut self,
        bundle: &Bundle,
        seat: &str,
        round: u32,
        at: &str,
    ) -> Result<(), RuleError> {
        let s = self.ids.seat(seat)?;
        let current = self.check_open_round(bundle, round)?;
        if current.ballots.contains_key(&s) {
            rule!(Seat, "seat {seat} already voted in round {round}");
        }
        if current.absent.insert(s, at.to_owned()).is_some() {
            rule!(
                Seat,
                "seat {seat} is already marked absent in round {round}"
            );
        }
        Ok(())
    }

    fn withdraw_absence(
        &mut self,
        bundle: &Bundle,
        seat: &str,
        round: u32,
    ) -> Result<(), RuleError> {
        let s = self.ids.seat(seat)?;
        let current = self.check_open_round(bundle, round)?;
        if current.absent.remove(&s).is_none() {
            rule!(
                Seat,
                "seat {seat} is not marked absent in round {round}, so there is no absence to withdraw"
            );
        }
        Ok(())
    }

    fn discard_draft(&mut self, bundle: &Bundle, seat: &str, round: u32) -> Result<(), RuleError> {
        let s = self.ids.seat(seat)?;
        let current = self.check_open_round(bundle, round)?;
        if !current.is_waiting(s) {
            rule!(
                Seat,
                "seat {seat} has voted or is absent in round {round}: it has no turn to discard"
            );
        }
        current.drafts_discarded.push(s);
        Ok(())
    }

    /// An open ballot (format 1): its order, conflicts and grades, then
    /// what every ballot keeps.
    #[allow(clippy::too_many_arguments)]
    fn cast_open_ballot<S: EntryText>(
        &mut self,
        bundle: &Bundle,
        seat: &str,
        round: u32,
        order: &[S],
        conflicts: &[S],
        grades: &[(S, GradeRow)],
        at: &str,
        hash: &Digest,
    ) -> Result<(), RuleError> {
        let s = self.ids.seat(seat)?;
        let expected_order = self.order_for(bundle, s);
        let ids = Arc::clone(&self.ids);
        let (conflicts, graded) =
            check_ballot(bundle, order, conflicts, grades, &expected_order, &ids)?;
        if let Some(p) = graded
            .iter()
            .copied()
            .find(|p| self.recused.get(&s).is_some_and(|r| r.contains(p)))
        {
            rule!(
                Recusal,
                "seat {seat} grades {:?}, on which it declared a conflict of interest in an earlier ballot: a conflict holds for the whole session",
                bundle.projects[p].id
            );
        }
        let rows = graded
            .iter()
            .copied()
            .zip(grades.iter().map(|(_, row)| row));
        let cast = Cast {
            seat,
            s,
            round,
            at,
            hash,
        };
        self.record_ballot(bundle, cast, conflicts, rows, |_, _| Ok(()))
    }

    /// A secret ballot (format 2): its conflicts, which must repeat the
    /// seat's earlier ones in this round, then what every ballot keeps.
    fn cast_secret_ballot<S: EntryText>(
        &mut self,
        bundle: &Bundle,
        seat: &str,
        round: u32,
        conflicts: &[S],
        at: &str,
        hash: &Digest,
    ) -> Result<(), RuleError> {
        let s = self.ids.seat(seat)?;
        let conflicts = unique_indices(conflicts, "conflict", &self.ids)?;
        let recused: Vec<usize> = self.recused_from(s).collect();
        let cast = Cast {
            seat,
            s,
            round,
            at,
            hash,
        };
        let in_round = |current: &Round, conflicts: &[usize]| {
            if let Some(&c) = conflicts.iter().find(|c| !current.projects.contains(c)) {
                rule!(
                    Ballot,
                    "conflict declared on {:?}, which is not in this round",
                    bundle.projects[c].id
                );
            }
            if let Some(&p) = recused
                .iter()
                .find(|p| current.projects.contains(p) && !conflicts.contains(p))
            {
                rule!(
                    Recusal,
                    "seat {seat} declared a conflict of interest on {:?} in an earlier ballot: a conflict holds for the whole session, so this ballot must list it",
                    bundle.projects[p].id
                );
            }
            Ok(())
        };
        self.record_ballot(bundle, cast, conflicts, std::iter::empty(), in_round)
    }

    /// What every ballot, open or secret, keeps and records: the round is
    /// the current, open one (then `in_round`, the ballot kind's own checks
    /// against it), the seat has neither voted nor been marked absent in
    /// it; its grades (`rows`: project, grades) are counted, its conflicts
    /// recuse the seat for the rest of the session.
    fn record_ballot<'a>(
        &mut self,
        bundle: &Bundle,
        cast: Cast<'_>,
        conflicts: Vec<usize>,
        rows: impl Iterator<Item = (usize, &'a GradeRow)>,
        in_round: impl FnOnce(&Round, &[usize]) -> Result<(), RuleError>,
    ) -> Result<(), RuleError> {
        let Cast {
            seat,
            s,
            round,
            at,
            hash,
        } = cast;
        let current = self.check_open_round(bundle, round)?;
        in_round(current, &conflicts)?;
        if current.ballots.contains_key(&s) {
            rule!(Seat, "seat {seat} already voted in round {round}");
        }
        if current.absent.contains_key(&s) {
            rule!(Seat, "seat {seat} was marked absent in round {round}");
        }
        for (p, values) in rows {
            current.count(p, values);
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
        Ok(())
    }

    /// Secret ballots: one project's grade vectors, published in the
    /// round's order right after it closes.
    fn publish_grades<S: EntryText>(
        &mut self,
        bundle: &Bundle,
        round: u32,
        project: &str,
        vectors: &[(S, GradeRow)],
    ) -> Result<(), RuleError> {
        let p = self.ids.project(project)?;
        let Some(&next) = self.to_publish.first() else {
            rule!(
                Publication,
                "grades are published only right after their round closes"
            );
        };
        let current = self.rounds.last_mut().expect("a closed round");
        if round != current.number {
            rule!(
                Publication,
                "grades published for round {round}, but round {} just closed",
                current.number
            );
        }
        if p != next {
            rule!(
                Publication,
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
                Publication,
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
                rule!(
                    Publication,
                    "tag {tag:?} is not {TAG_HEX_LEN} lowercase hex digits"
                );
            }
            if previous.is_some_and(|prev| prev >= tag) {
                rule!(
                    Publication,
                    "the vectors of {project:?} are not in strictly increasing order of their tags (at {tag:?})"
                );
            }
            previous = Some(tag);
            check_grade_row(bundle, project, values)?;
            current.count(p, values);
        }
        self.to_publish.remove(0);
        Ok(())
    }

    /// Format 3: the round just closed's counts (`publication.rs` holds
    /// their rules, shared with the close that writes them).
    fn publish_counts<S: EntryText>(
        &mut self,
        bundle: &Bundle,
        round: u32,
        counts: &[(S, Vec<CountRow>)],
    ) -> Result<(), RuleError> {
        if !self.counts_pending {
            rule!(
                Publication,
                "counts are published only right after their round closes"
            );
        }
        let current = self.rounds.last_mut().expect("a closed round");
        if round != current.number {
            rule!(
                Publication,
                "counts published for round {round}, but round {} just closed",
                current.number
            );
        }
        super::publication::check_counts(bundle, current, counts)?;
        self.counts_pending = false;
        Ok(())
    }

    fn close_round(
        &mut self,
        bundle: &Bundle,
        round: u32,
        reason: Option<&str>,
    ) -> Result<(), RuleError> {
        let seats = bundle.jurors.len();
        let quorum = bundle.quorum();
        let current = self.check_open_round(bundle, round)?;
        if current.ballots.len() < quorum {
            rule!(
                Round,
                "round {round} closed with {} ballot(s), below the quorum of {quorum}",
                current.ballots.len()
            );
        }
        let waiting = current.waiting(seats);
        if !waiting.is_empty() && reason.is_none_or(is_blank) {
            rule!(
                Round,
                "round {round} closed while {} seat(s) had not voted, without a reason",
                waiting.len()
            );
        }
        current.status = RoundStatus::Closed {
            reason: reason.map(str::to_owned),
        };
        let projects = current.projects.clone();
        match self.format {
            VECTORS_FORMAT_VERSION => self.to_publish = projects,
            SECRET_FORMAT_VERSION => self.counts_pending = true,
            _ => {}
        }
        Ok(())
    }

    fn cancel_round(&mut self, bundle: &Bundle, round: u32, reason: &str) -> Result<(), RuleError> {
        let quorum = bundle.quorum();
        let current = self.check_open_round(bundle, round)?;
        if current.number == 1 {
            rule!(
                Round,
                "round 1 cannot be cancelled: there are no earlier grades to keep"
            );
        }
        if current.ballots.len() >= quorum {
            rule!(
                Round,
                "round {round} has {} ballot(s), the quorum of {quorum} is reached: it is closed, not cancelled",
                current.ballots.len()
            );
        }
        if is_blank(reason) {
            rule!(
                Round,
                "a round is cancelled with a reason, and this one is blank"
            );
        }
        current.status = RoundStatus::Cancelled {
            reason: reason.to_owned(),
        };
        Ok(())
    }

    fn open_next_round<S: EntryText>(
        &mut self,
        bundle: &Bundle,
        round: u32,
        projects: &[S],
    ) -> Result<(), RuleError> {
        if self.decision.is_some() {
            rule!(Round, "a new round cannot open after the decision");
        }
        match self.rounds.last() {
            Some(last) if !last.is_open() && round == last.number + 1 => {}
            Some(last) if last.is_open() => rule!(Round, "round {} is still open", last.number),
            _ => rule!(
                Round,
                "round {round} cannot open now (round 1 must be closed first)"
            ),
        }
        let indices = unique_indices(projects, "project", &self.ids)?;
        if indices.is_empty() {
            rule!(Round, "a round needs at least one project");
        }
        self.rounds.push(Round::new(round, indices, bundle));
        Ok(())
    }

    fn record_decision<S: EntryText>(
        &mut self,
        bundle: &Bundle,
        selected: &[S],
        reason: Option<&str>,
        at: &str,
    ) -> Result<(), RuleError> {
        self.check_all_closed()?;
        let indices = unique_indices(selected, "project", &self.ids)?;
        if indices.len() > bundle.max_laureates as usize {
            rule!(
                Decision,
                "{} projects selected, at most {} allowed",
                indices.len(),
                bundle.max_laureates
            );
        }
        if self.results(bundle).departs_from_ranking(&indices) && reason.is_none_or(is_blank) {
            rule!(
                Decision,
                "the selection departs from the ranking, so it needs a reason"
            );
        }
        self.decision = Some(Decision {
            selected: indices,
            reason: reason.map(str::to_owned),
            at: at.to_owned(),
        });
        Ok(())
    }
    fn check_open_round(&mut self, bundle: &Bundle, round: u32) -> Result<&mut Round, RuleError> {
        let current = self.open_round(bundle);
        if round != current.number {
            rule!(
                Round,
                "round {round} is not the current round ({})",
                current.number
            );
        }
        if !current.is_open() {
            rule!(Round, "round {round} is closed");
        }
        Ok(current)
    }

    fn check_all_closed(&self) -> Result<(), RuleError> {
        match self.rounds.last() {
            None => rule!(Round, "round 1 has not been closed"),
            Some(r) if r.is_open() => rule!(Round, "round {} has not been closed", r.number),
            Some(_) => Ok(()),
        }
    }
}

/// Who casts a ballot, where and when: `seat` as the tally names it, `s`
/// its bundle position.
struct Cast<'a> {
    seat: &'a str,
    s: usize,
    round: u32,
    at: &'a str,
    hash: &'a Digest,
}

/// Checks a ballot against the order derived for its seat; returns its
/// conflicts and the projects it grades, in order (bundle indices).
fn check_ballot<S: EntryText>(
    bundle: &Bundle,
    order: &[S],
    conflicts: &[S],
    grades: &[(S, GradeRow)],
    expected_order: &[usize],
    ids: &IdIndex,
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
        unique_indices(order, "project in order", ids)?;
        rule!(
            Ballot,
            "the project order is not the one derived from the session seed for this seat and round"
        );
    }
    let conflicts = unique_indices(conflicts, "conflict", ids)?;
    if let Some(&c) = conflicts.iter().find(|c| !expected_order.contains(c)) {
        rule!(
            Ballot,
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
            Ballot,
            "{} projects graded, expected {} (the round's projects minus conflicts)",
            grades.len(),
            expected.len()
        );
    }
    for ((id, values), &want) in grades.iter().zip(&expected) {
        if &**id != id_of(want) {
            ids.project(id)?;
            rule!(
                Ballot,
                "grades for {id:?} where {:?} was expected (grades follow the order, without conflicts)",
                id_of(want)
            );
        }
        check_grade_row(bundle, id, values)?;
    }
    Ok((conflicts, expected))
}

/// One grade per criterion, each on the scale.
fn check_grade_row(bundle: &Bundle, id: &str, values: &GradeRow) -> Result<(), RuleError> {
    if values.len() != bundle.criteria.len() {
        rule!(
            Grades,
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
            Grades,
            "project {id:?}: grade {bad} is not on the scale (0 to {})",
            bundle.grades.len() - 1
        );
    }
    Ok(())
}

/// The bundle positions of listed projects, each listed once.
fn unique_indices<S: EntryText>(
    listed: &[S],
    what: &str,
    index: &IdIndex,
) -> Result<Vec<usize>, RuleError> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::with_capacity(listed.len());
    for id in listed {
        let i = index.project(id)?;
        if !seen.insert(i) {
            rule!(Id, "{what} {id:?} listed twice");
        }
        out.push(i);
    }
    Ok(out)
}
