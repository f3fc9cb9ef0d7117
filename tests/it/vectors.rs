//! Conformance vectors (issue 10): `tests/vectors/` holds small bundles, keys
//! and tallies, and `manifest.json` says what a verifier must answer for
//! each (see `tests/vectors/README.md`). This file is their generator (fixed
//! keys, seeds and clock, so the bytes never change unless the format or the
//! rules do) and their tests:
//!
//! - the committed files are exactly what the generator writes;
//! - `jury verify --json` (the real binary) gives every case's answer;
//! - `ssh-keygen -Y verify` accepts the valid tallies' detached signatures
//!   and refuses the bad ones.
//!
//! To regenerate after a change of the format or the rules:
//!
//! ```sh
//! JURY_REGENERATE_VECTORS=1 cargo test --test it vectors::
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use jury::bundle::{BundleFile, Method, parse};
use jury::digest::{Digest, to_hex};
use jury::results::GradeCounts;
use jury::session::{SessionState, project_order};
use jury::signing::SessionKey;
use jury::tally::{Entry, GradeRow, SIGNATURE_DOMAIN, build_line, line_hash};
use serde_json::{Value, json};

/// Every line's time: informative only, fixed so the bytes are reproducible.
const AT: &str = "2026-11-26T10:00:00Z";
const PROGRAM: &str = "jury 0.1.0";
const REGENERATE: &str = "JURY_REGENERATE_VECTORS";

fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors")
}

/// The session key of every vector, and another one.
fn signer() -> SessionKey {
    SessionKey::from_seed(&[0x5a; 32], "vectors-signer")
}

fn stranger() -> SessionKey {
    SessionKey::from_seed(&[0xa5; 32], "vectors-stranger")
}

// ---------------------------------------------------------------------------
// Bundles

const PROJECTS: [(&str, &str); 5] = [
    ("p-a", "Book boxes"),
    ("p-b", "Repair café"),
    ("p-c", "Shared compost"),
    ("p-d", "Street benches"),
    ("p-e", "Homework club"),
];

/// A small bundle: 4 seats, 5 projects, 2 criteria (the first of weight 2),
/// 3 grades, at most 2 laureates; `signer` pins a key.
fn bundle_source(method: &str, signer: Option<&SessionKey>) -> String {
    bundle_source_with(method, signer, "Open")
}

/// As `bundle_source`, with `ballots` `Open` (format 1) or `Secret` (format 2).
fn bundle_source_with(method: &str, signer: Option<&SessionKey>, ballots: &str) -> String {
    let mut s = String::new();
    s.push_str("// A conformance-vector bundle (tests/vectors/README.md).\n(\n");
    s.push_str("    title: \"Conformance vectors\",\n");
    s.push_str("    date: \"2026-11-26\",\n");
    s.push_str("    place: \"tests/vectors\",\n");
    s.push_str("    language: \"en\",\n");
    s.push_str("    max_laureates: 2,\n");
    s.push_str(&format!("    method: {method},\n"));
    // Open: format 1, each ballot line carries its seat's grades; Secret:
    // format 2, the grades published per project without seats.
    s.push_str(&format!("    ballots: {ballots},\n"));
    s.push_str("    quorum: 2,\n");
    s.push_str("    criteria: [\n");
    s.push_str("        (id: \"impact\", label: \"Impact\", explanation: \"How much good it does.\", weight: 2),\n");
    s.push_str("        (id: \"feasibility\", label: \"Feasibility\", explanation: \"Whether it can be done within the year.\"),\n");
    s.push_str("    ],\n");
    s.push_str("    grades: [ // best first: index 0 is the best grade\n");
    s.push_str("        (label: \"Good\", meaning: \"Convincing.\"),\n");
    s.push_str("        (label: \"Fair\", meaning: \"Some doubts.\"),\n");
    s.push_str("        (label: \"Poor\", meaning: \"Does not meet the criterion.\"),\n");
    s.push_str("    ],\n");
    s.push_str("    jurors: [(seat: \"J1\"), (seat: \"J2\"), (seat: \"J3\"), (seat: \"J4\")],\n");
    s.push_str("    projects: [\n");
    for (id, name) in PROJECTS {
        s.push_str(&format!(
            "        (id: \"{id}\", name: \"{name}\", aim: \"What {name} is for.\", proposal: \"What {name} would do.\"),\n"
        ));
    }
    s.push_str("    ],\n");
    if let Some(key) = signer {
        s.push_str(&format!("    signer: {:?},\n", key.public_line()));
    }
    s.push_str(")\n");
    s
}

struct Bundles {
    majority: BundleFile,
    weighted: BundleFile,
    pinned: BundleFile,
}

const MAJORITY: &str = "bundles/majority.ron";
const WEIGHTED: &str = "bundles/weighted-mean.ron";
const PINNED: &str = "bundles/pinned-signer.ron";

// ---------------------------------------------------------------------------
// Sessions, entry by entry

/// Builds the entries of a session the way the kiosk would write them: each
/// ballot in the order derived from the seed, the seal's results recomputed.
struct Script<'b> {
    bundle: &'b BundleFile,
    seed: [u8; 32],
    entries: Vec<Entry>,
    round: u32,
    projects: Vec<String>,
}

fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

impl<'b> Script<'b> {
    fn new(bundle: &'b BundleFile, seed_byte: u8) -> Self {
        let seed = [seed_byte; 32];
        let opened = Entry::SessionOpened {
            format: 1,
            program: PROGRAM.to_owned(),
            bundle_sha256: bundle.sha256.hex(),
            // Set to the signing key's line when the tally is written.
            signer: String::new(),
            session_id: to_hex(&[seed_byte.wrapping_add(1); 16]),
            seed: to_hex(&seed),
        };
        Self {
            bundle,
            seed,
            entries: vec![opened],
            round: 1,
            projects: bundle
                .bundle
                .projects
                .iter()
                .map(|p| p.id.clone())
                .collect(),
        }
    }

    fn absent(&mut self, seat: &str) -> &mut Self {
        self.entries.push(Entry::JurorAbsent {
            seat: seat.to_owned(),
            round: self.round,
        });
        self
    }

    /// The order `seat` is shown this round's projects in.
    fn order(&self, seat: &str) -> Vec<String> {
        project_order(&self.seed, seat, self.round, &self.projects)
    }

    /// A ballot: `grades(project)` gives one grade per criterion.
    fn ballot(
        &mut self,
        seat: &str,
        conflicts: &[&str],
        grades: impl Fn(&str) -> [u8; 2],
    ) -> &mut Self {
        let order = self.order(seat);
        let graded = order
            .iter()
            .filter(|p| !conflicts.contains(&p.as_str()))
            .map(|p| (p.clone(), GradeRow::from_vec(grades(p).to_vec())))
            .collect();
        self.entries.push(Entry::BallotCast {
            seat: seat.to_owned(),
            round: self.round,
            order,
            conflicts: ids(conflicts),
            grades: graded,
        });
        self
    }

    fn close(&mut self, reason: Option<&str>) -> &mut Self {
        self.entries.push(Entry::RoundClosed {
            round: self.round,
            reason: reason.map(str::to_owned),
        });
        self
    }

    fn open(&mut self, projects: &[&str]) -> &mut Self {
        self.round += 1;
        self.projects = ids(projects);
        self.entries.push(Entry::RoundOpened {
            round: self.round,
            projects: ids(projects),
        });
        self
    }

    fn decide(&mut self, selected: &[&str], reason: Option<&str>) -> &mut Self {
        self.entries.push(Entry::DecisionRecorded {
            selected: ids(selected),
            reason: reason.map(str::to_owned),
        });
        self
    }

    /// The default selection: the first `max_laureates` of the ranking.
    fn decide_default(&mut self) -> &mut Self {
        let state = replay(self.bundle, &self.entries);
        let selected = state
            .results(&self.bundle.bundle)
            .default_selection()
            .into_iter()
            .map(|p| self.bundle.bundle.projects[p].id.clone())
            .collect();
        self.entries.push(Entry::DecisionRecorded {
            selected,
            reason: None,
        });
        self
    }

    /// The seal, with the results recomputed from the ballots (its count and
    /// head are set when the tally is written).
    fn seal(&mut self) -> &mut Self {
        let results = results_of(self.bundle, &self.entries).0;
        self.entries.push(Entry::SessionSealed {
            count: 0,
            head: String::new(),
            results,
        });
        self
    }

    fn entries(&self) -> Vec<Entry> {
        self.entries.clone()
    }
}

/// The state after `entries` (but a seal), which must follow the rules.
fn replay(bundle: &BundleFile, entries: &[Entry]) -> SessionState {
    let h = Digest([0; 32]);
    let mut state =
        SessionState::genesis(&bundle.bundle, &bundle.sha256, &entries[0], AT, &h).unwrap();
    // A seal is left out: its count and head are set when the tally is written.
    let unsealed = entries
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, e)| !matches!(e, Entry::SessionSealed { .. }));
    for (i, e) in unsealed {
        state
            .apply(&bundle.bundle, e, AT, &h, &h)
            .unwrap_or_else(|err| panic!("entry {i} ({}): {err}", e.kind()));
    }
    state
}

/// The results digest and canonical text after `entries`.
fn results_of(bundle: &BundleFile, entries: &[Entry]) -> (String, String) {
    let results = replay(bundle, entries).results(&bundle.bundle);
    (
        results.digest(&bundle.bundle).hex(),
        results.canonical_text(&bundle.bundle),
    )
}

// ---------------------------------------------------------------------------
// Writing tallies

/// Rewrites a line's unsigned part, given the hashes of the lines before.
type Respell = dyn Fn(&str, &[Digest]) -> String;

/// How one line departs from what the kiosk writes.
#[derive(Default)]
struct Fault<'k> {
    /// Signed by this key instead of the session's.
    key: Option<&'k SessionKey>,
    /// The unsigned part of the line (before `,sig:"`), respelled; it gets
    /// the hashes of the lines before it. Signed after.
    respell: Option<Box<Respell>>,
}

fn respell(f: impl Fn(&str, &[Digest]) -> String + 'static) -> Fault<'static> {
    Fault {
        key: None,
        respell: Some(Box::new(f)),
    }
}

/// The tally of `entries`, chained and signed by `key`: line 1 names `key`,
/// a seal its true count and head; then `faults` (by 0-based index) apply.
fn write_tally(entries: &[Entry], key: &SessionKey, faults: Vec<(usize, Fault)>) -> Vec<u8> {
    let mut faults: BTreeMap<usize, Fault> = faults.into_iter().collect();
    let mut out = Vec::new();
    let mut hashes: Vec<Digest> = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let mut entry = entry.clone();
        let prev = hashes.last().copied().unwrap_or(Digest([0; 32]));
        match &mut entry {
            Entry::SessionOpened { signer, .. } if signer.is_empty() => {
                *signer = key.public_line();
            }
            Entry::SessionSealed { count, head, .. } if head.is_empty() => {
                *count = i as u64;
                *head = prev.hex();
            }
            _ => {}
        }
        let fault = faults.remove(&i).unwrap_or_default();
        let line = build_line(i as u64, &prev, AT, &entry, key.entry_signer());
        let body = &line[..line.len() - 136];
        let body = match &fault.respell {
            Some(f) => f(body, &hashes),
            None => body.to_owned(),
        };
        let line = sign(&body, fault.key.unwrap_or(key));
        hashes.push(line_hash(&line));
        out.extend_from_slice(&line);
        out.push(b'\n');
    }
    assert!(faults.is_empty(), "a fault beyond the last line");
    out
}

/// `body` (the line before `,sig:"`) with its signature.
fn sign(body: &str, key: &SessionKey) -> Vec<u8> {
    let signature = key
        .entry_signer()
        .sign(&[SIGNATURE_DOMAIN, body.as_bytes()].concat());
    format!("{body},sig:\"{}\")", to_hex(&signature)).into_bytes()
}

