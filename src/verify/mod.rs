//! The staff check: everything a tally promises, checked from its bytes
//! alone, as numbered steps. It shares the byte rules (`tally::line`) and the
//! session rules (`session::SessionState`) with the kiosk, and trusts nothing
//! the kiosk wrote besides the file itself.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Serialize;
use ssh_key::PublicKey;

use crate::bundle::BundleFile;
use crate::digest::Digest;
use crate::session::{SessionState, with_suffix};
use crate::signing::{EntryVerifier, fingerprint, parse_signer};
use crate::tally::{Entry, ParsedLine, check_link, parse_line};

mod placement;
mod signature_jobs;

use signature_jobs::{Checked, SignatureJobs};

/// The steps, in the order they are reported.
pub const STEPS: [(&str, &str); 9] = [
    ("syntax", "every line is a well-formed entry"),
    ("sequence", "sequence numbers are contiguous from 0"),
    ("chain", "every line names the hash of the line before"),
    ("bundle", "the genesis entry names this bundle"),
    (
        "signatures",
        "every entry is signed by the genesis key (and the expected signer)",
    ),
    ("ballots", "every entry follows the session rules"),
    ("seal", "the seal is present and last"),
    (
        "results",
        "the results recomputed from the ballots match the seal",
    ),
    (
        "detached",
        "the detached SSHSIG signature matches the whole file",
    ),
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum Outcome {
    Pass {
        detail: String,
    },
    Fail {
        line: Option<usize>,
        reason: String,
    },
    /// Not checked: no input for it, or an earlier step stopped the reading.
    Skipped {
        reason: String,
    },
}

#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub number: usize,
    pub id: &'static str,
    pub title: &'static str,
    #[serde(flatten)]
    pub outcome: Outcome,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Valid,
    /// Everything checked passed, but there is no seal yet.
    Incomplete,
    Invalid,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub tally: String,
    pub verdict: Verdict,
    pub entries: usize,
    pub head: Option<String>,
    pub signer: Option<String>,
    pub steps: Vec<Step>,
}

impl Report {
    pub fn exit_code(&self) -> u8 {
        match self.verdict {
            Verdict::Valid => 0,
            Verdict::Incomplete | Verdict::Invalid => 1,
        }
    }

    pub fn step(&self, id: &str) -> &Step {
        self.steps
            .iter()
            .find(|s| s.id == id)
            .expect("known step id")
    }

    /// The first failing step, if any.
    pub fn first_failure(&self) -> Option<&Step> {
        self.steps
            .iter()
            .filter(|s| matches!(s.outcome, Outcome::Fail { .. }))
            .min_by_key(|s| match &s.outcome {
                Outcome::Fail { line, .. } => line.unwrap_or(usize::MAX),
                _ => usize::MAX,
            })
    }

    pub fn to_text(&self) -> String {
        let mut out = format!("jury verify: {}\n", self.tally);
        for step in &self.steps {
            let label = format!("{:>2}. {} ", step.number, step.id);
            let status = match &step.outcome {
                Outcome::Pass { detail } if detail.is_empty() => "ok".to_owned(),
                Outcome::Pass { detail } => format!("ok ({detail})"),
                Outcome::Fail {
                    line: Some(line),
                    reason,
                } => format!("FAIL line {line}: {reason}"),
                Outcome::Fail { line: None, reason } => format!("FAIL: {reason}"),
                Outcome::Skipped { reason } => format!("skipped ({reason})"),
            };
            out.push_str(&format!("{label:.<18} {status}\n"));
        }
        let summary = match self.verdict {
            Verdict::Valid => format!(
                "VALID: {} entries, head {}, signer {}",
                self.entries,
                self.head.as_deref().unwrap_or("-"),
                self.signer.as_deref().unwrap_or("-")
            ),
            Verdict::Incomplete => format!(
                "INCOMPLETE: {} entries check out, but the tally is not sealed",
                self.entries
            ),
            Verdict::Invalid => match self.first_failure() {
                Some(Step {
                    id,
                    outcome: Outcome::Fail { line, reason },
                    ..
                }) => match line {
                    Some(line) => format!("INVALID: line {line} ({id}): {reason}"),
                    None => format!("INVALID ({id}): {reason}"),
                },
                _ => "INVALID".to_owned(),
            },
        };
        out.push_str(&summary);
        out.push('\n');
        out
    }
}

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
    let text = if arg.trim_start().starts_with("ssh-") {
        arg.to_owned()
    } else {
        std::fs::read_to_string(arg)
            .map_err(|e| Unreadable(format!("{arg}: {}", crate::bundle::describe_io(&e))))?
    };
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .find_map(|l| l.find("ssh-ed25519 ").map(|i| &l[i..]))
        .ok_or_else(|| Unreadable(format!("{arg}: no `ssh-ed25519 …` key found")))
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

