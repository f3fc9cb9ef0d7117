//! The session folder: the one place that knows its layout (the tally, the
//! encrypted signing key, the passphrase-failure count, the drafts, the
//! ballot box beside the tally), that takes its lock before the first
//! write, and that creates or opens the session in it.

use std::path::{Path, PathBuf};

use super::Kiosk;
use super::folder_lock::FolderLock;
use super::passphrase_delay::{PassphraseDelay, now_secs};
use crate::atomic_file::write_new;
use crate::bundle::BundleFile;
use crate::session::{Session, SessionSeed};
use crate::signing::{KeyError, SessionKey};

pub const TALLY_FILE: &str = "tally.jury";
pub const KEY_FILE: &str = "signing-key";
/// Wrong passphrase tries, counted across restarts (`PassphraseDelay`).
pub const DELAY_FILE: &str = "passphrase-failures";
/// One sealed draft per seat with an unconfirmed turn (`drafts`).
pub const DRAFTS_DIR: &str = "drafts";

/// Why a session could not be created or opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenError {
    WrongPassphrase,
    /// A session was created in the folder meanwhile (by another program).
    Exists,
    /// The folder's key is not the one given with `--key`.
    OtherKey {
        fingerprint: String,
    },
    /// Anything else, said in full (which file, what to do).
    Failed(String),
}

/// How the session was opened, for the facilitator's first notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    /// A new session (or one whose opening was cut short before its tally).
    Created,
    /// The tally replayed: this many entries.
    Resumed { entries: u64 },
    /// The tally replayed after setting aside a torn last line.
    Torn { line: usize, saved_to: PathBuf },
}

pub struct SessionFolder {
    path: PathBuf,
    /// Held while this kiosk may write in the folder: taken before the first write.
    lock: Option<FolderLock>,
    delay: PassphraseDelay,
    /// A signer given with `--key`, used when the session is created.
    pinned_key: Option<SessionKey>,
    /// The new session's seed; random unless fixed (tests, rehearsals).
    seed: Option<SessionSeed>,
    /// A scratch folder (the demo's): said on the opening screens.
    scratch: bool,
}

impl SessionFolder {
    /// The folder at `path` (nothing is written in it yet).
    pub fn new(path: PathBuf) -> Self {
        let delay = PassphraseDelay::load(&path.join(DELAY_FILE));
        Self {
            path,
            lock: None,
            delay,
            pinned_key: None,
            seed: None,
            scratch: false,
        }
    }

    /// A scratch folder, made for this run only (the demo).
    pub fn scratch(mut self) -> Self {
        self.scratch = true;
        self
    }

    pub fn is_scratch(&self) -> bool {
        self.scratch
    }

    /// The folder's lock, taken by the caller (so a second kiosk is told at once).
    pub fn with_lock(mut self, lock: FolderLock) -> Self {
        self.lock = Some(lock);
        self
    }

    pub fn with_pinned_key(mut self, key: SessionKey) -> Self {
        self.pinned_key = Some(key);
        self
    }