/// `T.allowed_signers`, as the kiosk writes it beside a sealed tally.
fn allowed_signers(key: &SessionKey) -> String {
    format!("jury namespaces=\"jury-tally@v1\" {}\n", key.public_line())
}

/// The 1-based column, in characters, where `changed` departs from `body`.
fn departs_at(body: &str, changed: &str) -> usize {
    body.chars()
        .zip(changed.chars())
        .take_while(|(a, b)| a == b)
        .count()
        + 1
}

// ---------------------------------------------------------------------------
// Cases

/// What a verifier must answer.
#[derive(Clone)]
struct Expected {
    verdict: &'static str,
    exit_code: u8,
    /// The first failing step: number and id.
    step: Option<(u8, &'static str)>,
    /// Its line, from 1.
    line: Option<usize>,
    /// For a line not in its one byte form: the column (characters, from 1).
    column: Option<usize>,
}

const STEPS: [&str; 9] = [
    "syntax",
    "sequence",
    "chain",
    "bundle",
    "signatures",
    "ballots",
    "seal",
    "results",
    "detached",
];

fn valid() -> Expected {
    Expected {
        verdict: "valid",
        exit_code: 0,
        step: None,
        line: None,
        column: None,
    }
}

fn incomplete() -> Expected {
    Expected {
        verdict: "incomplete",
        exit_code: 1,
        step: Some((7, "seal")),
        line: None,
        column: None,
    }
}

/// Invalid: step `number` fails first, at `line` (None: not on a line).
fn fails(number: u8, line: Option<usize>) -> Expected {
    Expected {
        verdict: "invalid",
        exit_code: 1,
        step: Some((number, STEPS[usize::from(number) - 1])),
        line,
        column: None,
    }
}

fn unreadable() -> Expected {
    Expected {
        verdict: "unreadable",
        exit_code: 2,
        step: None,
        line: None,
        column: None,
    }
}

struct Case {
    name: String,
    description: String,
    /// Where the rule is written.
    rule: &'static str,
    tally: String,
    bundle: Option<&'static str>,
    signer: Option<&'static str>,
    expected: Expected,
    results_text: Option<String>,
}

/// Everything the generator writes, by path under `tests/vectors/`.
struct Output {
    files: BTreeMap<String, Vec<u8>>,
    cases: Vec<Case>,
}

impl Output {
    fn file(&mut self, path: &str, bytes: impl Into<Vec<u8>>) {
        let old = self.files.insert(path.to_owned(), bytes.into());
        assert!(old.is_none(), "{path} written twice");
    }

    /// A tally file `tallies/NAME.jury` and one case that checks it.
    #[allow(clippy::too_many_arguments)]
    fn tally(
        &mut self,
        name: &str,
        bytes: Vec<u8>,
        bundle: Option<&'static str>,
        rule: &'static str,
        description: &str,
        expected: Expected,
    ) {
        let path = format!("tallies/{name}.jury");
        self.file(&path, bytes);
        self.case(name, &path, bundle, None, rule, description, expected);
    }

    #[allow(clippy::too_many_arguments)]
    fn case(
        &mut self,
        name: &str,
        tally: &str,
        bundle: Option<&'static str>,
        signer: Option<&'static str>,
        rule: &'static str,
        description: &str,
        expected: Expected,
    ) {
        assert!(
            self.cases.iter().all(|c| c.name != name),
            "case {name} twice"
        );
        self.cases.push(Case {
            name: name.to_owned(),
            description: description.to_owned(),
            rule,
            tally: tally.to_owned(),
            bundle,
            signer,
            expected,
            results_text: None,
        });
    }

