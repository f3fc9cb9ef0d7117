//! The staff check: everything a tally promises, checked from its bytes
//! alone, as numbered steps. It shares the byte rules (`tally::line`) and the
//! session rules (`session::SessionState`) with the kiosk, and trusts nothing
//! the kiosk wrote besides the file itself.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use ssh_key::PublicKey;

use crate::bounded_read::{self, LineLimits, LineStop, Lines, ReadError};
use crate::bundle::BundleFile;
use crate::session::{SessionState, with_suffix};
use crate::signing::{EntryVerifier, parse_signer};
use crate::tally::{MAX_LINE_BYTES, MAX_TALLY_LINES, parse_line};

mod report;
mod signature_jobs;
mod walk;

pub use report::{Outcome, Report, Step, StepId, Verdict};

use signature_jobs::SignatureJobs;
use walk::{Walk, genesis_key, walk};

/// Inputs that could not be read: exit code 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable(pub String);

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Reads the expected signer from a `.pub` file, an `allowed_signers` file,
/// or a literal `ssh-ed25519 …` line.
pub fn read_expected_signer(arg: &str) -> Result<PublicKey, Unreadable> {
    if arg.trim().is_empty() {
        return Err(Unreadable(format!(
            "--signer: empty; give {}",
            crate::signing::SIGNER_KEY_KIND.expected
        )));
    }
    let text = if arg.trim_start().starts_with("ssh-") {
        arg.to_owned()
    } else {
        let bytes = bounded_read::read(Path::new(arg), &crate::signing::SIGNER_KEY_KIND)
            .map_err(|e| Unreadable(format!("{arg}: {e}")))?;
        String::from_utf8(bytes).map_err(|_| {
            Unreadable(format!(
                "{arg}: not UTF-8 text; give {}",
                crate::signing::SIGNER_KEY_KIND.expected
            ))
        })?
    };
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .find_map(|l| l.find("ssh-ed25519 ").map(|i| &l[i..]))
        .ok_or_else(|| {
            Unreadable(format!(
                "{arg}: no `ssh-ed25519 …` key found; give {}",
                crate::signing::SIGNER_KEY_KIND.expected
            ))
        })
        .and_then(|line| parse_signer(line).map_err(|e| Unreadable(format!("{arg}: {e}"))))
}

/// What to check the tally against.
#[derive(Default)]
pub struct Expectations<'a> {
    pub bundle: Option<&'a BundleFile>,
    pub signer: Option<&'a PublicKey>,
    /// The detached signature; `None` looks for `<tally>.sig`.
    pub signature: Option<PathBuf>,
}

pub fn verify_file(path: &Path, expect: &Expectations) -> Result<Report, Unreadable> {
    verify_and_replay(path, expect).map(|(report, _)| report)
}

/// As `verify_file`, also returning the session state replayed from the
/// tally (when a bundle was given and the entries follow the rules).
pub fn verify_and_replay(
    path: &Path,
    expect: &Expectations,
) -> Result<(Report, Option<SessionState>), Unreadable> {
    check(
        TallyInput::File(path),
        expect,
        BundleInput::Given(expect.bundle),
    )
    .map(|(report, state, _)| (report, state))
}

/// A tally checked against a bundle file, and that bundle.
pub struct Verified {
    pub report: Report,
    pub state: Option<SessionState>,
    pub bundle: BundleFile,
}

/// As `verify_and_replay`, loading the bundle from `bundle` (in place of
/// `expect.bundle`) while the signatures are being checked: loading it
/// first would leave the other cores idle. An unreadable bundle is an
/// `Unreadable` error, as for the tally.
pub fn verify_with_bundle_file(
    path: &Path,
    bundle: &Path,
    expect: &Expectations,
) -> Result<Verified, Unreadable> {
    let (report, state, loaded) = check(TallyInput::File(path), expect, BundleInput::Load(bundle))?;
    Ok(Verified {
        report,
        state,
        bundle: loaded.expect("a loaded bundle"),
    })
}

/// How a tally is split into lines: what docs/TALLY-FORMAT.md allows.
const TALLY_LINES: LineLimits = LineLimits {
    max_line_bytes: MAX_LINE_BYTES,
    max_lines: MAX_TALLY_LINES,
};

