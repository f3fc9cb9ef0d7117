//! A seat's unconfirmed turn, kept on disk after every change: sealed at
//! rest, one file per seat in the folder's `drafts/`. `Drafts` is the
//! running kiosk's view of them: an index in memory of which seats have
//! one and how far it got, so drawing never touches the disk.

use std::path::{Path, PathBuf};

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};

use crate::atomic_file::write_atomic_with_mode;
use crate::signing::SessionKey;
use crate::turn::JurorTurn;

/// Where a seat's draft lives in the state folder.
pub fn draft_path(folder: &Path, seat_id: &str) -> PathBuf {
    folder
        .join(super::folder::DRAFTS_DIR)
        .join(format!("{seat_id}.ron"))
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
    DraftSummary::of(&turn)
        .fits(seat, round, order)
        .then_some(turn)
}

/// What the index keeps of a draft: enough to say whether it fits the
/// seat's state and how far it got, nothing of its grades.
#[derive(Debug, Clone, PartialEq, Eq)]
struct DraftSummary {
    seat: usize,
    round: u32,
    order: Vec<usize>,
    /// Its grades, conflicts and position are the shape of its order.
    well_formed: bool,
    done: usize,
}

impl DraftSummary {
    fn of(turn: &JurorTurn) -> Self {
        let n = turn.order().len();
        Self {
            seat: turn.seat(),
            round: turn.round(),
            order: turn.order().to_vec(),
            well_formed: turn.grades().len() == n
                && turn.conflicts().len() == n
                && (turn.recused().is_empty() || turn.recused().len() == n)
                && turn.position() < n,
            done: turn.done(),
        }
    }

    /// The draft is of this seat's turn now (this round, this order).
    fn fits(&self, seat: usize, round: u32, order: &[usize]) -> bool {
        self.well_formed && self.seat == seat && self.round == round && self.order == order
    }
}

pub fn delete_draft(folder: &Path, seat_id: &str) -> std::io::Result<()> {
    match std::fs::remove_file(draft_path(folder, seat_id)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => crate::atomic_file::sync_parent(&draft_path(folder, seat_id)),
    }
}

/// The drafts of a running session, and the index of them: read once
/// when the session opens, then kept in step by every save and delete made
/// through it.
pub struct Drafts {
    folder: PathBuf,
    key: DraftKey,
    seat_ids: Vec<String>,
    /// Per seat: `None` without a draft file; with one, what it holds when
    /// it opens with this session's key.
    index: Vec<Option<Option<DraftSummary>>>,
}

impl Drafts {
    /// The drafts in `folder` of the seats `seat_ids` (bundle order).
    pub fn scan(folder: &Path, seat_ids: Vec<String>, key: DraftKey) -> Self {
        let index = seat_ids
            .iter()
            .map(|id| {
                draft_path(folder, id)
                    .exists()
                    .then(|| read_draft(folder, id, &key).map(|t| DraftSummary::of(&t)))
            })
            .collect();
        Self {
            folder: folder.to_owned(),
            key,
            seat_ids,
            index,
        }
    }

    /// A draft file is there for `seat`, whatever it holds.
    pub fn has(&self, seat: usize) -> bool {
        self.index.get(seat).is_some_and(Option::is_some)
    }

    /// Projects done and in all, if `seat` has a draft of this turn.
    pub fn progress(&self, seat: usize, round: u32, order: &[usize]) -> Option<(usize, usize)> {
        let summary = self.index.get(seat)?.as_ref()?.as_ref()?;
        summary
            .fits(seat, round, order)
            .then_some((summary.done, order.len()))
    }

    /// The draft of `seat`'s turn now, read from the disk.
    pub fn load(&self, seat: usize, round: u32, order: &[usize]) -> Option<JurorTurn> {
        load_draft(
            &self.folder,
            &self.seat_ids[seat],
            seat,
            round,
            order,
            &self.key,
        )
    }

    /// Saves `turn` as its seat's draft.
    pub fn save(&mut self, turn: &JurorTurn) -> std::io::Result<()> {
        let seat = turn.seat();
        save_draft(&self.folder, &self.seat_ids[seat], turn, &self.key)?;
        self.index[seat] = Some(Some(DraftSummary::of(turn)));
        Ok(())
    }

    /// Deletes `seat`'s draft (none is no error).
    pub fn delete(&mut self, seat: usize) -> std::io::Result<()> {
        delete_draft(&self.folder, &self.seat_ids[seat])?;
        self.index[seat] = None;
        Ok(())
    }

    pub fn seat_id(&self, seat: usize) -> &str {
        &self.seat_ids[seat]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::demo;

    fn turn() -> JurorTurn {
        let b = demo().bundle;
        let mut t = JurorTurn::new(&b, 0, 1, vec![2, 0, 3, 1]);
        t.start_scoring();
        t
    }

    #[test]
    fn drafts_round_trip_and_are_refused_when_stale() {
        let dir = std::env::temp_dir().join(format!("jury-draft-{}", std::process::id()));
        let mut t = turn();
        t.grade(4);
        let key = DraftKey::of(&SessionKey::from_seed(&[2; 32], "drafts"));
        save_draft(&dir, "J01", &t, &key).unwrap();
        assert_eq!(
            load_draft(&dir, "J01", 0, 1, t.order(), &key),
            Some(t.clone())
        );
        assert_eq!(load_draft(&dir, "J01", 0, 2, t.order(), &key), None);
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
        assert_eq!(load_draft(&dir, "J01", 0, 1, t.order(), &key), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
