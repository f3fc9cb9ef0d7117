//! Reading the lines in order: syntax, sequence, chain, the genesis key,
//! each line's signature (as the signature jobs found it) and the session
//! rules, up to the first failure.

use ssh_key::PublicKey;

use super::STEPS;
use super::report::Checker;
use crate::bundle::BundleFile;
use crate::digest::Digest;
use crate::session::SessionState;
use crate::signing::{EntryVerifier, fingerprint, parse_signer};
use crate::tally::{Entry, ParsedLine, check_link, parse_line};

/// What reading the lines in order found, up to the first failure.
pub(super) struct Walk {
    pub(super) c: Checker,
    /// Lines that passed every check.
    pub(super) count: usize,
    /// Hash of the last of them.
    pub(super) head: Option<Digest>,
    pub(super) verifier: Option<(EntryVerifier, PublicKey)>,
    pub(super) state: Option<SessionState>,
    pub(super) seal_line: Option<usize>,
    pub(super) results_checked: bool,
}

/// Reads the lines in order, checking syntax, links, the genesis key, each
/// line's signature (as `signature_ok` reports it) and the session rules;
/// stops at the first failure.
pub(super) fn walk(
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
                    if let Some(reason) = signer_mismatch(&key.1, signer, bundle) {
                        w.c.fail("signatures", Some(n), reason);
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

pub(super) fn genesis_key(parsed: &ParsedLine) -> Result<(EntryVerifier, PublicKey), String> {
    let Entry::SessionOpened { signer, .. } = &parsed.record.entry else {
        return Err(format!(
            "the first entry must be SessionOpened, found {}",
            parsed.record.entry.kind()
        ));
    };
    let key = parse_signer(signer)?;
    Ok((EntryVerifier::new(&key)?, key))
}

/// Why line 1's key is not the one expected: by `--signer`, or by the
/// bundle's pinned `signer` (docs/BUNDLE-FORMAT.md). Both are checked when
/// both are given.
fn signer_mismatch(
    key: &PublicKey,
    signer: Option<&PublicKey>,
    bundle: Option<&BundleFile>,
) -> Option<String> {
    let pinned = bundle
        .and_then(|b| b.bundle.signer.as_deref())
        .and_then(|line| parse_signer(line).ok());
    let expected = [
        (signer, "--signer expects"),
        (pinned.as_ref(), "the bundle pins"),
    ];
    expected.into_iter().find_map(|(expected, who)| {
        let expected = expected?;
        (expected.key_data() != key.key_data()).then(|| {
            format!(
                "signed by {}, but {who} the signer {}",
                fingerprint(key),
                fingerprint(expected)
            )
        })
    })
}