    /// A sealed, valid tally, its detached signature, and its case.
    fn sealed(
        &mut self,
        name: &str,
        bundle: (&'static str, &BundleFile),
        entries: &[Entry],
        key: &SessionKey,
        rule: &'static str,
        description: &str,
    ) -> Vec<u8> {
        let bytes = write_tally(entries, key, vec![]);
        let path = format!("tallies/{name}.jury");
        self.file(&format!("{path}.sig"), key.sshsig(&bytes));
        self.file(&format!("{path}.allowed_signers"), allowed_signers(key));
        self.file(&path, bytes.clone());
        self.case(
            name,
            &path,
            Some(bundle.0),
            None,
            rule,
            description,
            valid(),
        );
        self.cases.last_mut().unwrap().results_text = Some(results_of(bundle.1, entries).1);
        bytes
    }
}

const GRAMMAR: &str = "docs/TALLY-FORMAT.md#line-grammar";
const FILE: &str = "docs/TALLY-FORMAT.md#file";
const HASHES: &str = "docs/TALLY-FORMAT.md#hashes";
const SIGNATURES: &str = "docs/TALLY-FORMAT.md#signatures";
const OPENED: &str = "docs/TALLY-FORMAT.md#sessionopened--line-1-and-only-there";
const ABSENT: &str = "docs/TALLY-FORMAT.md#jurorabsentseatj04round1";
const BALLOT: &str = "docs/TALLY-FORMAT.md#ballotcast";
const ORDER: &str = "docs/TALLY-FORMAT.md#project-order";
const REASONS: &str = "docs/TALLY-FORMAT.md#reasons";
const CLOSED: &str = "docs/TALLY-FORMAT.md#roundclosedround1reasonnone";
const REOPENED: &str = "docs/TALLY-FORMAT.md#roundopenedround2projectsbc";
const DECISION: &str = "docs/TALLY-FORMAT.md#decisionrecordedselectedabreasonnone";
const SEALED: &str = "docs/TALLY-FORMAT.md#sessionsealedcount11headhex64resultshex64--the-end";
const DETACHED: &str = "docs/TALLY-FORMAT.md#sealing-and-the-detached-signature";
const CHECKS: &str = "docs/TALLY-FORMAT.md#what-jury-verify-checks";
const RESULTS: &str = "docs/RESULTS.md";
const PINNING: &str = "docs/BUNDLE-FORMAT.md#top-level";

/// Grades of the plain sessions: `[impact, feasibility]`, 0 = best.
fn plain_grades(seat: &str, project: &str) -> [u8; 2] {
    match (seat, project) {
        (_, "p-a") => [0, 0],
        ("J2", "p-b") => [0, 1],
        (_, "p-b") => [1, 0],
        ("J1" | "J3", "p-c") => [1, 1],
        (_, "p-c") => [1, 2],
        ("J4", "p-d") => [1, 2],
        (_, "p-d") => [2, 1],
        (_, _) => [2, 2],
    }
}

/// The simplest sealed session: one round, everyone votes, the default
/// decision. Lines: 1 opened, 2–5 ballots J1–J4, 6 closed, 7 decision, 8 seal.
fn plain(bundle: &BundleFile) -> Script<'_> {
    let mut s = Script::new(bundle, 1);
    for seat in ["J1", "J2", "J3", "J4"] {
        s.ballot(seat, &[], |p| plain_grades(seat, p));
    }
    s.close(None).decide_default().seal();
    s
}

fn generate() -> Output {
    let source = |method, key: Option<&SessionKey>| bundle_source(method, key);
    let majority_text = source("MajorityJudgment", None);
    let weighted_text = source("WeightedMean", None);
    let pinned_text = source("MajorityJudgment", Some(&stranger()));
    let b = Bundles {
        majority: parse(MAJORITY, majority_text.as_bytes()).unwrap(),
        weighted: parse(WEIGHTED, weighted_text.as_bytes()).unwrap(),
        pinned: parse(PINNED, pinned_text.as_bytes()).unwrap(),
    };
    assert_eq!(b.weighted.bundle.method, Method::WeightedMean);
    let mut out = Output {
        files: BTreeMap::new(),
        cases: Vec::new(),
    };
    out.file(MAJORITY, majority_text);
    out.file(WEIGHTED, weighted_text);
    out.file(PINNED, pinned_text);
    let key = signer();
    out.file("keys/signer.pub", format!("{}\n", key.public_line()));
    out.file(
        "keys/stranger.pub",
        format!("{}\n", stranger().public_line()),
    );
    out.file("keys/no-key.pub", "# this file holds no key\n");

    valid_sessions(&mut out, &b, &key);
    syntax(&mut out, &b, &key);
    chain_and_signatures(&mut out, &b, &key);
    rules(&mut out, &b, &key);
    seal_and_results(&mut out, &b, &key);
    secret_ballots(&mut out, &key);
    readings(&mut out, &b, &key);
    secret_counts(&mut out, &key);
    let manifest = manifest(&out.cases, &out.files);
    out.file("manifest.json", manifest);
    out
}

fn valid_sessions(out: &mut Output, b: &Bundles, key: &SessionKey) {
    let m = (MAJORITY, &b.majority);
    let plain_entries = plain(&b.majority).entries();
    out.sealed(
        "valid-one-round",
        m,
        &plain_entries,
        key,
        CHECKS,
        "one round, every seat votes, the default decision, sealed; the detached signature beside it",
    );
    out.case(
        "valid-one-round-expected-signer",
        "tallies/valid-one-round.jury",
        Some(MAJORITY),
        Some("keys/signer.pub"),
        CHECKS,
        "the same tally, with the expected signer given (--signer): it is the key of line 1",
        valid(),
    );
    out.case(
        "valid-one-round-no-bundle",
        "tallies/valid-one-round.jury",
        None,
        None,
        CHECKS,
        "the same tally without its bundle: steps 4, 6 and 8 are skipped, the rest pass",
        valid(),
    );

    // Several rounds, a conflict, absences, an early close with a reason, a
    // decision that departs with a reason and is then replaced.
    let mut s = Script::new(&b.majority, 2);
    s.absent("J3")
        .ballot("J1", &["p-c"], |p| plain_grades("J1", p))
        .ballot("J2", &[], |p| plain_grades("J2", p))
        .ballot("J4", &[], |p| plain_grades("J4", p))
        .close(None)
        .open(&["p-b", "p-d"])
        .absent("J3")
        .ballot("J1", &[], |_| [0, 0])
        .ballot("J2", &[], |p| if p == "p-b" { [0, 1] } else { [0, 0] })
        .close(Some("J4 had to leave before the second round"))
        .decide(
            &["p-e"],
            Some("The jury prefers to fund the homework club alone"),
        )
        .decide_default()
        .seal();
    let full = s.entries();
    out.sealed(
        "valid-rounds-conflicts-absences",
        m,
        &full,
        key,
        RESULTS,
        "J3 absent (and marked absent again in round 2, as the kiosk does), a conflict of J1 on p-c, round 2 on p-b and p-d replaces their round-1 grades, closed early with a reason (J4 did not vote), a decision that departs from the ranking with a reason, then replaced by the default one",
    );
    let unsealed = &full[..full.len() - 1];
    out.tally(
        "incomplete-not-sealed",
        write_tally(unsealed, key, vec![]),
        Some(MAJORITY),
        CHECKS,
        "the same session without its seal: every line checks, there is no SessionSealed line",
        incomplete(),
    );
    out.tally(
        "incomplete-round-open",
        write_tally(&full[..3], key, vec![]),
        Some(MAJORITY),
        CHECKS,
        "three lines of round 1, the round still open: incomplete, not invalid",
        incomplete(),
    );

    // Ties across the cut-off and a project nobody graded.
    let mut s = Script::new(&b.majority, 3);
    for seat in ["J1", "J2", "J3", "J4"] {
        s.ballot(seat, &["p-e"], |p| match p {
            "p-a" => [0, 0],
            "p-b" | "p-c" => [1, if seat == "J1" { 0 } else { 1 }],
            _ => [2, 2],
        });
    }
    s.close(None)
        .decide_default()
        .decide(
            &["p-a", "p-c"],
            Some("p-b and p-c tie across the cut-off; the jury chose p-c by a show of hands"),
        )
        .seal();
    out.sealed(
        "valid-tie-across-cutoff-ungraded",
        m,
        &s.entries(),
        key,
        RESULTS,
        "p-b and p-c exactly tied at rank 2 with a cut-off of 2 (both to discuss); every juror declared a conflict on p-e, which has no grade and ranks last with `-`; the default decision, then another selection with a reason",
    );

    // The default selection in another order: the same set, no reason needed.
    let mut s = plain(&b.majority);
    s.entries.truncate(6);
    let default = replay(&b.majority, &s.entries)
        .results(&b.majority.bundle)
        .default_selection();
    let reversed: Vec<&str> = default
        .iter()
        .rev()
        .map(|&p| b.majority.bundle.projects[p].id.as_str())
        .collect();
    s.decide(&reversed, None).seal();
    out.sealed(
        "valid-decision-same-set-other-order",
        m,
        &s.entries(),
        key,
        DECISION,
        "the ranking's first 2 projects selected in the other order, without a reason: a selection is compared as a set",
    );

    // The weighted mean.
    let mut s = Script::new(&b.weighted, 4);
    for seat in ["J1", "J2", "J3", "J4"] {
        s.ballot(seat, &[], |p| match (seat, p) {
            // p-a: majority grade Poor, mean 1 (of 2); p-b: Fair everywhere.
            ("J1" | "J2", "p-a") => [0, 0],
            (_, "p-a") => [2, 2],
            (_, "p-b") => [1, 1],
            ("J1", "p-c") => [0, 2],
            (_, "p-c") => [1, 2],
            (_, "p-d") => [2, 1],
            _ => [2, 0],
        });
    }
    s.close(None).decide_default().seal();
    let weighted = s.entries();
    out.sealed(
        "valid-weighted-mean",
        (WEIGHTED, &b.weighted),
        &weighted,
        key,
        RESULTS,
        "a bundle with method WeightedMean: means compared exactly, weights applied, the majority grade written for information",
    );

    // Rules the docs spell out for later rounds.
    let mut s = Script::new(&b.majority, 5);
    s.absent("J4");
    for seat in ["J1", "J2", "J3"] {
        s.ballot(seat, &[], |p| plain_grades(seat, p));
    }
    s.close(None).open(&["p-a", "p-b"]);
    for seat in ["J4", "J1", "J2", "J3"] {
        s.ballot(seat, &[], |p| if p == "p-a" { [1, 1] } else { [0, 0] });
    }
    s.close(None).open(&["p-c"]);
    for seat in ["J2", "J3"] {
        s.ballot(seat, &[], |_| [0, 1]);
    }
    s.close(Some("\u{a0}J1 and J4 abstain\u{3000}"))
        .decide_default()
        .seal();
    out.sealed(
        "valid-later-rounds",
        m,
        &s.entries(),
        key,
        RESULTS,
        "J4, absent in round 1, votes in round 2 without being marked absent again (optional); round 3 lists p-c, which was not in round 2; round 3 closed early with a reason that starts and ends with no-break and ideographic spaces (not blank); the reason is written with `\\u{a0}` and `\\u{3000}` escapes",
    );

    // The pinned signer.
    let pinned = plain(&b.pinned).entries();
    out.sealed(
        "valid-pinned-signer",
        (PINNED, &b.pinned),
        &pinned,
        &stranger(),
        PINNING,
        "the bundle pins the stranger's key and the tally is signed by it",
    );
    out.tally(
        "pinned-signer-other-key",
        write_tally(&pinned, key, vec![]),
        Some(PINNED),
        PINNING,
        "the bundle pins the stranger's key, the tally is correctly chained and signed by another key: step 5 names both fingerprints",
        fails(5, Some(1)),
    );
    out.case(
        "expected-signer-other-key",
        "tallies/valid-one-round.jury",
        Some(MAJORITY),
        Some("keys/stranger.pub"),
        CHECKS,
        "a valid tally, but --signer expects another key",
        fails(5, Some(1)),
    );
    out.case(
        "signer-file-without-key",
        "tallies/valid-one-round.jury",
        Some(MAJORITY),
        Some("keys/no-key.pub"),
        CHECKS,
        "--signer names a file with no ssh-ed25519 key: unreadable input (exit 2)",
        unreadable(),
    );
    out.case(
        "bundle-other",
        "tallies/valid-one-round.jury",
        Some(WEIGHTED),
        None,
        CHECKS,
        "a valid tally checked against another bundle: line 1's bundle_sha256 differs",
        fails(4, Some(1)),
    );

    // The detached signature.
    let bytes = write_tally(&plain_entries, key, vec![]);
    // SSHSIG's message hash may be SHA-512 (ssh-keygen's default) as well
    // as the SHA-256 the kiosk uses: a verifier accepts either.
    let private = ssh_key::PrivateKey::from_openssh(key.to_openssh()).unwrap();
    let sha512 = private
        .sign("jury-tally@v1", ssh_key::HashAlg::Sha512, &bytes)
        .unwrap()
        .to_pem(ssh_key::LineEnding::LF)
        .unwrap();
    out.file("tallies/valid-detached-sha512.jury", bytes.clone());
    out.file("tallies/valid-detached-sha512.jury.sig", sha512);
    out.file(
        "tallies/valid-detached-sha512.jury.allowed_signers",
        allowed_signers(key),
    );
    out.case(
        "valid-detached-sha512",
        "tallies/valid-detached-sha512.jury",
        Some(MAJORITY),
        None,
        DETACHED,
        "the one-round tally whose detached SSHSIG hashes the file with SHA-512 (ssh-keygen's default) instead of SHA-256",
        valid(),
    );
    out.file("tallies/detached-other-file.jury", bytes.clone());
    let other = write_tally(&full, key, vec![]);
    out.file("tallies/detached-other-file.jury.sig", key.sshsig(&other));
    out.file(
        "tallies/detached-other-file.jury.allowed_signers",
        allowed_signers(key),
    );
    out.case(
        "detached-other-file",
        "tallies/detached-other-file.jury",
        Some(MAJORITY),
        None,
        DETACHED,
        "a valid tally whose .sig is the session key's signature of another tally",
        fails(9, None),
    );
    out.file("tallies/detached-other-key.jury", bytes.clone());
    out.file(
        "tallies/detached-other-key.jury.sig",
        stranger().sshsig(&bytes),
    );
    out.file(
        "tallies/detached-other-key.jury.allowed_signers",
        allowed_signers(key),
    );
    out.case(
        "detached-other-key",
        "tallies/detached-other-key.jury",
        Some(MAJORITY),
        None,
        DETACHED,
        "a valid tally whose .sig signs these very bytes, but with another key than line 1's",
        fails(9, None),
    );
}

fn syntax(out: &mut Output, b: &Bundles, key: &SessionKey) {
    let entries = plain(&b.majority).entries();
    let good = write_tally(&entries, key, vec![]);
    let lines: Vec<&[u8]> = good.split_inclusive(|&c| c == b'\n').collect();
    let m = Some(MAJORITY);

    out.tally(
        "empty-file",
        Vec::new(),
        m,
        FILE,
        "an empty file",
        fails(1, None),
    );
    let mut torn = lines[..4].concat();
    torn.extend_from_slice(&lines[4][..lines[4].len() / 2]);
    out.tally(
        "torn-last-line",
        torn,
        m,
        FILE,
        "four good lines, then half of line 5 without its LF (a write cut short)",
        fails(1, Some(5)),
    );
    let mut no_lf = good.clone();
    no_lf.pop();
    out.tally(
        "no-final-lf",
        no_lf,
        m,
        FILE,
        "a whole sealed tally whose last line lacks its LF",
        fails(1, Some(8)),
    );
    let mut empty_line = lines[..3].concat();
    empty_line.push(b'\n');
    empty_line.extend_from_slice(&lines[3..].concat());
    out.tally(
        "empty-line",
        empty_line,
        m,
        FILE,
        "an empty line between lines 3 and 4 (it is line 4)",
        fails(1, Some(4)),
    );
    let mut cr = lines[..2].concat();
    let mut line3 = lines[2].to_vec();
    line3.insert(line3.len() - 1, b'\r');
    cr.extend_from_slice(&line3);
    out.tally(
        "crlf",
        cr,
        m,
        FILE,
        "line 3 ends with CR LF",
        fails(1, Some(3)),
    );
    // Not UTF-8: a Latin-1 byte in a reason, signed and chained.
    let mut s = Script::new(&b.majority, 1);
    s.ballot("J1", &[], |p| plain_grades("J1", p))
        .close(Some("Jurors left: caf\u{e9}"));
    let mut bytes = write_tally(&s.entries(), key, vec![]);
    // Re-sign line 3 with its é (C3 A9) as the Latin-1 byte E9.
    let text = String::from_utf8(bytes.clone()).unwrap();
    let body3 = text.lines().nth(2).unwrap();
    let body3 = &body3[..body3.len() - 136];
    let mut raw = body3.as_bytes().to_vec();
    let at = raw.windows(2).position(|w| w == [0xc3, 0xa9]).unwrap();
    raw.splice(at..at + 2, [0xe9]);
    let signature = key
        .entry_signer()
        .sign(&[SIGNATURE_DOMAIN, raw.as_slice()].concat());
    raw.extend_from_slice(format!(",sig:\"{}\")\n", to_hex(&signature)).as_bytes());
    let first_two: usize = text.lines().take(2).map(|l| l.len() + 1).sum();
    bytes.truncate(first_two);
    bytes.extend_from_slice(&raw);
    out.tally(
        "not-utf8",
        bytes,
        m,
        FILE,
        "line 3 holds the byte E9 (Latin-1 é), not UTF-8; signed over its bytes",
        fails(1, Some(3)),
    );

    // One byte form per entry: spellings that a generic RON parser would
    // (mostly) read as a record, signed and chained, each refused at step 1
    // at the column where it departs from the writer's form.
    type Spell = fn(&str) -> String;
    let spellings: [(&str, usize, &str, Spell); 15] = [
        ("space", 5, "a space after a comma", |b| {
            b.replacen(",round:1,order:", ", round:1,order:", 1)
        }),
        ("leading-zero", 5, "`round:01`", |b| {
            b.replacen(",round:1,", ",round:01,", 1)
        }),
        (
            "trailing-comma",
            6,
            "a trailing comma inside RoundClosed",
            |b| b.replacen("reason:None)", "reason:None,)", 1),
        ),
        (
            "raw-string",
            6,
            "the time as a raw string `r#\"…\"#`",
            |b| b.replacen(&format!("at:\"{AT}\""), &format!("at:r#\"{AT}\"#"), 1),
        ),
        (
            "omitted-reason",
            6,
            "RoundClosed without its `reason:None`",
            |b| b.replacen(",reason:None)", ")", 1),
        ),
        (
            "unknown-field",
            6,
            "an unknown field inside RoundClosed",
            |b| b.replacen("reason:None)", "reason:None,extra:1)", 1),
        ),
        ("field-order", 6, "`prev` before `seq`", |b| {
            let seq_end = b.find(",prev:").unwrap();
            let prev_end = b.find(",at:").unwrap();
            format!(
                "({},{}{}",
                &b[seq_end + 1..prev_end],
                &b[1..seq_end],
                &b[prev_end..]
            )
        }),
        (
            "needless-escape",
            6,
            "a character the writer leaves as it is, escaped: `\\u{30}` for `0`",
            |b| b.replacen("T10:00", "T1\\u{30}:00", 1),
        ),
        ("uppercase-prev", 4, "`prev` in uppercase hex", |b| {
            let at = b.find("prev:\"").unwrap() + 6;
            format!(
                "{}{}{}",
                &b[..at],
                b[at..at + 64].to_uppercase(),
                &b[at + 64..]
            )
        }),
        ("implicit-some", 6, "a reason without `Some(…)`", |b| {
            b.replacen("reason:None)", "reason:\"x\")", 1)
        }),
        (
            "unescaped-no-break-space",
            6,
            "the reason `a\\u{a0}b` with its U+00A0 as it is, where the writer writes `\\u{a0}`",
            |b| b.replacen("\\u{a0}", "\u{a0}", 1),
        ),
        (
            "hex-escape",
            6,
            "the reason `a\\u{a0}b` with `\\x61` for its `a`, an escape the writer never writes",
            |b| b.replacen("Some(\"a", "Some(\"\\x61", 1),
        ),
        // A token refused as a whole (a number with a leading zero or out
        // of range) is refused at its first character (issue 20).
        (
            "round-out-of-range",
            5,
            "`round:4294967296`, one more than a round may be (2³²−1): refused at its first digit",
            |b| b.replacen(",round:1,", ",round:4294967296,", 1),
        ),
        (
            "prev-short",
            4,
            "`prev` with 63 hex digits: refused at its closing quote, where the 64th digit should be",
            |b| {
                let at = b.find("prev:\"").unwrap() + 6;
                format!("{}{}", &b[..at + 63], &b[at + 64..])
            },
        ),
        (
            "quote-unescaped-single",
            6,
            "the reason `a\\u{a0}b` with a `'` added as it is, where the writer writes `\\'`",
            |b| b.replacen("Some(\"a", "Some(\"'a", 1),
        ),
    ];
    // Line 1 opened, 2 J4 absent, 3–5 ballots of J1–J3, 6 RoundClosed with
    // reason None (every seat accounted for), 7 decision, 8 seal.
    let mut s = Script::new(&b.majority, 6);
    s.absent("J4");
    for seat in ["J1", "J2", "J3"] {
        s.ballot(seat, &[], |p| plain_grades(seat, p));
    }
    s.close(None).decide_default().seal();
    let base = s.entries();
    // The same with a reason on line 6 (`Some("a\u{a0}b")`), for the
    // spellings of a string's characters.
    let mut with_reason = base.clone();
    with_reason[5] = Entry::RoundClosed {
        round: 1,
        reason: Some("a\u{a0}b".into()),
    };
    for (name, line, what, f) in spellings {
        let base = if what.contains("a\\u{a0}b") {
            with_reason.clone()
        } else {
            base.clone()
        };
        let good_body = {
            let t = write_tally(&base, key, vec![]);
            let t = String::from_utf8(t).unwrap();
            let l = t.lines().nth(line - 1).unwrap().to_owned();
            l[..l.len() - 136].to_owned()
        };
        let changed = f(&good_body);
        assert_ne!(changed, good_body, "{name}");
        let column = departs_at(&good_body, &changed);
        let bytes = write_tally(
            &base,
            key,
            vec![(line - 1, respell(move |body, _| f(body)))],
        );
        let mut expected = fails(1, Some(line));
        expected.column = Some(column);
        out.tally(
            &format!("spelling-{name}"),
            bytes,
            m,
            GRAMMAR,
            &format!("line {line}: {what}; correctly chained and signed"),
            expected,
        );
    }
}

fn chain_and_signatures(out: &mut Output, b: &Bundles, key: &SessionKey) {
    let entries = plain(&b.majority).entries();
    let m = Some(MAJORITY);
    out.tally(
        "sequence-gap",
        write_tally(
            &entries,
            key,
            vec![(2, respell(|b, _| b.replacen("(seq:2,", "(seq:3,", 1)))],
        ),
        m,
        CHECKS,
        "line 3 has seq 3 (it must be 2); chained and signed",
        fails(2, Some(3)),
    );
    out.tally(
        "sequence-from-one",
        write_tally(
            &entries[..3],
            key,
            vec![(0, respell(|b, _| b.replacen("(seq:0,", "(seq:1,", 1)))],
        ),
        m,
        CHECKS,
        "line 1 has seq 1",
        fails(2, Some(1)),
    );
    out.tally(
        "chain-prev-skips-a-line",
        write_tally(
            &entries,
            key,
            vec![(
                3,
                respell(|b, hashes| b.replacen(&hashes[2].hex(), &hashes[1].hex(), 1)),
            )],
        ),
        m,
        HASHES,
        "line 4's prev is line 2's hash, not line 3's",
        fails(3, Some(4)),
    );
    out.tally(
        "chain-genesis-prev-not-zero",
        write_tally(
            &entries[..3],
            key,
            vec![(
                0,
                respell(|b, _| b.replacen(&"0".repeat(64), &"1".repeat(64), 1)),
            )],
        ),
        m,
        HASHES,
        "line 1's prev is 64 ones, not 64 zeros",
        fails(3, Some(1)),
    );
    out.tally(
        "signature-by-another-key",
        write_tally(
            &entries,
            key,
            vec![(
                3,
                Fault {
                    key: Some(&stranger()),
                    respell: None,
                },
            )],
        ),
        m,
        SIGNATURES,
        "line 4 is signed by another key than line 1's",
        fails(5, Some(4)),
    );
    let mut absent_first = entries.clone();
    absent_first[0] = Entry::JurorAbsent {
        seat: "J1".into(),
        round: 1,
    };
    out.tally(
        "genesis-not-session-opened",
        write_tally(&absent_first[..2], key, vec![]),
        m,
        SIGNATURES,
        "line 1 is a JurorAbsent: there is no key to check any signature with",
        fails(5, Some(1)),
    );
    let mut bad_signer = entries.clone();
    if let Entry::SessionOpened { signer, .. } = &mut bad_signer[0] {
        *signer = "ssh-ed25519 not-base64 vectors".into();
    }
    out.tally(
        "genesis-signer-unreadable",
        write_tally(&bad_signer[..2], key, vec![]),
        m,
        SIGNATURES,
        "line 1's signer is not an OpenSSH ssh-ed25519 public key",
        fails(5, Some(1)),
    );

    // Which failure is reported: the first line in file order, and on that
    // line the lowest step.
    let mut twice = entries.clone();
    twice.insert(
        3,
        Entry::JurorAbsent {
            seat: "J1".into(),
            round: 1,
        },
    );
    out.tally(
        "first-bad-line-wins",
        write_tally(
            &twice,
            key,
            vec![(
                6,
                Fault {
                    key: Some(&stranger()),
                    respell: None,
                },
            )],
        ),
        m,
        CHECKS,
        "line 4 marks absent a seat that voted (step 6), line 7 is signed by another key (step 5): the first line in file order is reported",
        fails(6, Some(4)),
    );
    out.tally(
        "lowest-step-on-a-line",
        write_tally(
            &twice,
            key,
            vec![(
                3,
                Fault {
                    key: Some(&stranger()),
                    respell: Some(Box::new(|b, _| b.replacen("(seq:3,", "(seq:4,", 1))),
                },
            )],
        ),
        m,
        CHECKS,
        "line 4 has the wrong seq (step 2), is signed by another key (step 5) and breaks a rule (step 6): its lowest step is reported",
        fails(2, Some(4)),
    );
}

/// One entry that breaks one rule, after `prefix`; the tally ends there.
fn broken(prefix: &[Entry], bad: Entry) -> Vec<Entry> {
    let mut v = prefix.to_vec();
    v.push(bad);
    v
}

/// Changes a ballot's seat, round, order, conflicts and grades.
type EditBallot =
    dyn Fn(&mut String, &mut u32, &mut Vec<String>, &mut Vec<String>, &mut Vec<(String, GradeRow)>);

fn rules(out: &mut Output, b: &Bundles, key: &SessionKey) {
    let plain_script = plain(&b.majority);
    let e = plain_script.entries();
    let m = Some(MAJORITY);
    let mut rule = |name: &str, rule, entries: Vec<Entry>, description: &str| {
        let line = entries.len();
        out.tally(
            name,
            write_tally(&entries, key, vec![]),
            m,
            rule,
            description,
            fails(6, Some(line)),
        );
    };
    let opened = |f: fn(&mut u32, &mut String, &mut String)| {
        let mut v = e[..1].to_vec();
        if let Entry::SessionOpened {
            format,
            session_id,
            seed,
            ..
        } = &mut v[0]
        {
            f(format, session_id, seed);
        }
        v
    };
    rule(
        "genesis-format-2",
        OPENED,
        opened(|f, _, _| *f = 2),
        "line 1 says format 2",
    );
    rule(
        "genesis-session-id-short",
        OPENED,
        opened(|_, id, _| id.truncate(30)),
        "line 1's session_id has 30 hex digits, not 32",
    );
    rule(
        "genesis-seed-not-hex",
        OPENED,
        opened(|_, _, seed| seed.replace_range(..1, "g")),
        "line 1's seed is not 64 hex digits",
    );
    rule(
        "session-opened-twice",
        OPENED,
        broken(&e[..3], e[0].clone()),
        "a second SessionOpened on line 4",
    );

    let absent = |seat: &str, round| Entry::JurorAbsent {
        seat: seat.into(),
        round,
    };
    rule(
        "absent-unknown-seat",
        ABSENT,
        broken(&e[..1], absent("J9", 1)),
        "JurorAbsent for a seat the bundle does not have",
    );
    rule(
        "absent-wrong-round",
        ABSENT,
        broken(&e[..1], absent("J1", 2)),
        "JurorAbsent for round 2 while round 1 is the current round",
    );
    rule(
        "absent-after-voting",
        ABSENT,
        broken(&e[..2], absent("J1", 1)),
        "J1 marked absent after voting in the round",
    );
    rule(
        "absent-twice",
        ABSENT,
        broken(&[e[0].clone(), absent("J1", 1)], absent("J1", 1)),
        "J1 marked absent twice in round 1",
    );
    rule(
        "absent-round-closed",
        ABSENT,
        broken(&e[..6], absent("J1", 1)),
        "JurorAbsent for round 1 after it was closed",
    );

    // Ballots: J1's plain ballot, changed.
    let ballot = |f: &EditBallot| {
        let mut entry = e[1].clone();
        if let Entry::BallotCast {
            seat,
            round,
            order,
            conflicts,
            grades,
        } = &mut entry
        {
            f(seat, round, order, conflicts, grades);
        }
        broken(&e[..1], entry)
    };
    rule(
        "ballot-unknown-seat",
        BALLOT,
        ballot(&|seat, _, _, _, _| *seat = "J9".into()),
        "a ballot for a seat the bundle does not have",
    );
    rule(
        "ballot-wrong-round",
        BALLOT,
        ballot(&|_, round, _, _, _| *round = 2),
        "a ballot for round 2 while round 1 is the current round (its order is round 1's)",
    );
    rule(
        "ballot-twice",
        BALLOT,
        broken(&e[..2], e[1].clone()),
        "J1 votes twice in round 1",
    );
    rule(
        "ballot-while-absent",
        BALLOT,
        broken(&[e[0].clone(), absent("J1", 1)], e[1].clone()),
        "J1 votes after being marked absent in round 1",
    );
    rule(
        "ballot-order-not-derived",
        ORDER,
        ballot(&|_, _, order, _, grades| {
            order.reverse();
            grades.reverse();
        }),
        "J1's order (and grades) reversed: not the order derived from the seed",
    );
    rule(
        "ballot-order-other-seat",
        ORDER,
        ballot(&|seat, _, _, _, _| *seat = "J2".into()),
        "J1's ballot, order and grades presented as J2's: J2's derived order differs",
    );
    rule(
        "ballot-conflict-unknown-project",
        BALLOT,
        ballot(&|_, _, _, conflicts, _| conflicts.push("p-z".into())),
        "a conflict on a project the bundle does not have",
    );
    rule(
        "ballot-conflict-twice",
        BALLOT,
        ballot(&|_, _, _, conflicts, grades| {
            conflicts.extend(["p-c".into(), "p-c".into()]);
            grades.retain(|(p, _)| p != "p-c");
        }),
        "a conflict on p-c listed twice",
    );
    rule(
        "ballot-conflict-graded",
        BALLOT,
        ballot(&|_, _, _, conflicts, _| conflicts.push("p-c".into())),
        "a conflict on p-c, but p-c graded too",
    );
    rule(
        "ballot-project-missing",
        BALLOT,
        ballot(&|_, _, _, _, grades| {
            grades.pop();
        }),
        "the last project of the order has no grades",
    );
    rule(
        "ballot-grades-out-of-order",
        BALLOT,
        ballot(&|_, _, _, _, grades| grades.swap(0, 1)),
        "grades of the first two projects swapped: grades follow the order",
    );
    rule(
        "ballot-criteria-count",
        BALLOT,
        ballot(&|_, _, _, _, grades| {
            grades[0].1.pop();
        }),
        "one project graded on 1 criterion of 2",
    );
    rule(
        "ballot-grade-off-scale",
        BALLOT,
        ballot(&|_, _, _, _, grades| grades[2].1[1] = 3),
        "a grade of 3 on a scale of 3 grades (0 to 2)",
    );
    rule(
        "ballot-round-closed",
        BALLOT,
        broken(&e[..6], e[1].clone()),
        "J1's ballot again after round 1 was closed",
    );

    // A ballot in round 2 with a conflict on a project not in it.
    let mut s = Script::new(&b.majority, 7);
    for seat in ["J1", "J2", "J3", "J4"] {
        s.ballot(seat, &[], |p| plain_grades(seat, p));
    }
    s.close(None)
        .open(&["p-b", "p-d"])
        .ballot("J1", &[], |_| [0, 0]);
    let mut round2 = s.entries();
    if let Some(Entry::BallotCast { conflicts, .. }) = round2.last_mut() {
        conflicts.push("p-a".into());
    }
    rule(
        "ballot-conflict-not-in-round",
        BALLOT,
        round2,
        "in round 2 (p-b, p-d), J1 declares a conflict on p-a",
    );

    let closed = |round, reason: Option<&str>| Entry::RoundClosed {
        round,
        reason: reason.map(str::to_owned),
    };
    rule(
        "close-early-without-reason",
        CLOSED,
        broken(&e[..3], closed(1, None)),
        "round 1 closed while J3 and J4 have neither voted nor been marked absent, with no reason",
    );
    rule(
        "close-early-blank-reason",
        REASONS,
        broken(&e[..3], closed(1, Some("\u{a0}\u{3000}\u{202f} \t"))),
        "the same, with a reason made of no-break, ideographic, narrow no-break spaces, a space and a tab: blank",
    );
    rule(
        "close-wrong-round",
        CLOSED,
        broken(&e[..5], closed(2, None)),
        "RoundClosed for round 2 while round 1 is open",
    );
    rule(
        "close-twice",
        CLOSED,
        broken(&e[..6], closed(1, None)),
        "round 1 closed twice",
    );

    let opened_round = |round, projects: &[&str]| Entry::RoundOpened {
        round,
        projects: ids(projects),
    };
    rule(
        "open-while-round-open",
        REOPENED,
        broken(&e[..5], opened_round(2, &["p-a"])),
        "round 2 opened while round 1 is still open",
    );
    rule(
        "open-wrong-number",
        REOPENED,
        broken(&e[..6], opened_round(3, &["p-a"])),
        "round 3 opened after round 1",
    );
    rule(
        "open-no-projects",
        REOPENED,
        broken(&e[..6], opened_round(2, &[])),
        "round 2 opened on no project",
    );
    rule(
        "open-unknown-project",
        REOPENED,
        broken(&e[..6], opened_round(2, &["p-a", "p-z"])),
        "round 2 lists a project the bundle does not have",
    );
    rule(
        "open-project-twice",
        REOPENED,
        broken(&e[..6], opened_round(2, &["p-a", "p-a"])),
        "round 2 lists p-a twice",
    );
    rule(
        "open-after-decision",
        REOPENED,
        broken(&e[..7], opened_round(2, &["p-a"])),
        "round 2 opened after the decision",
    );

    let decision = |selected: &[&str], reason: Option<&str>| Entry::DecisionRecorded {
        selected: ids(selected),
        reason: reason.map(str::to_owned),
    };
    let Entry::DecisionRecorded { selected, .. } = &e[6] else {
        unreachable!()
    };
    let default: Vec<&str> = selected.iter().map(String::as_str).collect();
    rule(
        "decision-round-open",
        DECISION,
        broken(&e[..5], decision(&default, None)),
        "a decision while round 1 is open",
    );
    rule(
        "decision-unknown-project",
        DECISION,
        broken(&e[..6], decision(&["p-a", "p-z"], Some("why not"))),
        "a selection naming a project the bundle does not have",
    );
    rule(
        "decision-project-twice",
        DECISION,
        broken(&e[..6], decision(&["p-a", "p-a"], Some("twice"))),
        "a selection naming p-a twice",
    );
    rule(
        "decision-too-many",
        DECISION,
        broken(
            &e[..6],
            decision(&["p-a", "p-b", "p-c"], Some("three good projects")),
        ),
        "three projects selected, the bundle allows 2",
    );
    rule(
        "decision-departs-without-reason",
        DECISION,
        broken(&e[..6], decision(&["p-e"], None)),
        "a selection that is not the first 2 of the ranking, without a reason",
    );
    rule(
        "decision-departs-blank-reason",
        REASONS,
        broken(&e[..6], decision(&["p-e"], Some("\u{3000}\n"))),
        "the same with a reason of an ideographic space and a line break: blank",
    );
    rule(
        "decision-subset-without-reason",
        DECISION,
        broken(&e[..6], decision(&["p-c"], None)),
        "a selection of one project, p-c, which is not the ranking's top 2 (a subset departs too), without a reason",
    );
}

fn seal_and_results(out: &mut Output, b: &Bundles, key: &SessionKey) {
    let e = plain(&b.majority).entries();
    let m = Some(MAJORITY);
    let seal_edit = |f: fn(&mut u64, &mut String, &mut String)| {
        move |body: &str, hashes: &[Digest]| {
            // The seal is rewritten as text: count, head and results.
            let head = hashes.last().unwrap().hex();
            let start = body.find("SessionSealed(count:").unwrap();
            let entry = &body[start..];
            let count: u64 = entry["SessionSealed(count:".len()..entry.find(',').unwrap()]
                .parse()
                .unwrap();
            let results = &entry[entry.find("results:\"").unwrap() + 9..][..64];
            let (mut count, mut head, mut results) = (count, head, results.to_owned());
            f(&mut count, &mut head, &mut results);
            format!(
                "{}SessionSealed(count:{count},head:\"{head}\",results:\"{results}\")",
                &body[..start]
            )
        }
    };
    let seal_line = e.len() - 1;
    type EditSeal = fn(&mut u64, &mut String, &mut String);
    let cases: [(&str, &str, EditSeal, u8); 5] = [
        (
            "seal-wrong-count",
            "count is 8, 7 lines precede it",
            |c, _, _| *c += 1,
            7,
        ),
        (
            "seal-wrong-head",
            "head is not the previous line's hash",
            |_, h, _| *h = "ab".repeat(32),
            7,
        ),
        (
            "seal-head-uppercase",
            "head is the previous line's hash in uppercase hex",
            |_, h, _| *h = h.to_uppercase(),
            7,
        ),
        (
            "seal-wrong-count-and-results",
            "count and results both wrong: step 7 is the lower step",
            |c, _, r| {
                *c += 1;
                *r = "00".repeat(32);
            },
            7,
        ),
        (
            "results-digest-zero",
            "the seal's results digest is 64 zeros",
            |_, _, r| *r = "00".repeat(32),
            8,
        ),
    ];
    for (name, what, f, step) in cases {
        out.tally(
            name,
            write_tally(&e, key, vec![(seal_line, respell(seal_edit(f)))]),
            m,
            if step == 7 { SEALED } else { RESULTS },
            &format!("a sealed one-round session whose seal is wrong: {what}"),
            fails(step, Some(8)),
        );
    }
    out.case(
        "seal-wrong-count-no-bundle",
        "tallies/seal-wrong-count.jury",
        None,
        None,
        SEALED,
        "the seal's count is checked without the bundle too",
        fails(7, Some(8)),
    );
    let seal = e[7].clone();
    out.tally(
        "seal-without-decision",
        write_tally(&broken(&e[..6], seal.clone()), key, vec![]),
        m,
        SEALED,
        "sealed after round 1 closed, before any decision",
        fails(7, Some(7)),
    );
    out.tally(
        "seal-round-open",
        write_tally(&broken(&e[..5], seal), key, vec![]),
        m,
        SEALED,
        "sealed while round 1 is open (and no decision)",
        fails(7, Some(6)),
    );
    out.tally(
        "entry-after-seal",
        write_tally(
            &broken(
                &e,
                Entry::JurorAbsent {
                    seat: "J1".into(),
                    round: 1,
                },
            ),
            key,
            vec![],
        ),
        m,
        SEALED,
        "a ninth line after the seal, chained and signed",
        fails(7, Some(9)),
    );

    // Results computed by a wrong reading of docs/RESULTS.md: each digest
    // is what that mistake gives, so a verifier making it fails step 8.
    let wrong_seal = |entries: &[Entry], digest: String| {
        let mut v = entries[..entries.len() - 1].to_vec();
        v.push(Entry::SessionSealed {
            count: 0,
            head: String::new(),
            results: digest,
        });
        v
    };
    // Weights ignored.
    let mut unweighted = b.majority.bundle.clone();
    for c in &mut unweighted.criteria {
        c.weight = 1;
    }
    let state = replay(&b.majority, &e[..e.len() - 1]);
    let digest = state.results(&unweighted).digest(&unweighted).hex();
    out.tally(
        "results-weights-ignored",
        write_tally(&wrong_seal(&e, digest), key, vec![]),
        m,
        RESULTS,
        "the seal's digest is that of results computed with every criterion of weight 1",
        fails(8, Some(8)),
    );
    // Later rounds added to, not replacing, earlier grades.
    let mut s = Script::new(&b.majority, 2);
    s.absent("J3")
        .ballot("J1", &["p-c"], |p| plain_grades("J1", p))
        .ballot("J2", &[], |p| plain_grades("J2", p))
        .ballot("J4", &[], |p| plain_grades("J4", p))
        .close(None)
        .open(&["p-b", "p-d"])
        .absent("J3")
        .ballot("J1", &[], |_| [0, 0])
        .ballot("J2", &[], |p| if p == "p-b" { [0, 1] } else { [0, 0] })
        .close(Some("J4 had to leave before the second round"))
        .decide_default()
        .seal();
    let full = s.entries();
    let state = replay(&b.majority, &full[..full.len() - 1]);
    let bundle = &b.majority.bundle;
    let (p, c, g) = (
        bundle.projects.len(),
        bundle.criteria.len(),
        bundle.grades.len(),
    );
    let mut added = GradeCounts::zeroed(p, c, g);
    for round in &state.rounds {
        for project in 0..p {
            for criterion in 0..c {
                for (grade, &n) in round.counts.row(project, criterion).iter().enumerate() {
                    for _ in 0..n {
                        added.add(project, criterion, grade);
                    }
                }
            }
        }
    }
    let digest = jury::results::compute(bundle, &added).digest(bundle).hex();
    out.tally(
        "results-rounds-added",
        write_tally(&wrong_seal(&full, digest), key, vec![]),
        m,
        RESULTS,
        "two rounds; the seal's digest is that of results where round 2's grades were added to round 1's instead of replacing them for p-b and p-d",
        fails(8, Some(full.len())),
    );
    // The weighted-mean session sealed with majority judgment's results.
    let mut ws = Script::new(&b.weighted, 4);
    for seat in ["J1", "J2", "J3", "J4"] {
        ws.ballot(seat, &[], |p| plain_grades(seat, p));
    }
    ws.close(None).decide_default();
    let weighted = ws.entries();
    let mut as_majority = b.weighted.bundle.clone();
    as_majority.method = Method::MajorityJudgment;
    let digest = replay(&b.weighted, &weighted)
        .results(&as_majority)
        .digest(&as_majority)
        .hex();
    let mut v = weighted.clone();
    v.push(Entry::SessionSealed {
        count: 0,
        head: String::new(),
        results: digest,
    });
    out.tally(
        "results-method-ignored",
        write_tally(&v, key, vec![]),
        Some(WEIGHTED),
        RESULTS,
        "a WeightedMean bundle; the seal's digest is that of majority-judgment results",
        fails(8, Some(v.len())),
    );
}

const SECRET: &str = "bundles/secret.ron";
const SECRET_RULES: &str = "docs/TALLY-FORMAT.md#secret-ballots-format-2";
const TAGS: &str = "docs/TALLY-FORMAT.md#receipt-codes-and-tags";

/// The receipt codes of the secret session's ballots, J1 to J4 (a kiosk
/// draws them at random; fixed here so the tags can be recomputed).
const SECRET_CODES: [&str; 4] = [
    "1111-1111-1111-1111",
    "2222-2222-2222-2222",
    "3333-3333-3333-3333",
    "4444-4444-4444-4444",
];

/// Format 2: a secret-ballot session as earlier versions of the kiosk wrote
/// it (this version writes format 3 only): each project's vectors with the
/// tags of the fixed receipt codes, sorted by tag, right after the close.
fn secret_entries(bundle: &BundleFile) -> Vec<Entry> {
    use jury::session::ReceiptCode;
    let session_id = to_hex(&[0x5e; 16]);
    let mut entries = vec![Entry::SessionOpened {
        format: 2,
        program: PROGRAM.to_owned(),
        bundle_sha256: bundle.sha256.hex(),
        signer: String::new(),
        session_id: session_id.clone(),
        seed: to_hex(&[0x5c; 32]),
    }];
    let seats = ["J1", "J2", "J3", "J4"];
    // J2 declares a conflict of interest on p-c.
    let conflicts = |seat: &str| -> Vec<String> {
        if seat == "J2" {
            ids(&["p-c"])
        } else {
            Vec::new()
        }
    };
    for seat in seats {
        entries.push(Entry::SecretBallotCast {
            seat: seat.to_owned(),
            round: 1,
            conflicts: conflicts(seat),
        });
    }
    entries.push(Entry::RoundClosed {
        round: 1,
        reason: None,
    });
    for project in &bundle.bundle.projects {
        let mut vectors: Vec<(String, GradeRow)> = seats
            .iter()
            .zip(SECRET_CODES)
            .filter(|(seat, _)| !conflicts(seat).contains(&project.id))
            .map(|(seat, code)| {
                let tag = ReceiptCode::parse(code)
                    .unwrap()
                    .tag(&session_id, 1, &project.id);
                (tag, GradeRow::from_slice(&plain_grades(seat, &project.id)))
            })
            .collect();
        vectors.sort();
        entries.push(Entry::GradesPublished {
            round: 1,
            project: project.id.clone(),
            vectors,
        });
    }
    let selected = replay(bundle, &entries)
        .results(&bundle.bundle)
        .default_selection()
        .into_iter()
        .map(|p| bundle.bundle.projects[p].id.clone())
        .collect();
    entries.push(Entry::DecisionRecorded {
        selected,
        reason: None,
    });
    let results = results_of(bundle, &entries).0;
    entries.push(Entry::SessionSealed {
        count: 0,
        head: String::new(),
        results,
    });
    entries
}

/// A project's published vectors: (tag, grades).
type Vectors = Vec<(String, GradeRow)>;

fn secret_ballots(out: &mut Output, key: &SessionKey) {
    let text = bundle_source_with("MajorityJudgment", None, "Secret");
    let bundle = parse(SECRET, text.as_bytes()).unwrap();
    out.file(SECRET, text);
    let e = secret_entries(&bundle);
    let tag_note = {
        let code = jury::session::ReceiptCode::parse(SECRET_CODES[0]).unwrap();
        let Entry::SessionOpened { session_id, .. } = &e[0] else {
            unreachable!()
        };
        code.tag(session_id, 1, "p-a")
    };
    out.sealed(
        "valid-secret-ballots",
        (SECRET, &bundle),
        &e,
        key,
        SECRET_RULES,
        &format!(
            "format 2: four secret ballots (J2 with a conflict on p-c), the round closed and its grades published per project, sorted by tag; the receipt codes of J1 to J4 are {}; J1's tag on p-a in round 1 is {tag_note}",
            SECRET_CODES.join(", ")
        ),
    );
    // Lines: 1 opened, 2-5 SecretBallotCast, 6 closed, 7-11 GradesPublished
    // (p-a … p-e), 12 decision, 13 seal.
    let publication = e
        .iter()
        .position(|x| matches!(x, Entry::GradesPublished { .. }))
        .unwrap();
    let bad = |name: &str, description: &str, line: usize, edit: &dyn Fn(&mut Vec<Entry>)| {
        let mut v = e.clone();
        edit(&mut v);
        (name.to_owned(), description.to_owned(), line, v)
    };
    let with_vectors = |v: &mut Vec<Entry>, f: &dyn Fn(&mut Vectors)| {
        if let Entry::GradesPublished { vectors, .. } = &mut v[publication] {
            f(vectors);
        }
    };
    let line = publication + 1;
    let cases = [
        bad(
            "secret-vector-missing",
            "a project's vectors are one fewer than the ballots cast minus the conflicts on it",
            line,
            &|v| with_vectors(v, &|x| drop(x.pop())),
        ),
        bad(
            "secret-vector-extra",
            "a project's vectors are one more than the ballots cast minus the conflicts on it",
            line,
            &|v| {
                with_vectors(v, &|x| {
                    x.push(("ffffffffffffffff".into(), GradeRow::from_slice(&[0, 0])))
                })
            },
        ),
        bad(
            "secret-tags-unsorted",
            "a project's vectors are not in strictly increasing order of their tags",
            line,
            &|v| with_vectors(v, &|x| x.reverse()),
        ),
        bad(
            "secret-tag-not-hex",
            "a tag that is not 16 lowercase hex digits",
            line,
            &|v| with_vectors(v, &|x| x[0].0 = x[0].0.to_uppercase()),
        ),
        bad(
            "secret-publication-late",
            "an entry between the close and the grades it must be followed by",
            line,
            &|v| {
                v.insert(
                    publication,
                    Entry::JurorAbsent {
                        seat: "J1".into(),
                        round: 1,
                    },
                )
            },
        ),
        bad(
            "secret-open-ballot-line",
            "a BallotCast (a seat with its grades) in a format 2 tally",
            2,
            &|v| {
                v[1] = Entry::BallotCast {
                    seat: "J1".into(),
                    round: 1,
                    order: vec![],
                    conflicts: vec![],
                    grades: vec![],
                }
            },
        ),
        bad(
            "secret-format-1",
            "format 1 (open ballots) where the bundle asks for secret ballots",
            1,
            &|v| {
                if let Entry::SessionOpened { format, .. } = &mut v[0] {
                    *format = 1;
                }
            },
        ),
    ];
    // Sealed right after the close, its grades still due: a rule of every
    // entry (step 6), lower than the seal's own (step 7), fails first.
    let mut sealed_early = e[..publication].to_vec();
    sealed_early.push(Entry::SessionSealed {
        count: 0,
        head: String::new(),
        results: "0".repeat(64),
    });
    let cases: Vec<_> = cases
        .into_iter()
        .chain([(
            "secret-sealed-before-publication".to_owned(),
            "a seal right after RoundClosed, before the round's GradesPublished lines: the publication still due fails step 6, before the seal's own rules (no decision) at step 7".to_owned(),
            publication + 1,
            sealed_early,
        )])
        .collect();
    for (name, description, line, entries) in cases {
        out.tally(
            &name,
            write_tally(&entries, key, vec![]),
            Some(SECRET),
            if name.contains("tag-not-hex") {
                TAGS
            } else {
                SECRET_RULES
            },
            &description,
            fails(6, Some(line)),
        );
    }
}

// ---------------------------------------------------------------------------
// Where two verifiers written from the docs could read them differently
// (issue 20, items 9 to 12): the armor of T.sig, several --signer keys,
// line 1's shape without a bundle, blank reasons, strict Ed25519.

/// `armored` with its Base64 rewrapped at `width` columns (0: one line),
/// its line ends `eol`, and `after` after the END line.
fn rewrap(armored: &str, width: usize, eol: &str, after: &str) -> String {
    use base64ct::Encoding as _;
    let blob = jury::signing::dearmor_sshsig(armored.as_bytes()).unwrap();
    let b64 = base64ct::Base64::encode_string(&blob);
    let width = if width == 0 { b64.len() } else { width };
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(width)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    format!(
        "-----BEGIN SSH SIGNATURE-----\n{}{eol}-----END SSH SIGNATURE-----{eol}{after}",
        lines.join(eol)
    )
}

/// Ed25519 by hand, for signatures a library would never make.
mod raw_ed25519 {
    use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
    use curve25519_dalek::scalar::Scalar;
    use sha2::{Digest as _, Sha512};

