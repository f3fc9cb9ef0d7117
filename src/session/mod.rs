//! The session: the state machine over the tally. Every action builds an
//! entry, checks it against the rules on a copy of the state, writes it
//! durably, and only then changes the state. Resuming is replaying the file.

mod apply;
mod ballot_box;
mod ballot_contents;
mod order;
mod publication;
mod rule_error;
mod rules;
mod seal;
mod secret_round;
mod standings;
mod state;

use std::cell::OnceCell;
use std::fmt;
use std::fs::File;
use std::path::{Path, PathBuf};

pub use ballot_box::{BallotBox, ReceiptCode, Sealed, box_paths, shred};
pub use ballot_contents::{BallotContents, ContentsError, session_id_bytes};
pub use order::{ORDER_DOMAIN, project_order};
pub use publication::{check_counts, counts_entry, published_projects, roll_graders};
pub use rule_error::{RuleError, RuleKind};
pub use rules::{CloseRule, SeatStatus};
pub use seal::{SealError, seal_link};
pub use standings::{Kept, KeptBecause, Standing, Standings};
pub use state::{
    Ballot, Decision, Genesis, Round, RoundStatus, Seal, SessionState, TAG_HEX_LEN, format_for,
    genesis_shape, is_blank,
};

use crate::atomic_file::write_atomic_with_mode;
use crate::bundle::{Ballots, BundleFile};
use crate::digest::{Digest, to_hex};
use crate::io_error::describe_io;
use crate::results::{GradeCounts, Results};
use crate::signing::{KeyError, SSHSIG_NAMESPACE, SSHSIG_PRINCIPAL, SessionKey, parse_signer};
use crate::tally::{
    Appended, Entry, GradeRow, Storage, TallyError, TallyWriter, TornTail, create_file, now_utc,
    open_file, scan, set_aside_torn_tail,
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

/// What a juror keeps after confirming their ballot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Receipt {
    /// Open ballots: the ballot line's hash, shown as its first 12 hex digits.
    Line(Digest),
    /// Secret ballots (format 3): nothing. No code, so nothing lets the
    /// juror prove how they voted (docs/SECRECY.md, *Receipts*).
    None,
}

impl Receipt {
    /// As the juror copies it: `1a2b-3c4d-5e6f`; `None` for a secret
    /// ballot, which has no receipt.
    pub fn display(&self) -> Option<String> {
        match self {
            Self::Line(hash) => {
                let hex = hash.hex();
                Some(format!("{}-{}-{}", &hex[0..4], &hex[4..8], &hex[8..12]))
            }
            Self::None => None,
        }
    }
}

fn genesis_entry(bundle: &BundleFile, key: &SessionKey, seed: &SessionSeed) -> Entry {
    Entry::SessionOpened {
        format: state::format_for(bundle.bundle.ballots),
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
                .map_err(|e| damaged(line.record.seq as usize + 1, e.message))?;
        }
        if state.format == crate::tally::VECTORS_FORMAT_VERSION && !state.is_sealed() {
            return Err(SessionError::Mismatch(format!(
                "{}: this tally is format 2 (secret ballots published as vectors, written by an earlier version of jury), and it is not sealed; this version writes format 3 only: finish the session with the version that started it (`jury verify` still checks it)",
                path.display()
            )));
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
        let mut session = Self::assemble(bundle, state, writer, key);
        session.finish_closing()?;
        // Sealed, but a signature file is missing (a kill between the two
        // writes, a full disk): written now, so `ssh-keygen` can check the
        // tally. If it fails again, `is_signed` stays false and the
        // facilitator is offered `S` to retry.
        if session.state.is_sealed() && !session.is_signed() {
            let _ = session.write_signature();
        }
        Ok((session, torn))
    }
}