/// The tally as read (up to a refused line, if any), and the detached
/// signature's name and text if any.
struct TallyFile {
    lines: Lines,
    detached: Option<(String, String)>,
}

fn read_tally(path: &Path, expect: &Expectations) -> Result<TallyFile, Unreadable> {
    let unreadable = |path: &Path, e: ReadError| Unreadable(format!("{}: {e}", path.display()));
    let lines = bounded_read::read_lines(path, &crate::tally::TALLY_KIND, TALLY_LINES)
        .map_err(|e| unreadable(path, e))?;
    let signature_path = expect
        .signature
        .clone()
        .unwrap_or_else(|| with_suffix(path, ".sig"));
    let detached = match bounded_read::read(&signature_path, &crate::signing::SIGNATURE_KIND) {
        Ok(bytes) => {
            // Not text: reported as a signature that does not verify.
            let text = String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
            Some((signature_path.display().to_string(), text))
        }
        Err(e) if e.is_not_found() && expect.signature.is_none() => None,
        Err(e) => return Err(unreadable(&signature_path, e)),
    };
    Ok(TallyFile { lines, detached })
}

/// Checks tally bytes. `detached` is the `.sig` file's name and text, if any.
pub fn verify_bytes(
    name: &str,
    bytes: &[u8],
    expect: &Expectations,
    detached: Option<(String, &str)>,
) -> Report {
    check(
        TallyInput::Bytes {
            name,
            bytes,
            detached,
        },
        expect,
        BundleInput::Given(expect.bundle),
    )
    .expect("nothing to read")
    .0
}

/// Where the tally comes from.
enum TallyInput<'a> {
    File(&'a Path),
    Bytes {
        name: &'a str,
        bytes: &'a [u8],
        detached: Option<(String, &'a str)>,
    },
}

enum BundleInput<'a> {
    Given(Option<&'a BundleFile>),
    Load(&'a Path),
}

impl<'a> BundleInput<'a> {
    /// The bundle to check against: the one given, or the one loaded.
    fn chosen<'b>(&self, loaded: Option<&'b BundleFile>) -> Option<&'b BundleFile>
    where
        'a: 'b,
    {
        match self {
            Self::Given(given) => *given,
            Self::Load(_) => loaded,
        }
    }
}

/// The tally read and split, before any line is checked.
pub(super) struct Read<'a> {
    name: String,
    bytes: &'a [u8],
    /// The lines that end with a LF.
    complete: &'a [&'a [u8]],
    /// Bytes after the last LF: a write cut short.
    fragment: &'a [u8],
    /// Where the reading stopped before the end, and why: the line is
    /// refused at the syntax step, and the file was not read past it.
    stop: Option<(usize, LineStop)>,
    detached: Option<(String, &'a str)>,
}

fn check(
    input: TallyInput,
    expect: &Expectations,
    bundle: BundleInput,
) -> Result<(Report, Option<SessionState>, Option<BundleFile>), Unreadable> {
    // Filled in once the tally is read; declared first so that the other
    // threads, started before any reading, can borrow them.
    let file = OnceLock::new();
    let lines = OnceLock::new();
    let key = OnceLock::new();
    let jobs: OnceLock<SignatureJobs> = OnceLock::new();
    let (started, checked) = std::thread::scope(|scope| {
        // Started first, so they are ready when the jobs are handed out.
        let jobs = &jobs;
        let helpers: Vec<_> = (1..available_cores())
            .map(|_| {
                std::thread::Builder::new()
                    .name("signatures".into())
                    .spawn_scoped(scope, move || jobs.wait().work())
            })
            .collect();
        let _release = ReleaseOnPanic(jobs);
        let started = start(&input, expect, &bundle, &file, &lines, &key, jobs);
        // Without a tally the others have nothing to do; after a failure,
        // what is left is not needed.
        let jobs = jobs.get_or_init(SignatureJobs::none);
        if started.is_err() {
            jobs.cancel();
        }
        let mut checked = jobs.work();
        // A thread that could not be started leaves its share to this one.
        for helper in helpers.into_iter().flatten() {
            checked.merge(helper.join().expect("signature checks do not panic"));
        }
        (started, checked)
    });
    let (read, loaded, mut walked) = started?;
    let checked = jobs.get_or_init(SignatureJobs::none).finish(checked);
    let bundle = bundle.chosen(loaded.as_ref());
    // The walk assumed every signature holds; if one does not, it is walked
    // again with the results, to stop where the first bad one is.
    if checked.any_bad_line() {
        let by_line = checked.by_line(read.complete.len());
        walked = walk(read.complete, bundle, expect.signer, |i| by_line[i]);
    }
    let (report, state) = report::build(&read, walked, &checked, bundle, expect);
    Ok((report, state, loaded))
}