    /// The secret scalar of a key made from `seed` (RFC 8032, 5.1.5).
    pub fn secret(seed: &[u8; 32]) -> Scalar {
        let h = Sha512::digest(seed);
        let mut a: [u8; 32] = h[..32].try_into().unwrap();
        a[0] &= 248;
        a[31] &= 127;
        a[31] |= 64;
        Scalar::from_bytes_mod_order(a)
    }

    /// k = SHA-512(R ‖ A ‖ M) mod ℓ.
    pub fn challenge(r: &[u8; 32], a: &[u8; 32], message: &[u8]) -> Scalar {
        let mut h = Sha512::new();
        h.update(r);
        h.update(a);
        h.update(message);
        Scalar::from_bytes_mod_order_wide(&h.finalize().into())
    }

    pub fn point(bytes: &[u8; 32]) -> EdwardsPoint {
        CompressedEdwardsY(*bytes).decompress().unwrap()
    }

    /// A point of order 8 (from the list of Ed25519's small-order points).
    pub fn torsion8() -> EdwardsPoint {
        let mut bytes = [0; 32];
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = u8::from_str_radix(
                &"c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"
                    [2 * i..2 * i + 2],
                16,
            )
            .unwrap();
        }
        let t = point(&bytes);
        use curve25519_dalek::traits::IsIdentity as _;
        assert!(t.is_small_order() && !(t + t + t + t).is_identity());
        t
    }

