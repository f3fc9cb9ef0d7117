//! One juror's turn, from the welcome pages to the confirmed ballot: pure
//! state, no terminal. It is also the draft saved after every change, so a
//! crash or power cut resumes the turn exactly where it was.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};

use crate::atomic_file::write_atomic_with_mode;
use crate::bundle::Bundle;
use crate::signing::SessionKey;

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
    pub seat: usize,
    pub round: u32,
    /// Bundle project indices, in the order this juror sees them.
    pub order: Vec<usize>,
    /// `grades[position][criterion]`: grade index (0 = best) or not yet given.
    pub grades: Vec<Vec<Option<u8>>>,
    /// `conflicts[position]`: declared conflict of interest.
    pub conflicts: Vec<bool>,
    /// `recused[position]`: a conflict declared in an earlier ballot, which
    /// holds for the whole session: no grade, and it cannot be withdrawn.
    #[serde(default)]
    pub recused: Vec<bool>,
    pub stage: Stage,
    /// Position in `order` of the project on screen.
    pub position: usize,
    /// Focused criterion.
    pub criterion: usize,
    /// Opened from the review grid: Enter goes back there.
    pub from_review: bool,
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

/// Where a seat's draft lives in the state folder.
pub fn draft_path(folder: &Path, seat_id: &str) -> PathBuf {
    folder.join("drafts").join(format!("{seat_id}.ron"))
}

/// Drafts are sealed at rest (AES-256-GCM) under a key derived from the
/// session's signing key: a copy of the folder without the facilitator's
/// passphrase shows nothing of an unfinished ballot.
pub struct DraftKey(Aes256Gcm);

impl DraftKey {
    pub fn of(key: &SessionKey) -> Self {
        Self(Aes256Gcm::new_from_slice(&*key.derive_key("jury-drafts@v1")).expect("a 32-byte key"))
    }
}

const DRAFT_NONCE: usize = 12;

fn draft_aad(seat_id: &str) -> String {
    format!("jury-draft@v1 {seat_id}")
}

/// Saves the draft atomically (temp, fsync, rename, fsync folder), sealed,
/// readable by its owner only (0600).
pub fn save_draft(
    folder: &Path,
    seat_id: &str,
    turn: &JurorTurn,
    key: &DraftKey,
) -> std::io::Result<()> {
    let path = draft_path(folder, seat_id);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let text = zeroize::Zeroizing::new(ron::to_string(turn).expect("drafts serialise"));
    let mut nonce = [0; DRAFT_NONCE];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut nonce);
    let sealed = key
        .0
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: text.as_bytes(),
                aad: draft_aad(seat_id).as_bytes(),
            },
        )
        .expect("AES-GCM encrypts");
    let mut bytes = nonce.to_vec();
    bytes.extend_from_slice(&sealed);
    write_atomic_with_mode(&path, &bytes, 0o600)
}

/// The saved draft of `seat_id`, whatever it fits; `None` when there is
/// none, or it does not open with this session's key.
pub fn read_draft(folder: &Path, seat_id: &str, key: &DraftKey) -> Option<JurorTurn> {
    let bytes = std::fs::read(draft_path(folder, seat_id)).ok()?;
    let (nonce, sealed) = bytes.split_at_checked(DRAFT_NONCE)?;
    let text = zeroize::Zeroizing::new(
        key.0
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: draft_aad(seat_id).as_bytes(),
                },
            )
            .ok()?,
    );
    ron::from_str(std::str::from_utf8(&text).ok()?).ok()
}

/// Reads a saved draft; `None` when there is none or it no longer fits the
/// session (another round, another order).
pub fn load_draft(
    folder: &Path,
    seat_id: &str,
    seat: usize,
    round: u32,
    order: &[usize],
    key: &DraftKey,
) -> Option<JurorTurn> {
    let turn = read_draft(folder, seat_id, key)?;
    let fits = turn.seat == seat
        && turn.round == round
        && turn.order == order
        && turn.grades.len() == order.len()
        && turn.conflicts.len() == order.len()
        && (turn.recused.is_empty() || turn.recused.len() == order.len())
        && turn.position < order.len();
    fits.then_some(turn)
}

pub fn delete_draft(folder: &Path, seat_id: &str) -> std::io::Result<()> {
    match std::fs::remove_file(draft_path(folder, seat_id)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => crate::atomic_file::sync_parent(&draft_path(folder, seat_id)),
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

    #[test]
    fn drafts_round_trip_and_are_refused_when_stale() {
        let dir = std::env::temp_dir().join(format!("jury-draft-{}", std::process::id()));
        let mut t = turn();
        t.grade(4);
        let key = DraftKey::of(&SessionKey::from_seed(&[2; 32], "drafts"));
        save_draft(&dir, "J01", &t, &key).unwrap();
        assert_eq!(
            load_draft(&dir, "J01", 0, 1, &t.order, &key),
            Some(t.clone())
        );
        assert_eq!(load_draft(&dir, "J01", 0, 2, &t.order, &key), None);
        assert_eq!(load_draft(&dir, "J01", 0, 1, &[0, 1, 2, 3], &key), None);
        // Sealed at rest: nothing of the grades in the file, and another
        // session's key (or another seat's name) opens nothing.
        let bytes = std::fs::read(draft_path(&dir, "J01")).unwrap();
        assert!(!String::from_utf8_lossy(&bytes).contains("grades"));
        let other = DraftKey::of(&SessionKey::from_seed(&[3; 32], "drafts"));
        assert_eq!(read_draft(&dir, "J01", &other), None);
        std::fs::rename(draft_path(&dir, "J01"), draft_path(&dir, "J02")).unwrap();
        assert_eq!(read_draft(&dir, "J02", &key), None);
        std::fs::rename(draft_path(&dir, "J02"), draft_path(&dir, "J01")).unwrap();
        delete_draft(&dir, "J01").unwrap();
        assert_eq!(load_draft(&dir, "J01", 0, 1, &t.order, &key), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