impl<S: Storage> Session<S> {
    /// A session over a state already checked, its caches empty.
    fn assemble(
        bundle: BundleFile,
        state: SessionState,
        writer: TallyWriter<S>,
        key: SessionKey,
    ) -> Self {
        Self {
            bundle,
            state,
            writer,
            key,
            standings: OnceCell::new(),
            results: OnceCell::new(),
        }
    }

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
        let mut session = Self::assemble(bundle, state, writer, key);
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
        let (next, prepared) = self.check(&[entry])?;
        let appended = self.writer.commit_all(prepared)?;
        self.adopt(next);
        Ok(appended.into_iter().next().expect("one line"))
    }

    /// Checks `entries` in order on a copy of the state: the state they
    /// lead to and their lines, nothing written.
    fn check(&self, entries: &[Entry]) -> Result<(SessionState, Vec<Appended>), SessionError> {
        let at = now_utc();
        let prepared = self
            .writer
            .prepare_all(entries, &at, self.key.entry_signer());
        let mut next = self.state.clone();
        let mut head = self.writer.head();
        for (entry, line) in entries.iter().zip(&prepared) {
            next.apply(&self.bundle.bundle, entry, &at, &head, &line.hash)?;
            head = line.hash;
        }
        Ok((next, prepared))
    }

    fn adopt(&mut self, next: SessionState) {
        self.state = next;
        self.standings = OnceCell::new();
        self.results = OnceCell::new();
    }

    /// Entries that are all written, or none (one write, one fsync).
    fn append_all(&mut self, entries: &[Entry]) -> Result<(), SessionError> {
        let (next, prepared) = self.check(entries)?;
        self.writer.commit_all(prepared)?;
        self.adopt(next);
        Ok(())
    }

    fn box_error(&self, action: &'static str) -> impl Fn(std::io::Error) -> SessionError + '_ {
        move |e| {
            SessionError::Tally(TallyError::Io {
                path: box_paths(self.writer.path()).0,
                action,
                reason: describe_io(&e),
            })
        }
    }

    /// The current round's ballot box (secret ballots).
    fn ballot_box(&self) -> Result<BallotBox, SessionError> {
        let bundle = &self.bundle.bundle;
        BallotBox::open(
            self.writer.path(),
            &self.key,
            self.state.round_number(),
            self.state.round_projects(bundle).len(),
            bundle.criteria.len(),
        )
        .map_err(self.box_error("open the ballot box"))
    }

    /// Secret ballots, after the program stopped while closing a round:
    /// publishes what was not published yet, then destroys the ballot box
    /// of a round that is over. Nothing to do in an open session.
    fn finish_closing(&mut self) -> Result<(), SessionError> {
        if self.state.ballots != Ballots::Secret {
            return Ok(());
        }
        if self.state.counts_pending {
            let entry = self.publication()?;
            self.append_all(&[entry])?;
        }
        let over = self.state.current_round().is_some_and(|r| !r.is_open());
        let (box_path, key_path) = box_paths(self.writer.path());
        if over && (box_path.exists() || key_path.exists()) {
            shred(self.writer.path()).map_err(self.box_error("destroy the ballot box"))?;
        }
        Ok(())
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

    /// Appends an entry that names a seat in the current round.
    fn append_for_seat(
        &mut self,
        seat: usize,
        entry: fn(String, u32) -> Entry,
    ) -> Result<(), SessionError> {
        let entry = entry(self.seat_id(seat), self.state.round_number());
        self.append(entry).map(|_| ())
    }

    pub fn mark_absent(&mut self, seat: usize) -> Result<(), SessionError> {
        self.append_for_seat(seat, |seat, round| Entry::JurorAbsent { seat, round })
    }

    /// Withdraws the current round's absence of `seat` (marked by mistake).
    pub fn withdraw_absence(&mut self, seat: usize) -> Result<(), SessionError> {
        self.append_for_seat(seat, |seat, round| Entry::AbsenceWithdrawn { seat, round })
    }

    /// Records that the facilitator discarded `seat`'s unconfirmed turn
    /// (the caller then deletes the draft; nothing of it is written).
    pub fn discard_draft(&mut self, seat: usize) -> Result<(), SessionError> {
        self.append_for_seat(seat, |seat, round| Entry::DraftDiscarded { seat, round })
    }

    /// Cancels the current further round, below the quorum: its ballots
    /// stay recorded and do not count. Secret ballots: its ballot box is
    /// destroyed unopened (grades from fewer jurors than the quorum are
    /// never published).
    pub fn cancel_round(&mut self, reason: String) -> Result<(), SessionError> {
        let entry = Entry::RoundCancelled {
            round: self.state.round_number(),
            reason,
        };
        self.append(entry)?;
        self.finish_closing()
    }

    /// Records a juror's ballot. `grades[p]` per bundle project (ignored for
    /// projects outside the round or in `conflicts`). On disk when this
    /// returns. Open ballots: one tally line with the seat's grades, and its
    /// hash as the receipt. Secret ballots: the grades sealed into the
    /// ballot box, then a tally line with the seat and its conflicts only;
    /// no receipt.
    pub fn cast_ballot(
        &mut self,
        seat: usize,
        conflicts: &[usize],
        grades: &[Option<Vec<u8>>],
    ) -> Result<Receipt, SessionError> {
        let bundle = &self.bundle.bundle;
        let round = self.state.round_number();
        let missing = |p: usize| {
            SessionError::from(RuleError::new(
                RuleKind::Ballot,
                format!("project {:?} has no grades", bundle.projects[p].id),
            ))
        };
        if self.state.ballots == Ballots::Open {
            let order = self.state.order_for(bundle, seat);
            let mut graded = Vec::with_capacity(order.len());
            for &p in order.iter().filter(|p| !conflicts.contains(p)) {
                let values = grades.get(p).cloned().flatten().ok_or_else(|| missing(p))?;
                graded.push((bundle.projects[p].id.clone(), GradeRow::from_vec(values)));
            }
            let entry = Entry::BallotCast {
                seat: self.seat_id(seat),
                round,
                order: self.project_ids(&order),
                conflicts: self.project_ids(conflicts),
                grades: graded,
            };
            return self.append(entry).map(|a| Receipt::Line(a.hash));
        }
        let mut contents = BallotContents {
            session_id: self.session_id()?,
            round,
            projects: Vec::new(),
        };
        for p in self.state.round_projects(bundle) {
            if conflicts.contains(&p) {
                contents.projects.push(None);
                continue;
            }
            let values = grades.get(p).cloned().flatten().ok_or_else(|| missing(p))?;
            let values = zeroize::Zeroizing::new(values);
            contents.projects.push(Some(GradeRow::from_slice(&values)));
        }
        let entry = Entry::SecretBallotCast {
            seat: self.seat_id(seat),
            round,
            conflicts: self.project_ids(conflicts),
        };
        // The rules first: a refused ballot writes nothing, not even sealed.
        let (next, prepared) = self.check(&[entry])?;
        self.seal_contents(&contents)?;
        self.writer.commit_all(prepared)?;
        self.adopt(next);
        Ok(Receipt::None)
    }

    /// Closes the current round. Secret ballots: its counts are published
    /// in the same write (`CountsPublished`, docs/SECRECY.md), then its
    /// ballot box is destroyed.
    pub fn close_round(&mut self, reason: Option<String>) -> Result<(), SessionError> {
        let entry = Entry::RoundClosed {
            round: self.state.round_number(),
            reason,
        };
        if self.state.ballots == Ballots::Open {
            return self.append(entry).map(|_| ());
        }
        // The close's own rules first (the quorum…): a refused close opens
        // no ballot box.
        self.check(std::slice::from_ref(&entry))?;
        // The round's ballots are the same once it is closed.
        let publication = self.publication()?;
        self.append_all(&[entry, publication])?;
        self.finish_closing()
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

    /// Whether the sealed tally's detached signature and the
    /// allowed_signers line `ssh-keygen` needs are both on disk.
    pub fn is_signed(&self) -> bool {
        let path = self.writer.path();
        self.state.is_sealed()
            && with_suffix(path, ".sig").is_file()
            && with_suffix(path, ".allowed_signers").is_file()
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
        let bytes = crate::bounded_read::read(&path, &crate::tally::TALLY_KIND)
            .map_err(|e| e.into_io(&path))
            .map_err(io("read back the sealed tally", &path))?;
        let signature_path = with_suffix(&path, ".sig");
        write_atomic_with_mode(&signature_path, self.key.sshsig(&bytes).as_bytes(), 0o600)
            .map_err(io("write the signature", &signature_path))?;
        let allowed_signers_path = with_suffix(&path, ".allowed_signers");
        let line = format!(
            "{SSHSIG_PRINCIPAL} namespaces=\"{SSHSIG_NAMESPACE}\" {}\n",
            self.key.public_line()
        );
        write_atomic_with_mode(&allowed_signers_path, line.as_bytes(), 0o600)
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