    /// `s` + ℓ, the same scalar unreduced (little-endian).
    pub fn plus_order(s: [u8; 32]) -> [u8; 32] {
        const L: [u8; 32] = [
            0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9,
            0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
        ];
        let mut out = [0; 32];
        let mut carry = 0u16;
        for i in 0..32 {
            let sum = u16::from(s[i]) + u16::from(L[i]) + carry;
            out[i] = sum as u8;
            carry = sum >> 8;
        }
        assert_eq!(carry, 0);
        out
    }
}

/// The tally of `entries` with line 1 naming `signer_line`, each line's
/// signature made by `sign(i, message)` (message: the signed bytes with
/// their domain).
fn write_signed(
    entries: &[Entry],
    signer_line: &str,
    sign: impl Fn(usize, &[u8]) -> [u8; 64],
) -> Vec<u8> {
    let scratch = signer();
    let mut out = Vec::new();
    let mut prev = Digest([0; 32]);
    for (i, entry) in entries.iter().enumerate() {
        let mut entry = entry.clone();
        if let Entry::SessionOpened { signer, .. } = &mut entry {
            *signer = signer_line.to_owned();
        }
        let line = build_line(i as u64, &prev, AT, &entry, scratch.entry_signer());
        let body = &line[..line.len() - 136];
        let message = [SIGNATURE_DOMAIN, body.as_bytes()].concat();
        let line = format!("{body},sig:\"{}\")", to_hex(&sign(i, &message)));
        prev = line_hash(line.as_bytes());
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
    }
    out
}

