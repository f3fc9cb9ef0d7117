//! The tally on disk: one writer (an exclusive lock), one `write_all` + fsync
//! per entry, a failed write truncated back, and a torn last line (power cut
//! mid-write) set aside on open. Damage anywhere else is never "repaired".

use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::entry::Entry;
use super::line::{
    ParsedLine, build_line, check_link, check_signature, genesis_key, not_opened, parse_line,
};
use crate::atomic_file::sync_parent;
use crate::bounded_read::{self, ReadError};
use crate::digest::Digest;
use crate::io_error::describe_io;
use crate::signing::{EntrySigner, EntryVerifier};

/// Where tally bytes go. `File` in the program; tests inject failures.
pub trait Storage {
    /// Appends all of `bytes` at the end (one `write_all`).
    fn append(&mut self, bytes: &[u8]) -> io::Result<()>;
    /// Makes appended bytes durable.
    fn sync(&mut self) -> io::Result<()>;
    /// Cuts the file back to `len` bytes.
    fn truncate(&mut self, len: u64) -> io::Result<()>;
}

impl Storage for File {
    fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.write_all(bytes)
    }
    fn sync(&mut self) -> io::Result<()> {
        self.sync_data()
    }
    fn truncate(&mut self, len: u64) -> io::Result<()> {
        self.set_len(len)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TallyError {
    Io {
        path: PathBuf,
        action: &'static str,
        reason: String,
    },
    Locked {
        path: PathBuf,
    },
    Damaged {
        path: PathBuf,
        line: usize,
        reason: String,
    },
    Sealed,
}

impl fmt::Display for TallyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io {
                path,
                action,
                reason,
            } => write!(f, "{}: cannot {action}: {reason}", path.display()),
            Self::Locked { path } => write!(
                f,
                "{}: another jury instance holds this session; close it first (only one program may write a tally)",
                path.display()
            ),
            Self::Damaged { path, line, reason } => write!(
                f,
                "{}:{line}: the tally is damaged ({reason}); it was not changed. Run `jury verify {}` for a full report",
                path.display(),
                path.display()
            ),
            Self::Sealed => f.write_str("the session is sealed: nothing more can be written"),
        }
    }
}

impl std::error::Error for TallyError {}

fn io_error<'a>(path: &'a Path, action: &'static str) -> impl Fn(io::Error) -> TallyError + 'a {
    move |e| TallyError::Io {
        path: path.to_owned(),
        action,
        reason: describe_io(&e),
    }
}

fn lock(file: &File, path: &Path) -> Result<(), TallyError> {
    match file.try_lock() {
        Ok(()) => Ok(()),
        Err(std::fs::TryLockError::WouldBlock) => Err(TallyError::Locked {
            path: path.to_owned(),
        }),
        Err(std::fs::TryLockError::Error(e)) => Err(io_error(path, "lock the tally")(e)),
    }
}

/// Creates a new, empty tally file, locked, its folder fsynced.
pub fn create_file(path: &Path) -> Result<File, TallyError> {
    let mut options = OpenOptions::new();
    options.read(true).append(true).create_new(true);
    // The session's files are its owner's alone (docs/SECRECY.md).
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options
        .open(path)
        .map_err(io_error(path, "create the tally"))?;
    lock(&file, path)?;
    sync_parent(path).map_err(io_error(path, "sync the tally's folder"))?;
    Ok(file)
}

/// Opens an existing tally for appending, locked, and reads it whole: a
/// regular file of at most `MAX_TALLY_BYTES` (src/bounded_read.rs), so a
/// FIFO or a device in its place is refused instead of blocking.
pub fn open_file(path: &Path) -> Result<(File, Vec<u8>), TallyError> {
    let refused = |action| {
        move |e: ReadError| TallyError::Io {
            path: path.to_owned(),
            action,
            reason: e.to_string(),
        }
    };
    let mut file = bounded_read::open_with(
        path,
        &super::TALLY_KIND,
        OpenOptions::new().read(true).append(true),
    )
    .map_err(refused("open the tally"))?;
    lock(&file, path)?;
    let bytes = bounded_read::read_to_end(&mut file, &super::TALLY_KIND)
        .map_err(refused("read the tally"))?;
    Ok((file, bytes))
}

