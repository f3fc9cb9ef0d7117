//! One juror's turn, from the welcome pages to the confirmed ballot: pure
//! state, no terminal, no file. It is also what a draft holds (saved after
//! every change by `kiosk::drafts`), so a crash or power cut resumes the
//! turn exactly where it was.

use serde::{Deserialize, Serialize};

use crate::bundle::Bundle;

/// Number of welcome pages before scoring starts.
pub const WELCOME_PAGES: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    Welcome { page: usize },
    Scoring,
    Review,
    Confirm,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Change {
    position: usize,
    criterion: usize,
    before: Option<u8>,
}

/// Where `JurorTurn::step_back` went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepBack {
    Criterion,
    Project,
}

/// Why the juror cannot move on yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocked {
    /// Criteria of the current project without a grade.
    MissingHere(Vec<usize>),
    /// (position, criterion) pairs still missing in the whole ballot.
    MissingInBallot(Vec<(usize, usize)>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JurorTurn {
    /// Seat index in the bundle.
    seat: usize,
    round: u32,
    /// Bundle project indices, in the order this juror sees them.
    order: Vec<usize>,
    /// `grades[position][criterion]`: grade index (0 = best) or not yet given.
    grades: Vec<Vec<Option<u8>>>,
    /// `conflicts[position]`: declared conflict of interest.
    conflicts: Vec<bool>,
    /// `recused[position]`: a conflict declared in an earlier ballot, which
    /// holds for the whole session: no grade, and it cannot be withdrawn.
    #[serde(default)]
    recused: Vec<bool>,
    stage: Stage,
    /// Position in `order` of the project on screen.
    position: usize,
    /// Focused criterion.
    criterion: usize,
    /// Opened from the review grid: Enter goes back there.
    from_review: bool,
    undo: Vec<Change>,
}

impl JurorTurn {
    pub fn new(bundle: &Bundle, seat: usize, round: u32, order: Vec<usize>) -> Self {
        let n = order.len();
        Self {
            seat,
            round,
            grades: vec![vec![None; bundle.criteria.len()]; n],
            conflicts: vec![false; n],
            recused: vec![false; n],
            order,
            stage: Stage::Welcome { page: 0 },
            position: 0,
            criterion: 0,
            from_review: false,
            undo: Vec::new(),
        }
    }

    /// Seat index in the bundle.
    pub fn seat(&self) -> usize {
        self.seat
    }

    pub fn round(&self) -> u32 {
        self.round
    }

    /// Bundle project indices, in the order this juror sees them.
    pub fn order(&self) -> &[usize] {
        &self.order
    }

    /// `grades()[position][criterion]`: grade index (0 = best) or not yet given.
    pub fn grades(&self) -> &[Vec<Option<u8>>] {
        &self.grades
    }

    /// `conflicts()[position]`: declared conflict of interest.
    pub fn conflicts(&self) -> &[bool] {
        &self.conflicts
    }

    /// `recused()[position]`: a conflict declared in an earlier ballot.
    pub fn recused(&self) -> &[bool] {
        &self.recused
    }

    pub fn stage(&self) -> Stage {
        self.stage
    }

    /// Position in `order()` of the project on screen.
    pub fn position(&self) -> usize {
        self.position
    }

    /// Focused criterion.
    pub fn criterion(&self) -> usize {
        self.criterion
    }

    /// Opened from the review grid: Enter goes back there.
    pub fn from_review(&self) -> bool {
        self.from_review
    }

    /// A conflict of interest is declared on the project on screen.
    pub fn conflict_here(&self) -> bool {
        self.conflicts[self.position]
    }

    /// The project on screen is the last before the review (or was opened from it).
    pub fn project_last(&self) -> bool {
        self.position + 1 == self.order.len() || self.from_review
    }

    /// The next welcome page, or scoring after the last.
    pub fn next_welcome_page(&mut self) {
        if let Stage::Welcome { page } = self.stage {
            self.stage = if page + 1 < WELCOME_PAGES {
                Stage::Welcome { page: page + 1 }
            } else {
                Stage::Scoring
            };
        }
    }

    pub fn previous_welcome_page(&mut self) {
        if let Stage::Welcome { page } = self.stage {
            self.stage = Stage::Welcome {
                page: page.saturating_sub(1),
            };
        }
    }

    /// Straight from the welcome to scoring (the turn in lines).
    pub fn start_scoring(&mut self) {
        self.stage = Stage::Scoring;
    }

    /// From the confirmation step back to the review.
    pub fn back_to_review(&mut self) {
        self.stage = Stage::Review;
    }

    /// From scoring to the review, wherever the juror was.
    pub fn skip_to_review(&mut self) {
        self.stage = Stage::Review;
        self.from_review = false;
    }

    /// Puts the focus on cell (position, criterion), staying on this step.
    pub fn select(&mut self, position: usize, criterion: usize) {
        self.position = position;
        self.criterion = criterion;
    }

    /// The review grid's moves, wrapping at the edges.
    pub fn review_up(&mut self) {
        let rows = self.order.len();
        self.position = (self.position + rows - 1) % rows;
    }

    pub fn review_down(&mut self) {
        self.position = (self.position + 1) % self.order.len();
    }

    pub fn review_left(&mut self) {
        self.focus_previous();
    }

    pub fn review_right(&mut self) {
        self.focus_next();
    }

    /// One step back in the turn in lines: the previous criterion, or the
    /// last criterion of the previous project; false on the very first.
    pub fn step_back(&mut self) -> Option<StepBack> {
        if self.criterion > 0 && !self.conflicts[self.position] {
            self.criterion -= 1;
            Some(StepBack::Criterion)
        } else if self.position > 0 {
            self.position -= 1;
            self.criterion = self.criteria() - 1;
            Some(StepBack::Project)
        } else {
            None
        }
    }

    pub fn project(&self) -> usize {
        self.order[self.position]
    }

    pub fn criteria(&self) -> usize {
        self.grades.first().map_or(0, Vec::len)
    }

    /// Gives `grade` to the focused criterion, then focuses the next
    /// criterion without a grade (or stays on the last one).
    pub fn grade(&mut self, grade: u8) {
        if self.conflicts[self.position] {
            return;
        }
        let cell = &mut self.grades[self.position][self.criterion];
        self.undo.push(Change {
            position: self.position,
            criterion: self.criterion,
            before: *cell,
        });
        *cell = Some(grade);
        let row = &self.grades[self.position];
        let next_missing = (self.criterion + 1..row.len())
            .chain(0..self.criterion)
            .find(|&c| row[c].is_none());
        if let Some(c) = next_missing {
            self.criterion = c;
        } else if self.criterion + 1 < row.len() {
            self.criterion += 1;
        }
    }

    /// Removes the focused criterion's grade.
    pub fn clear(&mut self) {
        let cell = &mut self.grades[self.position][self.criterion];
        if cell.is_some() {
            self.undo.push(Change {
                position: self.position,
                criterion: self.criterion,
                before: *cell,
            });
            *cell = None;
        }
    }

    /// Takes back the last grade change and shows where it was.
    pub fn undo(&mut self) -> bool {
        let Some(change) = self.undo.pop() else {
            return false;
        };
        self.grades[change.position][change.criterion] = change.before;
        self.position = change.position;
        self.criterion = change.criterion;
        if self.stage != Stage::Scoring {
            self.stage = Stage::Scoring;
            self.from_review = true;
        }
        true
    }

    pub fn focus_next(&mut self) {
        self.criterion = (self.criterion + 1) % self.criteria();
    }

    pub fn focus_previous(&mut self) {
        self.criterion = (self.criterion + self.criteria() - 1) % self.criteria();
    }

    pub fn focus(&mut self, criterion: usize) {
        if criterion < self.criteria() {
            self.criterion = criterion;
        }
    }

    pub fn missing_here(&self) -> Vec<usize> {
        if self.conflicts[self.position] {
            return Vec::new();
        }
        (0..self.criteria())
            .filter(|&c| self.grades[self.position][c].is_none())
            .collect()
    }

    pub fn missing(&self) -> Vec<(usize, usize)> {
        self.grades
            .iter()
            .enumerate()
            .filter(|(p, _)| !self.conflicts[*p])
            .flat_map(|(p, row)| {
                row.iter()
                    .enumerate()
                    .filter(|(_, g)| g.is_none())
                    .map(move |(c, _)| (p, c))
            })
            .collect()
    }

    /// Projects fully graded or declared a conflict on.
    pub fn done(&self) -> usize {
        (0..self.order.len())
            .filter(|&p| self.conflicts[p] || self.grades[p].iter().all(Option::is_some))
            .count()
    }

    /// Next project (or the review after the last, or back to the review
    /// when opened from it), once this one is complete.
    pub fn advance(&mut self) -> Result<(), Blocked> {
        let missing = self.missing_here();
        if let Some(&first) = missing.first() {
            self.criterion = first;
            return Err(Blocked::MissingHere(missing));
        }
        if self.from_review || self.position + 1 == self.order.len() {
            self.from_review = false;
            self.stage = Stage::Review;
        } else {
            self.position += 1;
            self.criterion = self.first_missing_or_zero();
        }
        Ok(())
    }

    pub fn back(&mut self) {
        if self.position > 0 {
            self.position -= 1;
            self.criterion = self.first_missing_or_zero();
        }
    }

    fn first_missing_or_zero(&self) -> usize {
        self.missing_here().first().copied().unwrap_or(0)
    }

    /// Marks the projects `seat` is recused from (conflicts declared in
    /// earlier ballots, `SessionState::recused_from`): declared, ungraded,
    /// and locked. Applied to a new turn and to a resumed draft alike.
    pub fn recuse(&mut self, projects: impl IntoIterator<Item = usize>) {
        self.recused = vec![false; self.order.len()];
        for project in projects {
            if let Some(position) = self.order.iter().position(|&p| p == project) {
                self.recused[position] = true;
                self.conflicts[position] = true;
                self.grades[position].iter_mut().for_each(|g| *g = None);
                self.undo.retain(|change| change.position != position);
            }
        }
    }

    /// Whether the project on screen is recused (an earlier declaration).
    pub fn is_recused(&self) -> bool {
        self.recused.get(self.position).copied().unwrap_or(false)
    }

    /// Declares or withdraws a conflict of interest on the current project.
    /// Declaring one clears that project's grades (it is not graded). A
    /// recused project's conflict cannot be withdrawn: returns false.
    pub fn toggle_conflict(&mut self) -> bool {
        if self.is_recused() {
            return false;
        }
        let p = self.position;
        self.conflicts[p] = !self.conflicts[p];
        if self.conflicts[p] {
            for c in 0..self.criteria() {
                self.grades[p][c] = None;
            }
            self.undo.retain(|change| change.position != p);
        }
        self.criterion = 0;
        true
    }

    /// Opens the review cell (position, criterion) in the scoring screen.
    pub fn open_from_review(&mut self, position: usize, criterion: usize) {
        self.position = position.min(self.order.len() - 1);
        self.criterion = criterion.min(self.criteria() - 1);
        self.stage = Stage::Scoring;
        self.from_review = true;
    }

    /// Moves to the confirmation step if nothing is missing.
    pub fn to_confirm(&mut self) -> Result<(), Blocked> {
        let missing = self.missing();
        if !missing.is_empty() {
            return Err(Blocked::MissingInBallot(missing));
        }
        self.stage = Stage::Confirm;
        Ok(())
    }

    /// The ballot for `Session::cast_ballot`: conflicts and grades per bundle project.
    pub fn ballot(&self, projects: usize) -> (Vec<usize>, Vec<Option<Vec<u8>>>) {
        let mut grades = vec![None; projects];
        let mut conflicts = Vec::new();
        for (position, &p) in self.order.iter().enumerate() {
            if self.conflicts[position] {
                conflicts.push(p);
            } else {
                grades[p] = Some(
                    self.grades[position]
                        .iter()
                        .map(|g| g.unwrap_or(0))
                        .collect(),
                );
            }
        }
        (conflicts, grades)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::demo;

    fn turn() -> JurorTurn {
        let b = demo().bundle;
        let mut t = JurorTurn::new(&b, 0, 1, vec![2, 0, 3, 1]);
        t.stage = Stage::Scoring;
        t
    }

    #[test]
    fn a_grade_moves_to_the_next_missing_criterion() {
        let mut t = turn();
        t.grade(2);
        assert_eq!((t.grades[0][0], t.criterion), (Some(2), 1));
        t.focus(3);
        t.grade(0);
        assert_eq!(t.criterion, 4);
        t.grade(1);
        // Wraps to the first criterion still missing.
        assert_eq!(t.criterion, 1);
    }

    #[test]
    fn cannot_advance_with_missing_grades_and_says_which() {
        let mut t = turn();
        t.grade(0);
        t.grade(0);
        assert_eq!(t.advance(), Err(Blocked::MissingHere(vec![2, 3, 4])));
        assert_eq!(t.criterion, 2);
        for _ in 0..3 {
            t.grade(1);
        }
        assert_eq!(t.advance(), Ok(()));
        assert_eq!((t.position, t.criterion), (1, 0));
    }

    #[test]
    fn undo_restores_the_previous_grade_and_its_place() {
        let mut t = turn();
        t.grade(3);
        t.focus(0);
        t.grade(5);
        assert!(t.undo());
        assert_eq!((t.grades[0][0], t.criterion), (Some(3), 0));
        assert!(t.undo());
        assert_eq!(t.grades[0][0], None);
        assert!(!t.undo());
    }

    #[test]
    fn a_conflict_needs_no_grades_and_is_in_the_ballot() {
        let mut t = turn();
        t.grade(1);
        t.toggle_conflict();
        assert!(t.missing_here().is_empty());
        assert_eq!(t.grades[0], vec![None; 5]);
        assert_eq!(t.advance(), Ok(()));
        let (conflicts, grades) = t.ballot(4);
        assert_eq!(conflicts, vec![2]);
        assert_eq!(grades[2], None);
    }

    #[test]
    fn review_lists_every_missing_cell_and_blocks_confirmation() {
        let mut t = turn();
        for _ in 0..5 {
            t.grade(0);
        }
        t.advance().unwrap();
        t.stage = Stage::Review;
        let Err(Blocked::MissingInBallot(missing)) = t.to_confirm() else {
            panic!("confirmation must be refused");
        };
        assert_eq!(missing.len(), 15);
        assert_eq!(missing[0], (1, 0));
        t.open_from_review(1, 0);
        assert_eq!(
            (t.stage, t.position, t.from_review),
            (Stage::Scoring, 1, true)
        );
    }

    #[test]
    fn a_complete_ballot_reaches_confirmation_in_bundle_terms() {
        let mut t = turn();
        for p in 0..4 {
            for c in 0..5 {
                t.grade(((p + c) % 7) as u8);
            }
            t.advance().unwrap();
        }
        assert_eq!(t.stage, Stage::Review);
        t.to_confirm().unwrap();
        let (conflicts, grades) = t.ballot(4);
        assert!(conflicts.is_empty());
        // Position 0 showed bundle project 2.
        assert_eq!(grades[2], Some(vec![0, 1, 2, 3, 4]));
    }
}
