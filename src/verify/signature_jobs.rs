//! The signature checks of a tally, shared out between threads: each line's
//! Ed25519 signature and the detached SSHSIG over the whole file. They need
//! only the raw bytes and line 1's key, so they run beside the walk that
//! reads the records and replays the rules.

use std::sync::atomic::{AtomicUsize, Ordering};

use ssh_key::PublicKey;

use crate::signing::{EntryVerifier, verify_sshsig};
use crate::tally::{MAX_LINE_BYTES, split_signature, verify_signed};

pub(super) struct SignatureJobs<'a> {
    lines: &'a [&'a [u8]],
    key: Option<&'a (EntryVerifier, PublicKey)>,
    file: &'a [u8],
    detached: Option<&'a str>,
    /// The next job to take: 0 is the detached signature (the longest, so
    /// taken first), then line `i` is job `i + 1`.
    next: AtomicUsize,
}

/// What one thread checked.
#[derive(Default)]
pub(super) struct Checked {
    /// Line index and result: `None` when the line has no readable signature
    /// field (the walk reports that as a syntax error).
    lines: Vec<(usize, Option<bool>)>,
    detached: Option<Result<(), String>>,
}

impl<'a> SignatureJobs<'a> {
    pub(super) fn new(
        lines: &'a [&'a [u8]],
        key: Option<&'a (EntryVerifier, PublicKey)>,
        file: &'a [u8],
        detached: Option<&'a str>,
    ) -> Self {
        Self {
            lines,
            key,
            file,
            detached,
            next: AtomicUsize::new(0),
        }
    }

    /// No jobs: for when there is no tally to check.
    pub(super) fn none() -> Self {
        Self::new(&[], None, &[], None)
    }

    /// Leaves the jobs not yet taken undone.
    pub(super) fn cancel(&self) {
        self.next.store(usize::MAX / 2, Ordering::Relaxed);
    }

    /// Takes jobs until none are left; every thread calls this.
    pub(super) fn work(&self) -> Checked {
        let mut checked = Checked::default();
        let Some(key) = self.key else {
            return checked;
        };
        let mut message = Vec::new();
        loop {
            let job = self.next.fetch_add(1, Ordering::Relaxed);
            if job > self.lines.len() {
                return checked;
            }
            self.run(job, key, &mut checked, &mut message);
        }
    }

    /// What a cancelled run left undone, done now on this thread, so that
    /// no signature is ever reported good without having been checked.
    pub(super) fn finish(&self, mut checked: Checked) -> Checked {
        let Some(key) = self.key else {
            return checked;
        };
        let mut done = vec![false; self.lines.len()];
        for &(i, _) in &checked.lines {
            done[i] = true;
        }
        let detached_undone = checked.detached.is_none().then_some(0);
        let lines_undone = (0..self.lines.len()).filter(|&i| !done[i]).map(|i| i + 1);
        let mut message = Vec::new();
        for job in detached_undone.into_iter().chain(lines_undone) {
            self.run(job, key, &mut checked, &mut message);
        }
        checked
    }

    /// Does job `job` (0: the detached signature; `i + 1`: line `i`).
    fn run(
        &self,
        job: usize,
        (verifier, public): &(EntryVerifier, PublicKey),
        checked: &mut Checked,
        message: &mut Vec<u8>,
    ) {
        match job.checked_sub(1) {
            None => {
                checked.detached = self
                    .detached
                    .map(|armored| verify_sshsig(public, self.file, armored));
            }
            Some(i) => {
                let ok = line_signature(self.lines[i], verifier, message);
                checked.lines.push((i, ok));
            }
        }
    }
}

/// Whether a line's signature verifies; `None` when the line has no
/// readable signature field (the walk reports it as a syntax error).
fn line_signature(line: &[u8], verifier: &EntryVerifier, message: &mut Vec<u8>) -> Option<bool> {
    (line.len() <= MAX_LINE_BYTES)
        .then(|| split_signature(line).ok())
        .flatten()
        .map(|(signed, signature)| verify_signed(signed, &signature, verifier, message))
}

impl Checked {
    pub(super) fn merge(&mut self, other: Checked) {
        self.lines.extend(other.lines);
        self.detached = self.detached.take().or(other.detached);
    }

    /// Some line's signature does not verify.
    pub(super) fn any_bad_line(&self) -> bool {
        self.lines.iter().any(|&(_, ok)| ok == Some(false))
    }

    /// The result for each of `count` lines, in order.
    pub(super) fn by_line(&self, count: usize) -> Vec<Option<bool>> {
        let mut results = vec![None; count];
        for &(i, ok) in &self.lines {
            results[i] = ok;
        }
        results
    }

    pub(super) fn detached(&self) -> Option<&Result<(), String>> {
        self.detached.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::Digest;
    use crate::signing::SessionKey;
    use crate::tally::{Entry, build_line};

    #[test]
    fn finish_checks_what_a_cancelled_run_left_undone() {
        let key = SessionKey::from_seed(&[4; 32], "t");
        let entry = Entry::JurorAbsent {
            seat: "J01".to_owned(),
            round: 1,
        };
        let mut lines: Vec<String> = (0..3)
            .map(|seq| build_line(seq, &Digest([0; 32]), "t", &entry, key.entry_signer()))
            .collect();
        lines[2].replace_range(..1, "X"); // changes the signed bytes
        let file = lines.join("\n") + "\n";
        let raw: Vec<&[u8]> = lines.iter().map(|l| l.as_bytes()).collect();
        let verifier = (
            EntryVerifier::new(key.public()).unwrap(),
            key.public().clone(),
        );
        let armored = key.sshsig(file.as_bytes());
        let jobs = SignatureJobs::new(&raw, Some(&verifier), file.as_bytes(), Some(&armored));

        jobs.cancel();
        let none = jobs.work();
        assert!(none.lines.is_empty() && none.detached.is_none());

        let checked = jobs.finish(none);
        assert_eq!(checked.by_line(3), [Some(true), Some(true), Some(false)]);
        assert!(checked.any_bad_line());
        assert_eq!(checked.detached(), Some(&Ok(())));
    }
}