/// A torn last line that was moved aside on open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TornTail {
    /// 1-based line number the fragment started on.
    pub line: usize,
    pub bytes: usize,
    pub saved_to: PathBuf,
    pub reason: String,
}

/// The lines that chain and verify, and where a torn tail starts if any.
pub struct Scan<'a> {
    pub lines: Vec<ParsedLine<'a>>,
    pub good_len: usize,
    pub torn: Option<(usize, String)>,
}

/// Checks syntax, sequence, hash links and signatures (against the genesis
/// key). Only the last line may be bad; that is a torn write.
pub fn scan<'a>(path: &Path, bytes: &'a [u8]) -> Result<Scan<'a>, TallyError> {
    let damaged = |line: usize, reason: String| TallyError::Damaged {
        path: path.to_owned(),
        line,
        reason,
    };
    let mut lines: Vec<ParsedLine> = Vec::new();
    let mut verifier: Option<EntryVerifier> = None;
    let mut offset = 0;
    // Split lazily: only the lines that check out are kept, so a file of
    // empty lines costs nothing before the first one is refused.
    let mut segments = bytes.split(|&b| b == b'\n').enumerate().peekable();
    while let Some((i, segment)) = segments.next() {
        let Some(&(_, next)) = segments.peek() else {
            // The last segment has no newline.
            if !segment.is_empty() {
                return Ok(Scan {
                    lines,
                    good_len: offset,
                    torn: Some((
                        offset,
                        "the last line has no end (the write was cut)".into(),
                    )),
                });
            }
            break;
        };
        let is_last_complete = next.is_empty() && offset + segment.len() + 1 == bytes.len();
        let checked = check_line(segment, lines.len() as u64, lines.last(), &mut verifier);
        match checked {
            Ok(parsed) => lines.push(parsed),
            Err(reason) if is_last_complete => {
                return Ok(Scan {
                    lines,
                    good_len: offset,
                    torn: Some((offset, format!("the last line is unreadable: {reason}"))),
                });
            }
            Err(reason) => return Err(damaged(i + 1, reason)),
        }
        offset += segment.len() + 1;
    }
    Ok(Scan {
        lines,
        good_len: offset,
        torn: None,
    })
}

fn check_line<'a>(
    segment: &'a [u8],
    seq: u64,
    previous: Option<&ParsedLine>,
    verifier: &mut Option<EntryVerifier>,
) -> Result<ParsedLine<'a>, String> {
    let parsed = parse_line(segment).map_err(|e| e.to_string())?;
    check_link(&parsed, seq, previous.map(|p| &p.hash)).map_err(|e| e.to_string())?;
    if seq == 0 {
        *verifier = Some(genesis_key(&parsed.record.entry)?.0);
    }
    let Some(v) = verifier.as_ref() else {
        return Err(not_opened(&parsed.record.entry));
    };
    if !check_signature(&parsed, v) {
        return Err("bad signature".into());
    }
    Ok(parsed)
}

/// Moves the torn fragment to `<tally>.torn-<n>` (fsynced), then cuts it off
/// the tally (fsynced). Nothing is deleted: the fragment stays for inspection.
pub fn set_aside_torn_tail(
    file: &mut File,
    path: &Path,
    bytes: &[u8],
    scan: &Scan,
) -> Result<Option<TornTail>, TallyError> {
    let Some((offset, reason)) = &scan.torn else {
        return Ok(None);
    };
    let fragment = &bytes[*offset..];
    let mut n = 1;
    let saved_to = loop {
        let candidate = PathBuf::from(format!("{}.torn-{n}", path.display()));
        if !candidate.exists() {
            break candidate;
        }
        n += 1;
    };
    let mut side_options = OpenOptions::new();
    side_options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut side_options, 0o600);
    let mut side = side_options
        .open(&saved_to)
        .map_err(io_error(&saved_to, "save the torn line"))?;
    side.write_all(fragment)
        .and_then(|()| side.sync_all())
        .map_err(io_error(&saved_to, "save the torn line"))?;
    sync_parent(&saved_to).map_err(io_error(&saved_to, "sync its folder"))?;
    file.set_len(*offset as u64)
        .and_then(|()| file.sync_all())
        .map_err(io_error(path, "cut the torn line off the tally"))?;
    Ok(Some(TornTail {
        line: scan.lines.len() + 1,
        bytes: fragment.len(),
        saved_to,
        reason: reason.clone(),
    }))
}

