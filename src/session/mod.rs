//! The session: the state machine over the tally. Every action builds an
//! entry, checks it against the rules on a copy of the state, writes it
//! durably, and only then changes the state. Resuming is replaying the file.

mod folder_lock;
mod order;
mod state;

use std::cell::OnceCell;
use std::fmt;
use std::fs::File;
use std::path::{Path, PathBuf};

pub use folder_lock::{FolderLock, FolderLockError};
pub use order::{ORDER_DOMAIN, project_order};
pub use state::{
    Ballot, Decision, Genesis, Kept, KeptBecause, Round, RoundStatus, RuleError, Seal, SealError,
    SessionState, Standing, Standings, is_blank, seal_link,
};

use crate::atomic_file::write_atomic;
use crate::bundle::{BundleFile, describe_io};
use crate::digest::{Digest, to_hex};
use crate::results::{GradeCounts, Results};
use crate::signing::{KeyError, SSHSIG_NAMESPACE, SSHSIG_PRINCIPAL, SessionKey, parse_signer};
use crate::tally::{
    Appended, Entry, FORMAT_VERSION, GradeRow, Storage, TallyError, TallyWriter, TornTail,
    create_file, now_utc, open_file, scan, set_aside_torn_tail,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionError {
    Tally(TallyError),
    /// An action the rules refuse (nothing was written).
    Rule(RuleError),
    Key(KeyError),
    /// The tally on disk does not belong with this bundle or key.
    Mismatch(String),
}

impl fmt::Display for SessionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Tally(e) => e.fmt(f),
            Self::Rule(e) => e.fmt(f),
            Self::Key(e) => e.fmt(f),
            Self::Mismatch(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for SessionError {}

impl From<TallyError> for SessionError {
    fn from(e: TallyError) -> Self {
        Self::Tally(e)
    }
}

impl From<RuleError> for SessionError {
    fn from(e: RuleError) -> Self {
        Self::Rule(e)
    }
}

/// Random or fixed (rehearsals) identity of a new session.
pub struct SessionSeed {
    pub session_id: [u8; 16],
    pub seed: [u8; 32],
}

impl SessionSeed {
    pub fn random() -> Self {
        use rand::RngCore;
        let mut rng = rand::rng();
        let mut s = Self {
            session_id: [0; 16],
            seed: [0; 32],
        };
        rng.fill_bytes(&mut s.session_id);
        rng.fill_bytes(&mut s.seed);
        s
    }
}

/// What `seal` wrote, for the paper minutes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealReport {
    pub head: Digest,
    pub entries: u64,
    pub fingerprint: String,
    pub signature_path: PathBuf,
    pub allowed_signers_path: PathBuf,
}

pub struct Session<S: Storage = File> {
    pub bundle: BundleFile,
    state: SessionState,
    writer: TallyWriter<S>,
    key: SessionKey,
    /// Standings and results of the state as it is; cleared by every append.
    standings: OnceCell<Standings>,
    results: OnceCell<Results>,
}

fn check_pin(bundle: &BundleFile, key: &SessionKey) -> Result<(), SessionError> {
    if let Some(pin) = &bundle.bundle.signer {
        let pinned = parse_signer(pin).map_err(SessionError::Mismatch)?;
        if pinned.key_data() != key.public().key_data() {
            return Err(SessionError::Mismatch(format!(
                "the bundle pins the signer {}, but this key is {}; use the pinned key (--key)",
                crate::signing::fingerprint(&pinned),
                crate::signing::fingerprint(key.public())
            )));
        }
    }
    Ok(())
}

fn genesis_entry(bundle: &BundleFile, key: &SessionKey, seed: &SessionSeed) -> Entry {
    Entry::SessionOpened {
        format: FORMAT_VERSION,
        program: format!("jury {}", env!("CARGO_PKG_VERSION")),
        bundle_sha256: bundle.sha256.hex(),
        signer: key.public_line(),
        session_id: to_hex(&seed.session_id),
        seed: to_hex(&seed.seed),
    }
}

impl Session<File> {
    /// Starts a new tally at `path` (which must not exist) with its genesis entry.
    pub fn create(
        path: &Path,
        bundle: BundleFile,
        key: SessionKey,
        seed: &SessionSeed,
    ) -> Result<Self, SessionError> {
        check_pin(&bundle, &key)?;
        let file = create_file(path)?;
        Self::start(file, path, bundle, key, seed).inspect_err(|_| {
            // Created just above, exclusively: a tally without its genesis
            // is no session, and the name stays free for a retry.
            let _ = std::fs::remove_file(path);
        })
    }

    /// Reopens the tally at `path`: sets a torn last line aside, checks that
    /// the tally belongs to this bundle and key, and replays every entry.
    pub fn resume(
        path: &Path,
        bundle: BundleFile,
        key: SessionKey,
    ) -> Result<(Self, Option<TornTail>), SessionError> {
        check_pin(&bundle, &key)?;
        let (mut file, bytes) = open_file(path)?;
        let scanned = scan(path, &bytes)?;
        let torn = set_aside_torn_tail(&mut file, path, &bytes, &scanned)?;
        let Some(first) = scanned.lines.first() else {
            // Only a torn genesis was there: the session never started.
            let session = Self::start(file, path, bundle, key, &SessionSeed::random())?;
            return Ok((session, torn));
        };
        let damaged = |line: usize, reason: String| {
            SessionError::Tally(TallyError::Damaged {
                path: path.to_owned(),
                line,
                reason,
            })
        };
        let mut state = SessionState::genesis(
            &bundle.bundle,
            &bundle.sha256,
            &first.record.entry,
            &first.record.at,
            &first.hash,
        )
        .map_err(|e| SessionError::Mismatch(format!("{}: {e}", path.display())))?;
        let signer = parse_signer(&state.genesis.signer).map_err(|e| damaged(1, e))?;
        if signer.key_data() != key.public().key_data() {
            return Err(SessionError::Mismatch(format!(
                "{}: this tally is signed by {}, not by the key given",
                path.display(),
                crate::signing::fingerprint(&signer)
            )));
        }
        for pair in scanned.lines.windows(2) {
            let (prev, line) = (&pair[0], &pair[1]);
            state
                .apply(
                    &bundle.bundle,
                    &line.record.entry,
                    &line.record.at,
                    &prev.hash,
                    &line.hash,
                )
                .map_err(|e| damaged(line.record.seq as usize + 1, e.0))?;
        }
        let last = scanned.lines.last().expect("at least the genesis");
        let writer = TallyWriter::new(
            file,
            path,
            scanned.good_len as u64,
            scanned.lines.len() as u64,
            last.hash,
        );
        // A sealed session refuses every action: `apply` rejects entries after the seal.
        let session = Self {
            bundle,
            state,
            writer,
            key,
            standings: OnceCell::new(),
            results: OnceCell::new(),
        };
        Ok((session, torn))
    }
}

impl<S: Storage> Session<S> {
    /// A new session over any storage (tests inject failing storage).
    pub fn with_storage(
        storage: S,
        path: &Path,
        bundle: BundleFile,
        key: SessionKey,
        seed: &SessionSeed,
    ) -> Result<Self, SessionError> {
        check_pin(&bundle, &key)?;
        Self::start(storage, path, bundle, key, seed)
    }

    /// Writes the genesis entry to empty `storage`.
    fn start(
        storage: S,
        path: &Path,
        bundle: BundleFile,
        key: SessionKey,
        seed: &SessionSeed,
    ) -> Result<Self, SessionError> {
        let writer = TallyWriter::new(storage, path, 0, 0, Digest([0; 32]));
        let entry = genesis_entry(&bundle, &key, seed);
        let at = now_utc();
        let prepared = writer.prepare(&entry, &at, key.entry_signer());
        let state =
            SessionState::genesis(&bundle.bundle, &bundle.sha256, &entry, &at, &prepared.hash)?;
        let mut session = Self {
            bundle,
            state,
            writer,
            key,
            standings: OnceCell::new(),
            results: OnceCell::new(),
        };
        session.writer.commit(prepared)?;
        Ok(session)
    }

    pub fn state(&self) -> &SessionState {
        &self.state
    }

    /// The results of the rounds closed so far, computed once per state.
    pub fn results(&self) -> &Results {
        self.results
            .get_or_init(|| self.standings().results(&self.bundle.bundle))
    }

    /// Which grades count, per project, computed once per state.
    pub fn standings(&self) -> &Standings {
        self.standings
            .get_or_init(|| self.state.standings(&self.bundle.bundle))
    }

    /// Grade counts per project and criterion, as they count.
    pub fn grade_counts(&self) -> &GradeCounts {
        &self.standings().counts
    }

    pub fn path(&self) -> &Path {
        self.writer.path()
    }

    pub fn head(&self) -> Digest {
        self.writer.head()
    }

    pub fn key(&self) -> &SessionKey {
        &self.key
    }

    /// Checks `entry` on a copy of the state, writes it, then adopts the copy.
    fn append(&mut self, entry: Entry) -> Result<Appended, SessionError> {
        let at = now_utc();
        let prepared = self.writer.prepare(&entry, &at, self.key.entry_signer());
        let mut next = self.state.clone();
        next.apply(
            &self.bundle.bundle,
            &entry,
            &at,
            &self.writer.head(),
            &prepared.hash,
        )?;
        let appended = self.writer.commit(prepared)?;
        self.state = next;
        self.standings = OnceCell::new();
        self.results = OnceCell::new();
        Ok(appended)
    }

    fn seat_id(&self, seat: usize) -> String {
        self.bundle.bundle.jurors[seat].seat.clone()
    }

    fn project_ids(&self, projects: &[usize]) -> Vec<String> {
        projects
            .iter()
            .map(|&p| self.bundle.bundle.projects[p].id.clone())
            .collect()
    }

    pub fn mark_absent(&mut self, seat: usize) -> Result<(), SessionError> {
        let entry = Entry::JurorAbsent {
            seat: self.seat_id(seat),
            round: self.state.round_number(),
        };
        self.append(entry).map(|_| ())
    }

    /// Withdraws the current round's absence of `seat` (marked by mistake).
    pub fn withdraw_absence(&mut self, seat: usize) -> Result<(), SessionError> {
        let entry = Entry::AbsenceWithdrawn {
            seat: self.seat_id(seat),
            round: self.state.round_number(),
        };
        self.append(entry).map(|_| ())
    }

    /// Records that the facilitator discarded `seat`'s unconfirmed turn
    /// (the caller then deletes the draft; nothing of it is written).
    pub fn discard_draft(&mut self, seat: usize) -> Result<(), SessionError> {
        let entry = Entry::DraftDiscarded {
            seat: self.seat_id(seat),
            round: self.state.round_number(),
        };
        self.append(entry).map(|_| ())
    }

    /// Cancels the current further round, below the quorum: its ballots
    /// stay recorded and do not count.
    pub fn cancel_round(&mut self, reason: String) -> Result<(), SessionError> {
        let entry = Entry::RoundCancelled {
            round: self.state.round_number(),
            reason,
        };
        self.append(entry).map(|_| ())
    }

    /// Records a juror's ballot. `grades[p]` per bundle project (ignored for
    /// projects outside the round or in `conflicts`). Returns the receipt:
    /// the hash of the ballot's line, on disk when this returns.
    pub fn cast_ballot(
        &mut self,
        seat: usize,
        conflicts: &[usize],
        grades: &[Option<Vec<u8>>],
    ) -> Result<Digest, SessionError> {
        let order = self.state.order_for(&self.bundle.bundle, seat);
        let mut graded = Vec::with_capacity(order.len());
        for &p in order.iter().filter(|p| !conflicts.contains(p)) {
            let Some(values) = grades.get(p).cloned().flatten() else {
                return Err(RuleError(format!(
                    "project {:?} has no grades",
                    self.bundle.bundle.projects[p].id
                ))
                .into());
            };
            graded.push((
                self.bundle.bundle.projects[p].id.clone(),
                GradeRow::from_vec(values),
            ));
        }
        let entry = Entry::BallotCast {
            seat: self.seat_id(seat),
            round: self.state.round_number(),
            order: self.project_ids(&order),
            conflicts: self.project_ids(conflicts),
            grades: graded,
        };
        self.append(entry).map(|a| a.hash)
    }

    pub fn close_round(&mut self, reason: Option<String>) -> Result<(), SessionError> {
        let entry = Entry::RoundClosed {
            round: self.state.round_number(),
            reason,
        };
        self.append(entry).map(|_| ())
    }

    /// Opens a further round on `projects`. Seats absent from the round
    /// before are recorded absent from this one too (explicit entries).
    pub fn open_round(&mut self, projects: &[usize]) -> Result<(), SessionError> {
        let absent: Vec<usize> = self
            .state
            .current_round()
            .map(|r| r.absent.keys().copied().collect())
            .unwrap_or_default();
        let entry = Entry::RoundOpened {
            round: self.state.round_number() + 1,
            projects: self.project_ids(projects),
        };
        self.append(entry)?;
        for seat in absent {
            self.mark_absent(seat)?;
        }
        Ok(())
    }

    pub fn record_decision(
        &mut self,
        selected: &[usize],
        reason: Option<String>,
    ) -> Result<(), SessionError> {
        let entry = Entry::DecisionRecorded {
            selected: self.project_ids(selected),
            reason,
        };
        self.append(entry).map(|_| ())
    }

    /// Writes the seal, then the detached SSHSIG (`<tally>.sig`) over the
    /// whole file and `<tally>.allowed_signers`, each atomically. On a
    /// tally already sealed (its signature failed to write: a full disk),
    /// writes the signature files only: calling it again finishes the job.
    pub fn seal(&mut self) -> Result<SealReport, SessionError> {
        if !self.state.is_sealed() {
            let results = self
                .state
                .results(&self.bundle.bundle)
                .digest(&self.bundle.bundle);
            let entry = Entry::SessionSealed {
                count: self.state.entries,
                head: self.writer.head().hex(),
                results: results.hex(),
            };
            self.append(entry)?;
        }
        self.write_signature()
    }

    /// Whether the sealed tally's detached signature is on disk.
    pub fn is_signed(&self) -> bool {
        self.state.is_sealed() && with_suffix(self.writer.path(), ".sig").is_file()
    }

    fn write_signature(&self) -> Result<SealReport, SessionError> {
        let path = self.writer.path().to_owned();
        let io = |action: &'static str, p: &Path| {
            let p = p.to_owned();
            move |e: std::io::Error| {
                SessionError::Tally(TallyError::Io {
                    path: p,
                    action,
                    reason: describe_io(&e),
                })
            }
        };
        // Sign what is on disk, byte for byte, not what we think we wrote.
        let bytes = std::fs::read(&path).map_err(io("read back the sealed tally", &path))?;
        let signature_path = with_suffix(&path, ".sig");
        write_atomic(&signature_path, self.key.sshsig(&bytes).as_bytes())
            .map_err(io("write the signature", &signature_path))?;
        let allowed_signers_path = with_suffix(&path, ".allowed_signers");
        let line = format!(
            "{SSHSIG_PRINCIPAL} namespaces=\"{SSHSIG_NAMESPACE}\" {}\n",
            self.key.public_line()
        );
        write_atomic(&allowed_signers_path, line.as_bytes())
            .map_err(io("write allowed_signers", &allowed_signers_path))?;
        Ok(SealReport {
            head: self.writer.head(),
            entries: self.state.entries,
            fingerprint: crate::signing::fingerprint(self.key.public()),
            signature_path,
            allowed_signers_path,
        })
    }
}

/// `tally.jury` + `.sig` → `tally.jury.sig`.
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}