fn readings(out: &mut Output, b: &Bundles, key: &SessionKey) {
    use ed25519_dalek::{Signature, VerifyingKey};
    let m = (MAJORITY, &b.majority);
    let plain_entries = plain(&b.majority).entries();
    let bytes = write_tally(&plain_entries, key, vec![]);
    let armored = key.sshsig(&bytes);

    // The armor of T.sig: what ssh-keygen -Y verify reads.
    let armors: [(&str, String, &str, Expected); 4] = [
        (
            "valid-detached-76-columns",
            rewrap(&armored, 76, "\n", ""),
            "the one-round tally, its .sig's Base64 wrapped at 76 columns (PROTOCOL.sshsig's advice) instead of 70",
            valid(),
        ),
        (
            "valid-detached-one-line",
            rewrap(&armored, 0, "\n", ""),
            "the one-round tally, its .sig's Base64 on one line",
            valid(),
        ),
        (
            "valid-detached-text-after-end",
            rewrap(&armored, 64, "\r\n", "signed at the kiosk\n"),
            "the one-round tally, its .sig wrapped at 64 columns with CRLF after the BEGIN line and a line of text after the END line",
            valid(),
        ),
        (
            "detached-crlf-begin-line",
            armored.replace('\n', "\r\n"),
            "the one-round tally, its .sig with CRLF line ends, the BEGIN line's included: refused, as ssh-keygen (OpenSSH 9.2) refuses it",
            fails(9, None),
        ),
    ];
    for (name, sig, description, expected) in armors {
        let path = format!("tallies/{name}.jury");
        out.file(&path, bytes.clone());
        out.file(&format!("{path}.sig"), sig);
        out.file(&format!("{path}.allowed_signers"), allowed_signers(key));
        out.case(
            name,
            &path,
            Some(MAJORITY),
            None,
            DETACHED,
            description,
            expected,
        );
        if out.cases.last().unwrap().expected.verdict == "valid" {
            out.cases.last_mut().unwrap().results_text = Some(results_of(m.1, &plain_entries).1);
        }
    }

    // --signer listing several keys: any of them may be line 1's.
    out.file(
        "keys/two-signers.allowed_signers",
        format!(
            "# staff's allowed_signers: line 1's key is the second listed\nstaff namespaces=\"jury-tally@v1\" {}\njury namespaces=\"jury-tally@v1\" {}\n",
            stranger().public_line(),
            key.public_line()
        ),
    );
    out.case(
        "valid-signer-listed-second",
        "tallies/valid-one-round.jury",
        Some(MAJORITY),
        Some("keys/two-signers.allowed_signers"),
        CHECKS,
        "--signer names an allowed_signers file listing two keys, line 1's second: accepted, as ssh-keygen accepts any listed key (the report names principal \"jury\", line 3)",
        valid(),
    );

    // Line 1's shape is checked with or without a bundle (step 6).
    let opened = |edit: &dyn Fn(&mut Entry)| {
        let mut e = plain_entries[..2].to_vec();
        edit(&mut e[0]);
        write_tally(&e, key, vec![])
    };
    out.tally(
        "genesis-format-4-no-bundle",
        opened(&|e| {
            if let Entry::SessionOpened { format, .. } = e {
                *format = 4;
            }
        }),
        None,
        OPENED,
        "line 1 says format 4, checked without a bundle: step 6 checks line 1's format, bundle_sha256, session_id and seed with or without one",
        fails(6, Some(1)),
    );
    out.tally(
        "genesis-seed-uppercase-no-bundle",
        opened(&|e| {
            if let Entry::SessionOpened { seed, .. } = e {
                *seed = "0A".repeat(32);
            }
        }),
        None,
        OPENED,
        "line 1's seed `0A0A…`, 64 hex digits in uppercase, checked without a bundle: hex fields are lowercase only",
        fails(6, Some(1)),
    );
    out.tally(
        "genesis-session-id-uppercase",
        opened(&|e| {
            if let Entry::SessionOpened { session_id, .. } = e {
                *session_id = "0A".repeat(16);
            }
        }),
        Some(MAJORITY),
        OPENED,
        "line 1's session_id `0A0A…`, 32 hex digits in uppercase: hex fields are lowercase only",
        fails(6, Some(1)),
    );

    // A reason of invisible characters only is not blank (they are not
    // White_Space); the kiosk never writes one, a verifier accepts it.
    let mut s = Script::new(&b.majority, 7);
    for seat in ["J1", "J2", "J3"] {
        s.ballot(seat, &[], |p| plain_grades(seat, p));
    }
    s.close(Some("\u{200b}\u{2060}")).decide_default().seal();
    out.sealed(
        "valid-reason-zero-width",
        m,
        &s.entries(),
        key,
        REASONS,
        "round 1 closed early (J4 did not vote) with the reason `\\u{200b}\\u{2060}` (a zero width space and a word joiner): not blank, as neither is White_Space",
    );

    // Strict Ed25519: what `jury` refuses that a plain RFC 8032 verifier
    // may accept.
    let seed = [0x5a; 32];
    let a = raw_ed25519::secret(&seed);
    let public: [u8; 32] = match key.public().key_data() {
        ssh_key::public::KeyData::Ed25519(p) => p.0,
        _ => unreachable!(),
    };
    assert_eq!(
        curve25519_dalek::EdwardsPoint::mul_base(&a)
            .compress()
            .to_bytes(),
        public
    );
    let two = &plain_entries[..2];
    let sign_honest = |message: &[u8]| key.entry_signer().sign(message);
    // The identity as the signer's key: every (rB, r) verifies with the
    // cofactorless equation, whatever the message.
    let identity = {
        let mut p = [0u8; 32];
        p[0] = 1;
        p
    };
    let identity_line = {
        use base64ct::Encoding as _;
        let mut wire = Vec::new();
        wire.extend_from_slice(&11u32.to_be_bytes());
        wire.extend_from_slice(b"ssh-ed25519");
        wire.extend_from_slice(&32u32.to_be_bytes());
        wire.extend_from_slice(&identity);
        format!(
            "ssh-ed25519 {} small-order",
            base64ct::Base64::encode_string(&wire)
        )
    };
    let any_r = |i: usize, _: &[u8]| -> [u8; 64] {
        let r = curve25519_dalek::Scalar::from(1000 + i as u64);
        let big_r = curve25519_dalek::EdwardsPoint::mul_base(&r)
            .compress()
            .to_bytes();
        let mut sig = [0; 64];
        sig[..32].copy_from_slice(&big_r);
        sig[32..].copy_from_slice(r.as_bytes());
        sig
    };
    let small_key = write_signed(two, &identity_line, any_r);
    // A plain verifier accepts it; `jury` refuses a small-order key.
    let weak = VerifyingKey::from_bytes(&identity).unwrap();
    {
        let first = small_key.split(|&c| c == b'\n').next().unwrap();
        let (body, sig) = first.split_at(first.len() - 136);
        let sig: [u8; 64] = jury::digest::from_hex_array(&sig[6..134]).unwrap();
        let message = [SIGNATURE_DOMAIN, body].concat();
        use ed25519_dalek::Verifier as _;
        assert!(weak.verify(&message, &Signature::from_bytes(&sig)).is_ok());
        assert!(
            weak.verify_strict(&message, &Signature::from_bytes(&sig))
                .is_err()
        );
    }
    out.tally(
        "signer-small-order-key",
        small_key,
        Some(MAJORITY),
        SIGNATURES,
        "line 1's signer is the identity point (small order): every (R = rB, S = r) satisfies [S]B = R + [k]A whatever the message, so a plain RFC 8032 verifier accepts each line; strict verification refuses a small-order key",
        fails(5, Some(1)),
    );
    let public_line = key.public_line();
    let line2 = |make: &dyn Fn(&[u8]) -> [u8; 64]| {
        write_signed(two, &public_line, |i, message| {
            if i == 1 {
                make(message)
            } else {
                sign_honest(message)
            }
        })
    };
    let verifier = VerifyingKey::from_bytes(&public).unwrap();
    let plain_verify = |message: &[u8], sig: &[u8; 64]| {
        use ed25519_dalek::Verifier as _;
        verifier
            .verify(message, &Signature::from_bytes(sig))
            .is_ok()
    };
    // R = the identity (small order), S = k·a: [S]B = R + [k]A holds.
    let small_r = |message: &[u8]| -> [u8; 64] {
        let k = raw_ed25519::challenge(&identity, &public, message);
        let s = k * a;
        let mut sig = [0; 64];
        sig[..32].copy_from_slice(&identity);
        sig[32..].copy_from_slice(s.as_bytes());
        assert!(plain_verify(message, &sig));
        assert!(
            verifier
                .verify_strict(message, &Signature::from_bytes(&sig))
                .is_err()
        );
        sig
    };
    out.tally(
        "signature-small-order-r",
        line2(&small_r),
        Some(MAJORITY),
        SIGNATURES,
        "line 2's signature has R = the identity (small order) and S = k·a, which satisfies [S]B = R + [k]A: a plain RFC 8032 verifier accepts it; strict verification refuses a small-order R",
        fails(5, Some(2)),
    );
    // R = rB + T (T of order 8), S = r + k·a: only the cofactored equation
    // [8][S]B = [8]R + [8][k]A holds.
    let mixed_r = |message: &[u8]| -> [u8; 64] {
        let r = curve25519_dalek::Scalar::from(77u64);
        let big_r = (curve25519_dalek::EdwardsPoint::mul_base(&r) + raw_ed25519::torsion8())
            .compress()
            .to_bytes();
        let k = raw_ed25519::challenge(&big_r, &public, message);
        let s = r + k * a;
        let lhs = curve25519_dalek::EdwardsPoint::mul_base(&s).mul_by_cofactor();
        let rhs = (raw_ed25519::point(&big_r) + raw_ed25519::point(&public) * k).mul_by_cofactor();
        assert_eq!(lhs, rhs, "the cofactored equation holds");
        let mut sig = [0; 64];
        sig[..32].copy_from_slice(&big_r);
        sig[32..].copy_from_slice(s.as_bytes());
        assert!(!plain_verify(message, &sig));
        sig
    };
    out.tally(
        "signature-mixed-order-r",
        line2(&mixed_r),
        Some(MAJORITY),
        SIGNATURES,
        "line 2's R is rB plus a point of order 8 and S = r + k·a: the cofactored equation [8][S]B = [8]R + [8][k]A holds (RFC 8032 allows a verifier to check it), the cofactorless [S]B = R + [k]A does not; jury checks the cofactorless one",
        fails(5, Some(2)),
    );
    // S + ℓ: the same point [S]B, but S not reduced below ℓ.
    let unreduced = |message: &[u8]| -> [u8; 64] {
        let mut sig = sign_honest(message);
        let s: [u8; 32] = sig[32..].try_into().unwrap();
        let s = raw_ed25519::plus_order(s);
        assert_eq!(
            s[31] & 0xe0,
            0,
            "below 2^253: a top-three-bits check passes it"
        );
        sig[32..].copy_from_slice(&s);
        assert!(!plain_verify(message, &sig));
        sig
    };
    out.tally(
        "signature-s-not-reduced",
        line2(&unreduced),
        Some(MAJORITY),
        SIGNATURES,
        "line 2's signature with S + ℓ in place of S: the same [S]B, below 2^253 (a verifier that checks only S's top three bits, as OpenSSH's does, accepts it); RFC 8032 and jury require S < ℓ",
        fails(5, Some(2)),
    );
}