/// What `append` wrote.
#[derive(Debug, Clone)]
pub struct Appended {
    pub seq: u64,
    pub hash: Digest,
    pub line: String,
    /// This line seals the tally.
    pub seals: bool,
}

/// Appends signed entries to the chain.
pub struct TallyWriter<S: Storage = File> {
    storage: S,
    path: PathBuf,
    len: u64,
    next_seq: u64,
    head: Digest,
    sealed: bool,
}

impl<S: Storage> TallyWriter<S> {
    /// A writer whose file holds `len` bytes of `next_seq` entries ending at `head`.
    pub fn new(storage: S, path: &Path, len: u64, next_seq: u64, head: Digest) -> Self {
        Self {
            storage,
            path: path.to_owned(),
            len,
            next_seq,
            head,
            sealed: false,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn head(&self) -> Digest {
        self.head
    }

    pub fn next_seq(&self) -> u64 {
        self.next_seq
    }

    /// Builds the line that `append` would write, without writing it.
    pub fn prepare(&self, entry: &Entry, at: &str, signer: &EntrySigner) -> Appended {
        let line = build_line(self.next_seq, &self.head, at, entry, signer);
        Appended {
            seq: self.next_seq,
            hash: super::line::line_hash(line.as_bytes()),
            line,
            seals: matches!(entry, Entry::SessionSealed { .. }),
        }
    }

    /// Builds the lines of `entries`, each chained to the one before, as
    /// `commit_all` would write them after the current head.
    pub fn prepare_all(&self, entries: &[Entry], at: &str, signer: &EntrySigner) -> Vec<Appended> {
        let (mut seq, mut head) = (self.next_seq, self.head);
        entries
            .iter()
            .map(|entry| {
                let line = build_line(seq, &head, at, entry, signer);
                let hash = super::line::line_hash(line.as_bytes());
                let appended = Appended {
                    seq,
                    hash,
                    line,
                    seals: matches!(entry, Entry::SessionSealed { .. }),
                };
                seq += 1;
                head = hash;
                appended
            })
            .collect()
    }

    /// Writes a prepared line durably: one `write_all`, then fsync. On any
    /// failure the file is cut back to what it was and the error returned.
    pub fn commit(&mut self, prepared: Appended) -> Result<Appended, TallyError> {
        self.commit_all(vec![prepared])
            .map(|mut all| all.pop().expect("one line"))
    }

    /// Writes prepared lines (from `prepare_all`) durably, all or none: one
    /// `write_all` and one fsync for all of them.
    pub fn commit_all(&mut self, prepared: Vec<Appended>) -> Result<Vec<Appended>, TallyError> {
        if self.sealed {
            return Err(TallyError::Sealed);
        }
        debug_assert_eq!(prepared.first().map(|p| p.seq), Some(self.next_seq));
        let mut bytes = Vec::with_capacity(prepared.iter().map(|p| p.line.len() + 1).sum());
        for p in &prepared {
            bytes.extend_from_slice(p.line.as_bytes());
            bytes.push(b'\n');
        }
        let written = self
            .storage
            .append(&bytes)
            .and_then(|()| self.storage.sync());
        if let Err(e) = written {
            // Best effort: if even this fails, the torn line is caught on the next open.
            let _ = self
                .storage
                .truncate(self.len)
                .and_then(|()| self.storage.sync());
            return Err(io_error(&self.path, "write to the tally")(e));
        }
        self.len += bytes.len() as u64;
        if let Some(last) = prepared.last() {
            self.next_seq = last.seq + 1;
            self.head = last.hash;
        }
        self.sealed |= prepared.iter().any(|p| p.seals);
        Ok(prepared)
    }
}