/// Hands the waiting threads no jobs if this one panics before handing them
/// theirs: the scope would otherwise wait for them forever.
struct ReleaseOnPanic<'a, 'j>(&'a OnceLock<SignatureJobs<'j>>);

impl Drop for ReleaseOnPanic<'_, '_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.get_or_init(SignatureJobs::none).cancel();
        }
    }
}

/// Reads and splits the tally, hands the signature checks to the other
/// threads, loads the bundle if asked to, and walks the lines, assuming
/// the signatures hold.
fn start<'s>(
    input: &TallyInput<'s>,
    expect: &Expectations,
    bundle: &BundleInput,
    file: &'s OnceLock<Result<TallyFile, Unreadable>>,
    lines: &'s OnceLock<Vec<&'s [u8]>>,
    key: &'s OnceLock<Option<(EntryVerifier, PublicKey)>>,
    jobs: &'s OnceLock<SignatureJobs<'s>>,
) -> Result<(Read<'s>, Option<BundleFile>, Walk), Unreadable> {
    let (name, bytes, ends, stop, detached) = match input {
        TallyInput::File(path) => {
            let TallyFile { lines, detached } = file
                .get_or_init(|| read_tally(path, expect))
                .as_ref()
                .map_err(Clone::clone)?;
            let detached = detached
                .as_ref()
                .map(|(name, text)| (name.clone(), text.as_str()));
            let name = path.display().to_string();
            let ends = std::borrow::Cow::Borrowed(lines.ends.as_slice());
            (
                name,
                lines.bytes.as_slice(),
                ends,
                lines.stop.clone(),
                detached,
            )
        }
        TallyInput::Bytes {
            name,
            bytes,
            detached,
        } => {
            let split = bounded_read::split_lines(bytes, TALLY_LINES);
            let ends = std::borrow::Cow::Owned(split.ends);
            let kept = &bytes[..split.kept];
            ((*name).to_owned(), kept, ends, split.stop, detached.clone())
        }
    };
    // Complete lines are checked first; a fragment without its LF (a write
    // cut short) is reported after them, so the lines before it still count.
    let fragment = &bytes[ends.last().map_or(0, |&end| end + 1)..];
    let complete = lines.get_or_init(|| bounded_read::complete_lines(bytes, &ends));
    let key = key.get_or_init(|| {
        complete
            .first()
            .and_then(|first| parse_line(first).ok())
            .and_then(|genesis| genesis_key(&genesis).ok())
    });
    // A file not read to its end has no whole-file signature to check.
    let whole_file = stop.is_none();
    let _ = jobs.set(SignatureJobs::new(
        complete,
        key.as_ref(),
        bytes,
        detached
            .as_ref()
            .filter(|_| whole_file)
            .map(|(_, armored)| *armored),
    ));
    let loaded = match bundle {
        BundleInput::Given(_) => None,
        BundleInput::Load(path) => {
            Some(crate::bundle::load(path).map_err(|e| match e {
                crate::bundle::BundleError::Unreadable { .. } => Unreadable(e.to_string()),
                // Read, but not a valid bundle: say which file was expected.
                _ => Unreadable(format!(
                    "{e}\n(--bundle expects {}; `jury check` explains what is wrong)",
                    crate::bundle::BUNDLE_KIND.expected
                )),
            })?)
        }
    };
    let walked = walk(
        complete,
        bundle.chosen(loaded.as_ref()),
        expect.signer,
        |_| None,
    );
    let read = Read {
        name,
        bytes,
        complete,
        fragment,
        stop,
        detached,
    };
    Ok((read, loaded, walked))
}

fn available_cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