    /// Fixes the seed of a session created here (reproducible orders).
    pub fn with_seed(mut self, seed: SessionSeed) -> Self {
        self.seed = Some(seed);
        self
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the folder holds a session (its tally, or its key). A key
    /// without a tally is a session whose opening was cut short: its
    /// passphrase opens it; a new key must never replace it.
    pub fn has_session(&self) -> bool {
        [TALLY_FILE, KEY_FILE]
            .iter()
            .any(|name| std::fs::symlink_metadata(self.path.join(name)).is_ok())
    }

    /// Seconds to wait before the next passphrase try, if any.
    pub fn passphrase_wait(&self) -> Option<u64> {
        self.delay.wait_left(now_secs())
    }

    /// A wrong passphrase: counted, and on disk before the next try.
    pub fn passphrase_failed(&mut self) {
        self.delay.failed(now_secs());
    }

    /// The right passphrase: the count starts again.
    pub fn passphrase_succeeded(&mut self) {
        self.delay.succeeded();
    }

    /// Takes the folder's lock if this kiosk does not hold it yet: nothing
    /// is written in the folder before.
    fn lock(&mut self) -> Result<(), OpenError> {
        if self.lock.is_none() {
            let lock =
                FolderLock::acquire(&self.path).map_err(|e| OpenError::Failed(e.to_string()))?;
            self.lock = Some(lock);
        }
        Ok(())
    }

    /// A new session: a new key file (never replacing one), then the tally.
    /// A failure leaves the folder as it was.
    pub fn create(&mut self, bundle: &BundleFile, passphrase: &str) -> Result<Kiosk, OpenError> {
        self.lock()?;
        if self.has_session() {
            return Err(OpenError::Exists);
        }
        let key = self
            .pinned_key
            .take()
            .unwrap_or_else(|| SessionKey::generate("jury-session"));
        let encrypted = key
            .to_encrypted_openssh(passphrase)
            .map_err(OpenError::Failed)?;
        let key_path = self.path.join(KEY_FILE);
        write_new(&key_path, encrypted.as_bytes(), 0o600).map_err(|e| {
            OpenError::Failed(format!(
                "{}: {}",
                key_path.display(),
                crate::io_error::describe_io(&e)
            ))
        })?;
        let seed = self.seed.take().unwrap_or_else(SessionSeed::random);
        match Session::create(&self.path.join(TALLY_FILE), bundle.clone(), key, &seed) {
            Ok(session) => Ok(Kiosk::new(session, &self.path, passphrase)),
            Err(e) => {
                // The key file is this kiosk's (written above, under the lock).
                let _ = std::fs::remove_file(&key_path);
                Err(OpenError::Failed(e.to_string()))
            }
        }
    }

    /// The session of this folder, opened with `passphrase`.
    pub fn open(
        &mut self,
        bundle: &BundleFile,
        passphrase: &str,
    ) -> Result<(Kiosk, Opened), OpenError> {
        self.lock()?;
        let key = match SessionKey::read_file(&self.path.join(KEY_FILE), Some(passphrase)) {
            Ok(key) => key,
            Err(KeyError::WrongPassphrase) => return Err(OpenError::WrongPassphrase),
            Err(e) => return Err(OpenError::Failed(e.to_string())),
        };
        self.resume_with(bundle, key, passphrase)
    }

    fn resume_with(
        &mut self,
        bundle: &BundleFile,
        key: SessionKey,
        passphrase: &str,
    ) -> Result<(Kiosk, Opened), OpenError> {
        if let Some(pinned) = &self.pinned_key
            && pinned.public().key_data() != key.public().key_data()
        {
            return Err(OpenError::OtherKey {
                fingerprint: crate::signing::fingerprint(key.public()),
            });
        }
        let failed = |e: crate::session::SessionError| OpenError::Failed(e.to_string());
        let tally = self.path.join(TALLY_FILE);
        if std::fs::symlink_metadata(&tally).is_err() {
            // The opening was cut short after the key was written: open it now.
            let seed = self.seed.take().unwrap_or_else(SessionSeed::random);
            let session = Session::create(&tally, bundle.clone(), key, &seed).map_err(failed)?;
            return Ok((Kiosk::new(session, &self.path, passphrase), Opened::Created));
        }
        let (session, torn) = Session::resume(&tally, bundle.clone(), key).map_err(failed)?;
        let opened = match torn {
            Some(t) => Opened::Torn {
                line: t.line,
                saved_to: t.saved_to,
            },
            None => Opened::Resumed {
                entries: session.state().entries,
            },
        };
        Ok((Kiosk::new(session, &self.path, passphrase), opened))
    }
}

/// The state folder used when `jury run` is given none: beside the bundle.
pub fn default_state_folder(bundle: &Path) -> PathBuf {
    let stem = bundle
        .file_stem()
        .map_or_else(|| "session".into(), |s| s.to_string_lossy().into_owned());
    bundle.with_file_name(format!("{stem}.session"))
}

/// A fresh scratch folder for the embedded demo (made when first written).
pub fn demo_folder() -> PathBuf {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    std::env::temp_dir().join(format!("jury-demo-{stamp}-{}", std::process::id()))
}

/// Whether anything is at `path` (a demo that wrote its files).
pub fn exists(path: &Path) -> bool {
    path.exists()
}