struct Checker {
    outcomes: Vec<Option<Outcome>>,
}

impl Checker {
    fn index(id: &str) -> usize {
        STEPS
            .iter()
            .position(|(s, _)| *s == id)
            .expect("known step")
    }
    fn fail(&mut self, id: &str, line: Option<usize>, reason: impl Into<String>) {
        let slot = &mut self.outcomes[Self::index(id)];
        if slot.is_none() {
            *slot = Some(Outcome::Fail {
                line,
                reason: reason.into(),
            });
        }
    }
    fn set(&mut self, id: &str, outcome: Outcome) {
        let slot = &mut self.outcomes[Self::index(id)];
        if slot.is_none() {
            *slot = Some(outcome);
        }
    }
    fn failed(&self) -> bool {
        self.outcomes
            .iter()
            .any(|o| matches!(o, Some(Outcome::Fail { .. })))
    }
}

fn pass(detail: impl Into<String>) -> Outcome {
    Outcome::Pass {
        detail: detail.into(),
    }
}

fn skipped(reason: impl Into<String>) -> Outcome {
    Outcome::Skipped {
        reason: reason.into(),
    }
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

/// The tally's bytes, and the detached signature's name and text if any.
type TallyBytes = (Vec<u8>, Option<(String, String)>);

fn read_tally(path: &Path, expect: &Expectations) -> Result<TallyBytes, Unreadable> {
    let unreadable = |path: &Path, e: std::io::Error| {
        Unreadable(format!(
            "{}: {}",
            path.display(),
            crate::bundle::describe_io(&e)
        ))
    };
    let bytes = std::fs::read(path).map_err(|e| unreadable(path, e))?;
    let signature_path = expect
        .signature
        .clone()
        .unwrap_or_else(|| with_suffix(path, ".sig"));
    let detached = match std::fs::read_to_string(&signature_path) {
        Ok(text) => Some((signature_path.display().to_string(), text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && expect.signature.is_none() => None,
        Err(e) => return Err(unreadable(&signature_path, e)),
    };
    Ok((bytes, detached))
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
struct Read<'a> {
    name: String,
    bytes: &'a [u8],
    /// The lines that end with a LF.
    complete: &'a [&'a [u8]],
    /// Bytes after the last LF: a write cut short.
    fragment: &'a [u8],
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
        // Started first, and moved to another core: a new thread may
        // otherwise wait milliseconds for one (see `placement`).
        let (core, jobs) = (placement::this_core(), &jobs);
        let helpers: Vec<_> = (1..available_cores())
            .map(|_| {
                std::thread::Builder::new()
                    .name("signatures".into())
                    .spawn_scoped(scope, move || {
                        placement::leave_core(core);
                        jobs.wait().work()
                    })
            })
            .collect();
        std::thread::yield_now();
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
    let (report, state) = report(&read, walked, &checked, bundle, expect);
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
    file: &'s OnceLock<Result<TallyBytes, Unreadable>>,
    lines: &'s OnceLock<Vec<&'s [u8]>>,
    key: &'s OnceLock<Option<(EntryVerifier, PublicKey)>>,
    jobs: &'s OnceLock<SignatureJobs<'s>>,
) -> Result<(Read<'s>, Option<BundleFile>, Walk), Unreadable> {
    let (name, bytes, detached) = match input {
        TallyInput::File(path) => {
            let (bytes, detached) = file
                .get_or_init(|| read_tally(path, expect))
                .as_ref()
                .map_err(Clone::clone)?;
            let detached = detached
                .as_ref()
                .map(|(name, text)| (name.clone(), text.as_str()));
            (path.display().to_string(), bytes.as_slice(), detached)
        }
        TallyInput::Bytes {
            name,
            bytes,
            detached,
        } => ((*name).to_owned(), *bytes, detached.clone()),
    };
    // Complete lines are checked first; a fragment without its LF (a write
    // cut short) is reported after them, so the lines before it still count.
    let (body, fragment) = match bytes.iter().rposition(|&b| b == b'\n') {
        Some(end) => (&bytes[..end], &bytes[end + 1..]),
        None => (&bytes[..0], bytes),
    };
    let complete = lines.get_or_init(|| {
        if body.is_empty() && !bytes.starts_with(b"\n") {
            Vec::new()
        } else {
            body.split(|&b| b == b'\n').collect()
        }
    });
    let key = key.get_or_init(|| {
        complete
            .first()
            .and_then(|first| parse_line(first).ok())
            .and_then(|genesis| genesis_key(&genesis).ok())
    });
    let _ = jobs.set(SignatureJobs::new(
        complete,
        key.as_ref(),
        bytes,
        detached.as_ref().map(|(_, armored)| *armored),
    ));
    let loaded = match bundle {
        BundleInput::Given(_) => None,
        BundleInput::Load(path) => {
            Some(crate::bundle::load(path).map_err(|e| Unreadable(e.to_string()))?)
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
        detached,
    };
    Ok((read, loaded, walked))
}

/// The report, from what the walk found and the signature checks.
fn report(
    read: &Read,
    walked: Walk,
    checked: &Checked,
    bundle: Option<&BundleFile>,
    expect: &Expectations,
) -> (Report, Option<SessionState>) {
    let Read {
        name,
        bytes,
        complete,
        fragment,
        detached,
    } = read;
    let Walk {
        mut c,
        count,
        head,
        verifier,
        state,
        seal_line,
        results_checked,
    } = walked;

    if bytes.is_empty() {
        c.fail("syntax", None, "the file is empty");
    }
    if !fragment.is_empty() && !c.failed() {
        c.fail(
            "syntax",
            Some(complete.len() + 1),
            "the last line has no end of line: the write was cut short",
        );
    }
    let stopped = c.failed();
    let not_reached = || skipped("not reached: an earlier step failed");
    c.set("syntax", pass(format!("{count} lines")));
    c.set("sequence", pass(""));
    c.set("chain", pass(""));
    match bundle {
        Some(b) => c.set("bundle", pass(format!("sha256:{}", b.sha256))),
        None => c.set("bundle", skipped("no --bundle given")),
    }
    let signer_text = verifier.as_ref().map(|(_, k)| fingerprint(k));
    c.set(
        "signatures",
        pass(match (&signer_text, expect.signer) {
            (Some(f), Some(_)) => format!("{count} entries, signer {f} as expected"),
            (Some(f), None) => {
                format!("{count} entries, signer {f} (no --signer given to compare)")
            }
            _ => String::new(),
        }),
    );
    if stopped {
        c.set("ballots", not_reached());
    } else if let (Some(st), Some(b)) = (&state, bundle) {
        let ballots: usize = st.rounds.iter().map(|r| r.ballots.len()).sum();
        let absent: usize = st.rounds.iter().map(|r| r.absent.len()).sum();
        c.set(
            "ballots",
            pass(format!(
                "{ballots} ballots, {absent} absences, {} seats",
                b.bundle.jurors.len()
            )),
        );
    } else {
        c.set("ballots", skipped("no --bundle given"));
    }
    let sealed = seal_line.is_some();
    match seal_line {
        Some(n) => c.set("seal", pass(format!("line {n}"))),
        None if stopped => c.set("seal", not_reached()),
        None => c.fail(
            "seal",
            None,
            "incomplete: the tally has no seal (the session was not closed)",
        ),
    }
    if results_checked {
        c.set("results", pass(""));
    } else if bundle.is_none() {
        c.set("results", skipped("no --bundle given"));
    } else if stopped {
        c.set("results", not_reached());
    } else if !sealed {
        c.set("results", skipped("no seal to compare with"));
    } else {
        c.set("results", not_reached());
    }
    // The walk's key is the one the jobs used: both come from line 0.
    match (&detached, &verifier, checked.detached()) {
        (None, _, _) => c.set("detached", skipped("no .sig file next to the tally")),
        (Some((sig_name, _)), Some(_), Some(Ok(()))) => c.set(
            "detached",
            pass(format!(
                "{sig_name}, namespace {}",
                crate::signing::SSHSIG_NAMESPACE
            )),
        ),
        (Some((sig_name, _)), Some(_), Some(Err(e))) => {
            c.fail("detached", None, format!("{sig_name}: {e}"))
        }
        (Some(_), _, _) => c.set("detached", not_reached()),
    }
    let outcomes: Vec<Outcome> = c
        .outcomes
        .into_iter()
        .map(|o| o.unwrap_or_else(not_reached))
        .collect();
    let failures: Vec<&str> = STEPS
        .iter()
        .zip(&outcomes)
        .filter(|(_, o)| matches!(o, Outcome::Fail { .. }))
        .map(|((id, _), _)| *id)
        .collect();
    // Unsealed but otherwise sound: "incomplete", still exit 1.
    let verdict = match failures.as_slice() {
        [] => Verdict::Valid,
        ["seal"] if !sealed => Verdict::Incomplete,
        _ => Verdict::Invalid,
    };
    let report = Report {
        tally: name.to_owned(),
        verdict,
        entries: count,
        head: head.map(|h| h.hex()),
        signer: signer_text,
        steps: STEPS
            .iter()
            .zip(outcomes)
            .enumerate()
            .map(|(i, ((id, title), outcome))| Step {
                number: i + 1,
                id,
                title,
                outcome,
            })
            .collect(),
    };
    (report, state)
}

fn available_cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// What reading the lines in order found, up to the first failure.
struct Walk {
    c: Checker,
    /// Lines that passed every check.
    count: usize,
    /// Hash of the last of them.
    head: Option<Digest>,
    verifier: Option<(EntryVerifier, PublicKey)>,
    state: Option<SessionState>,
    seal_line: Option<usize>,
    results_checked: bool,
}

/// Reads the lines in order, checking syntax, links, the genesis key, each
/// line's signature (as `signature_ok` reports it) and the session rules;
/// stops at the first failure.
fn walk(
    complete: &[&[u8]],
    bundle: Option<&BundleFile>,
    signer: Option<&PublicKey>,
    signature_ok: impl Fn(usize) -> Option<bool>,
) -> Walk {
    let mut w = Walk {
        c: Checker {
            outcomes: vec![None; STEPS.len()],
        },
        count: 0,
        head: None,
        verifier: None,
        state: None,
        seal_line: None,
        results_checked: false,
    };
    for (i, raw) in complete.iter().enumerate() {
        let n = i + 1;
        if let Some(at) = w.seal_line {
            w.c.fail(
                "seal",
                Some(n),
                format!("entry after the seal (line {at}); nothing may follow it"),
            );
            break;
        }
        let parsed = match parse_line(raw) {
            Ok(p) => p,
            Err(e) => {
                w.c.fail("syntax", Some(n), e.0);
                break;
            }
        };
        if let Err(e) = check_link(&parsed, i as u64, w.head.as_ref()) {
            let step = match e {
                crate::tally::LinkError::Sequence { .. } => "sequence",
                crate::tally::LinkError::Prev { .. } => "chain",
            };
            w.c.fail(step, Some(n), e.to_string());
            break;
        }
        if i == 0 {
            match genesis_key(&parsed) {
                Ok(key) => {
                    if let Some(expected) = signer
                        && expected.key_data() != key.1.key_data()
                    {
                        w.c.fail(
                            "signatures",
                            Some(n),
                            format!(
                                "signed by {}, but the expected signer is {}",
                                fingerprint(&key.1),
                                fingerprint(expected)
                            ),
                        );
                    }
                    w.verifier = Some(key);
                }
                Err(reason) => w.c.fail("signatures", Some(n), reason),
            }
        }
        if w.verifier.is_some() && signature_ok(i) == Some(false) {
            w.c.fail(
                "signatures",
                Some(n),
                "bad signature: the line was changed or not signed by the genesis key",
            );
        }
        if w.c.failed() {
            break;
        }
        if let Some(bundle) = bundle {
            if let Err((step, reason)) = replay(&mut w, bundle, &parsed) {
                w.c.fail(step, Some(n), reason);
                break;
            }
        } else if i > 0 && matches!(parsed.record.entry, Entry::SessionOpened { .. }) {
            w.c.fail(
                "ballots",
                Some(n),
                "SessionOpened may only be the first entry",
            );
            break;
        }
        if matches!(parsed.record.entry, Entry::SessionSealed { .. }) {
            w.seal_line = Some(n);
        }
        w.count += 1;
        w.head = Some(parsed.hash);
    }
    w
}

/// Applies one line to the session state; the error names the failing step.
fn replay(
    w: &mut Walk,
    bundle: &BundleFile,
    parsed: &ParsedLine,
) -> Result<(), (&'static str, String)> {
    let Some(st) = &mut w.state else {
        w.state = Some(
            SessionState::genesis(
                &bundle.bundle,
                &bundle.sha256,
                &parsed.record.entry,
                &parsed.record.at,
                &parsed.hash,
            )
            .map_err(|e| ("bundle", e.0))?,
        );
        return Ok(());
    };
    let head = w.head.unwrap_or(Digest([0; 32]));
    let applied = st.apply(
        &bundle.bundle,
        &parsed.record.entry,
        &parsed.record.at,
        &head,
        &parsed.hash,
    );
    let Entry::SessionSealed { results, .. } = &parsed.record.entry else {
        return applied.map_err(|e| ("ballots", e.0));
    };
    if applied.is_ok() {
        // The seal rule recomputed the results and found the same digest.
        w.results_checked = true;
        return Ok(());
    }
    // A refused seal: a results digest that differs is reported as the
    // "results" step, whatever else is wrong with the seal.
    let recomputed = st.results(&bundle.bundle).digest(&bundle.bundle);
    if recomputed.hex() != **results {
        return Err((
            "results",
            format!(
                "the seal's results digest {results} differs from the results recomputed from the ballots ({recomputed})"
            ),
        ));
    }
    w.results_checked = true;
    applied.map_err(|e| ("seal", e.0))
}

fn genesis_key(parsed: &ParsedLine) -> Result<(EntryVerifier, PublicKey), String> {
    let Entry::SessionOpened { signer, .. } = &parsed.record.entry else {
        return Err(format!(
            "the first entry must be SessionOpened, found {}",
            parsed.record.entry.kind()
        ));
    };
    let key = parse_signer(signer)?;
    Ok((EntryVerifier::new(&key)?, key))
}