const COUNTS_RULES: &str = "docs/TALLY-FORMAT.md#secret-ballots-counts-only-format-3";

/// Format 3: a secret-ballot session written by the kiosk's own `Session`
/// (fixed key, seed and clock), read back as entries. J2, J3 and J4
/// declare a conflict of interest on p-c, so only J1 grades it, below the
/// quorum of two: its counts are not published.
fn counts_entries(bundle: &BundleFile) -> Vec<Entry> {
    use jury::session::{Session, SessionSeed};
    jury::tally::freeze_clock_for_tests(AT);
    let dir = std::env::temp_dir().join(format!("jury-vectors-counts-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("t.jury");
    let key = SessionKey::from_seed(&[0x3c; 32], "vectors");
    let seed = SessionSeed {
        session_id: [0x3e; 16],
        seed: [0x3d; 32],
    };
    let mut s = Session::create(&path, bundle.clone(), key, &seed).unwrap();
    let projects = &bundle.bundle.projects;
    for (i, seat) in ["J1", "J2", "J3", "J4"].iter().enumerate() {
        let grades: Vec<Option<Vec<u8>>> = projects
            .iter()
            .map(|p| Some(plain_grades(seat, &p.id).to_vec()))
            .collect();
        let conflicts: &[usize] = if *seat != "J1" { &[2] } else { &[] };
        s.cast_ballot(i, conflicts, &grades).unwrap();
    }
    s.close_round(None).unwrap();
    let default = s.results().default_selection();
    s.record_decision(&default, None).unwrap();
    s.seal().unwrap();
    drop(s);
    let bytes = std::fs::read(&path).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| {
            let mut entry = jury::tally::parse_line(l)
                .unwrap()
                .record
                .entry
                .into_owned();
            // Signed again by the vectors' signer when written.
            match &mut entry {
                Entry::SessionOpened { signer, .. } => signer.clear(),
                Entry::SessionSealed { head, .. } => head.clear(),
                _ => {}
            }
            entry
        })
        .collect()
}

/// A round's published counts: per project, a row of counts per criterion.
type Counts = Vec<(String, Vec<jury::tally::CountRow>)>;

fn secret_counts(out: &mut Output, key: &SessionKey) {
    let text = bundle_source_with("MajorityJudgment", None, "Secret");
    let bundle = parse(SECRET, text.as_bytes()).unwrap();
    let e = counts_entries(&bundle);
    out.sealed(
        "valid-secret-counts",
        (SECRET, &bundle),
        &e,
        key,
        COUNTS_RULES,
        "format 3: four secret ballots (J2, J3 and J4 with a conflict on p-c), the round closed and its counts published, per project and criterion; p-c, graded by one juror (below the quorum of two), has no counts (and no result)",
    );
    // Lines: 1 opened, 2-5 SecretBallotCast, 6 closed, 7 CountsPublished,
    // 8 decision, 9 seal.
    let publication = e
        .iter()
        .position(|x| matches!(x, Entry::CountsPublished { .. }))
        .unwrap();
    let line = publication + 1;
    let bad = |name: &str, description: &str, line: usize, edit: &dyn Fn(&mut Vec<Entry>)| {
        let mut v = e.clone();
        edit(&mut v);
        (name.to_owned(), description.to_owned(), line, v)
    };
    let with_counts = |v: &mut Vec<Entry>, f: &dyn Fn(&mut Counts)| {
        if let Entry::CountsPublished { counts, .. } = &mut v[publication] {
            f(counts);
        }
    };
    let row = |counts: &[u32]| jury::tally::CountRow::from_slice(counts);
    let cases = [
        bad(
            "counts-row-short",
            "a row of counts adds up to one fewer than the ballots cast minus the conflicts on the project",
            line,
            &|v| with_counts(v, &|c| c[0].1[0][0] -= 1),
        ),
        bad(
            "counts-row-extra",
            "a row of counts adds up to one more than the ballots cast minus the conflicts on the project",
            line,
            &|v| with_counts(v, &|c| c[0].1[1][2] += 1),
        ),
        bad(
            "counts-below-quorum",
            "counts published for p-c, which one juror graded (J2, J3 and J4 are recused), below the quorum of two",
            line,
            &|v| {
                with_counts(v, &|c| {
                    c.insert(2, ("p-c".into(), vec![row(&[0, 1, 0]), row(&[0, 1, 0])]))
                })
            },
        ),
        bad(
            "counts-project-missing",
            "no counts for p-e, which four jurors graded",
            line,
            &|v| with_counts(v, &|c| drop(c.pop())),
        ),
        bad(
            "counts-projects-out-of-order",
            "the projects' counts not in the round's order",
            line,
            &|v| with_counts(v, &|c| c.swap(0, 1)),
        ),
        bad(
            "counts-grades",
            "a row with a count for two grades where the scale has three",
            line,
            &|v| {
                with_counts(v, &|c| {
                    c[0].1[0].pop();
                })
            },
        ),
        bad(
            "counts-criteria",
            "a project with one row of counts for two criteria",
            line,
            &|v| with_counts(v, &|c| drop(c[0].1.pop())),
        ),
        bad(
            "counts-wrong-round",
            "counts for round 2 right after round 1 closed",
            line,
            &|v| {
                if let Entry::CountsPublished { round, .. } = &mut v[publication] {
                    *round = 2;
                }
            },
        ),
        bad(
            "counts-late",
            "an entry between the close and the counts it must be followed by",
            line,
            &|v| {
                v.insert(
                    publication,
                    Entry::JurorAbsent {
                        seat: "J1".into(),
                        round: 1,
                    },
                )
            },
        ),
        bad(
            "counts-missing",
            "the decision right after the close, without its counts",
            line,
            &|v| drop(v.remove(publication)),
        ),
        bad(
            "counts-twice",
            "the round's counts published a second time",
            line + 1,
            &|v| {
                let again = v[publication].clone();
                v.insert(publication + 1, again)
            },
        ),
        bad(
            "counts-vectors-in-format-3",
            "a GradesPublished (each juror's vector) after the counts, in a format 3 tally",
            line + 1,
            &|v| {
                v.insert(
                    publication + 1,
                    Entry::GradesPublished {
                        round: 1,
                        project: "p-a".into(),
                        vectors: vec![],
                    },
                )
            },
        ),
        bad(
            "counts-in-format-2",
            "a format 2 tally (vectors) with format 3's counts after the close",
            line,
            &|v| {
                if let Entry::SessionOpened { format, .. } = &mut v[0] {
                    *format = 2;
                }
            },
        ),
        bad(
            "counts-format-4",
            "a tally format this version does not know",
            1,
            &|v| {
                if let Entry::SessionOpened { format, .. } = &mut v[0] {
                    *format = 4;
                }
            },
        ),
    ];
    for (name, description, line, entries) in cases {
        out.tally(
            &name,
            write_tally(&entries, key, vec![]),
            Some(SECRET),
            COUNTS_RULES,
            &description,
            fails(6, Some(line)),
        );
    }
}

fn manifest(cases: &[Case], files: &BTreeMap<String, Vec<u8>>) -> String {
    let cases: Vec<Value> = cases
        .iter()
        .map(|c| {
            let x = &c.expected;
            let mut expected = json!({
                "verdict": x.verdict,
                "exit_code": x.exit_code,
                "step": x.step.map(|(number, id)| json!({"number": number, "id": id})),
                "line": x.line,
            });
            if let Some(column) = x.column {
                expected["column"] = json!(column);
            }
            let signature = Some(format!("{}.sig", c.tally)).filter(|s| files.contains_key(s));
            let mut case = json!({
                "name": c.name,
                "description": c.description,
                "rule": c.rule,
                "tally": c.tally,
                "bundle": c.bundle,
                "signer": c.signer,
                "signature": signature,
                "expected": expected,
            });
            if let Some(text) = &c.results_text {
                case["results_text"] = json!(text);
            }
            case
        })
        .collect();
    let manifest = json!({
        "format": "jury-conformance-vectors@v1",
        "about": "tests/vectors/README.md",
        "command": "jury verify TALLY [--bundle BUNDLE] [--signer SIGNER] --json, run in this folder; TALLY.sig is read when it exists",
        "cases": cases,
    });
    serde_json::to_string_pretty(&manifest).unwrap() + "\n"
}

// ---------------------------------------------------------------------------
// Tests

/// Files under `dir`, relative, without README.md (written by hand).
fn committed(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if rel != "README.md" {
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

#[test]
fn the_committed_vectors_are_the_generators_output() {
    let generated = generate();
    let dir = vectors_dir();
    if std::env::var_os(REGENERATE).is_some() {
        for rel in committed(&dir).keys() {
            if !generated.files.contains_key(rel) {
                std::fs::remove_file(dir.join(rel)).unwrap();
            }
        }
        for (rel, bytes) in &generated.files {
            let path = dir.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, bytes).unwrap();
        }
        return;
    }
    let on_disk = committed(&dir);
    let mut problems = Vec::new();
    for (rel, bytes) in &generated.files {
        match on_disk.get(rel) {
            None => problems.push(format!("missing: {rel}")),
            Some(b) if b != bytes => problems.push(format!("differs: {rel}")),
            Some(_) => {}
        }
    }
    for rel in on_disk.keys() {
        if !generated.files.contains_key(rel) {
            problems.push(format!("not generated (stale): {rel}"));
        }
    }
    assert!(
        problems.is_empty(),
        "tests/vectors/ is not what tests/it/vectors.rs generates:\n  {}\n\
         If the format or the rules changed on purpose, regenerate them with\n  \
         {REGENERATE}=1 cargo test --test it vectors::\nand review the diff before committing.",
        problems.join("\n  ")
    );
}

#[test]
fn the_generator_is_deterministic() {
    assert!(generate().files == generate().files);
}

fn manifest_cases() -> Vec<Value> {
    let text = std::fs::read_to_string(vectors_dir().join("manifest.json")).unwrap();
    let manifest: Value = serde_json::from_str(&text).unwrap();
    manifest["cases"].as_array().unwrap().clone()
}

#[test]
fn jury_verify_gives_the_manifests_answer_for_every_case() {
    let dir = vectors_dir();
    let cases = manifest_cases();
    assert!(cases.len() > 50, "{} cases", cases.len());
    let mut wrong = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let mut args = vec!["verify", case["tally"].as_str().unwrap()];
        if let Some(bundle) = case["bundle"].as_str() {
            args.extend(["--bundle", bundle]);
        }
        if let Some(signer) = case["signer"].as_str() {
            args.extend(["--signer", signer]);
        }
        args.push("--json");
        let out = Command::new(env!("CARGO_BIN_EXE_jury"))
            .args(&args)
            .current_dir(&dir)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let report: Value = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("{name}: not JSON ({e}): {stdout}"));
        let want = &case["expected"];
        let failed = report["steps"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|s| s["status"] == "fail");
        let got = json!({
            "verdict": report["verdict"],
            "exit_code": out.status.code(),
            "step": failed.map(|s| json!({"number": s["number"], "id": s["id"]})),
            "line": failed.map_or(Value::Null, |s| s["line"].clone()),
        });
        let mut same = got["verdict"] == want["verdict"]
            && got["exit_code"] == want["exit_code"]
            && got["step"] == want["step"]
            && got["line"] == want["line"];
        if let Some(column) = want.get("column") {
            let reason = failed.and_then(|s| s["reason"].as_str()).unwrap_or("");
            same &= reason.starts_with(&format!("column {column}:"));
        }
        if !same {
            wrong.push(format!(
                "{name}: expected {want}\n    got {got}\n    {}",
                failed.map_or(Value::Null, |s| s["reason"].clone())
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} cases differ:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
}

#[test]
fn ssh_keygen_accepts_the_valid_detached_signatures_and_refuses_the_bad_ones() {
    let dir = vectors_dir();
    let mut checked = 0;
    for case in manifest_cases() {
        let tally = case["tally"].as_str().unwrap();
        let Some(signature) = case["signature"].as_str() else {
            continue;
        };
        let step = &case["expected"]["step"];
        let expect_ok = match step["number"].as_u64() {
            Some(9) => false,
            _ if case["expected"]["verdict"] == "valid" => true,
            _ => continue, // a valid tally checked with the wrong inputs
        };
        let out = Command::new("ssh-keygen")
            .args(["-Y", "verify", "-f", &format!("{tally}.allowed_signers")])
            .args(["-I", "jury"])
            .args(["-n", "jury-tally@v1", "-s", signature])
            .current_dir(&dir)
            .stdin(std::fs::File::open(dir.join(tally)).unwrap())
            .output()
            .expect("ssh-keygen is installed");
        assert_eq!(
            out.status.success(),
            expect_ok,
            "{}: ssh-keygen {}",
            case["name"],
            String::from_utf8_lossy(&out.stderr)
        );
        checked += 1;
    }
    assert!(checked >= 8, "{checked} signatures checked");
}
