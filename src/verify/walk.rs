//! Reading the lines in order, each line through the steps in their order
//! (syntax, sequence, chain, bundle, signatures, rules, seal, results), up
//! to the first failure: the first line in file order that fails any check,
//! and on that line the lowest step (docs/TALLY-FORMAT.md).

use ssh_key::PublicKey;

use super::report::StepId;
use crate::bundle::BundleFile;
use crate::digest::Digest;
use crate::session::{SealError, SessionState, seal_link};
use crate::signing::{EntryVerifier, fingerprint, parse_signer};
use crate::tally::{Entry, LinkError, ParsedLine, check_link, parse_line};

/// The first check that failed: its step, its line (from 1) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Failure {
    pub(super) step: StepId,
    pub(super) line: Option<usize>,
    pub(super) reason: String,
}

/// What reading the lines in order found, up to the first failure.
pub(super) struct Walk {
    pub(super) failure: Option<Failure>,
    /// Lines that passed every check.
    pub(super) count: usize,
    /// Hash of the last of them.
    pub(super) head: Option<Digest>,
    pub(super) verifier: Option<(EntryVerifier, PublicKey)>,
    pub(super) state: Option<SessionState>,
    pub(super) seal_line: Option<usize>,
}

/// Reads the lines in order; stops at the first failure. `signature_ok`
/// says how line `i`'s signature checked (`None`: not known yet, assumed
/// good; the caller walks again if one was bad).
pub(super) fn walk(
    complete: &[&[u8]],
    bundle: Option<&BundleFile>,
    signer: Option<&PublicKey>,
    signature_ok: impl Fn(usize) -> Option<bool>,
) -> Walk {
    let mut w = Walk {
        failure: None,
        count: 0,
        head: None,
        verifier: None,
        state: None,
        seal_line: None,
    };
    for (i, raw) in complete.iter().enumerate() {
        if let Err((step, reason)) = check_line(&mut w, i, raw, bundle, signer, &signature_ok) {
            w.failure = Some(Failure {
                step,
                line: Some(i + 1),
                reason,
            });
            break;
        }
        w.count += 1;
    }
    w
}

type Checked = Result<(), (StepId, String)>;

fn fail(step: StepId, reason: impl Into<String>) -> Checked {
    Err((step, reason.into()))
}

/// Line `i` (from 0) through every step, lowest first.
fn check_line(
    w: &mut Walk,
    i: usize,
    raw: &[u8],
    bundle: Option<&BundleFile>,
    signer: Option<&PublicKey>,
    signature_ok: &impl Fn(usize) -> Option<bool>,
) -> Checked {
    // 1. syntax
    let parsed = parse_line(raw).map_err(|e| (StepId::Syntax, e.0))?;
    // 2. sequence, 3. chain
    check_link(&parsed, i as u64, w.head.as_ref()).map_err(|e| match e {
        LinkError::Sequence { .. } => (StepId::Sequence, e.to_string()),
        LinkError::Prev { .. } => (StepId::Chain, e.to_string()),
    })?;
    let entry = &parsed.record.entry;
    // 4. bundle
    if i == 0
        && let (Some(b), Entry::SessionOpened { bundle_sha256, .. }) = (bundle, entry)
        && **bundle_sha256 != b.sha256.hex()
    {
        return fail(
            StepId::Bundle,
            format!(
                "made from a different bundle: the tally names sha256:{bundle_sha256}, the bundle is sha256:{}",
                b.sha256
            ),
        );
    }
    // 5. signatures
    if i == 0 {
        let key = genesis_key(&parsed).map_err(|r| (StepId::Signatures, r))?;
        if let Some(reason) = signer_mismatch(&key.1, signer, bundle) {
            return fail(StepId::Signatures, reason);
        }
        w.verifier = Some(key);
    }
    if signature_ok(i) == Some(false) {
        return fail(
            StepId::Signatures,
            "bad signature: the line was changed or not signed by the genesis key",
        );
    }
    // 7. nothing after the seal (the rules of step 6 apply before it)
    if let Some(at) = w.seal_line {
        return fail(
            StepId::Seal,
            format!("entry after the seal (line {at}); nothing may follow it"),
        );
    }
    let head = w.head.unwrap_or(Digest([0; 32]));
    let at = &parsed.record.at;
    match (bundle, &mut w.state) {
        // 6. the rules of the genesis entry
        (Some(b), None) => {
            w.state = Some(
                SessionState::genesis(&b.bundle, &b.sha256, entry, at, &parsed.hash)
                    .map_err(|e| (StepId::Ballots, e.message))?,
            );
        }
        // 6. the rules; for a seal, 7. the seal and 8. its results
        (Some(b), Some(st)) => {
            if let Err(e) = st.apply(&b.bundle, entry, at, &head, &parsed.hash) {
                let Entry::SessionSealed {
                    count,
                    head: sealed_head,
                    results,
                } = entry
                else {
                    return fail(StepId::Ballots, e.message);
                };
                // Only the seal's own rules refuse a seal: which step owns
                // the first that fails?
                return Err(
                    match st.check_seal(&b.bundle, *count, sealed_head, results, &head) {
                        Err(SealError::Results(r)) => (StepId::Results, r),
                        Err(SealError::Seal(r)) => (StepId::Seal, r),
                        Ok(()) => (StepId::Seal, e.message),
                    },
                );
            }
        }
        (None, _) => {
            if i > 0 && matches!(entry, Entry::SessionOpened { .. }) {
                return fail(StepId::Ballots, "SessionOpened may only be the first entry");
            }
            // 7. what the seal says of the lines before it needs no bundle
            if let Entry::SessionSealed {
                count,
                head: sealed_head,
                ..
            } = entry
            {
                seal_link(*count, sealed_head, i as u64, &head).map_err(|r| (StepId::Seal, r))?;
            }
        }
    }
    if matches!(entry, Entry::SessionSealed { .. }) {
        w.seal_line = Some(i + 1);
    }
    w.head = Some(parsed.hash);
    Ok(())
}

pub(super) fn genesis_key(parsed: &ParsedLine) -> Result<(EntryVerifier, PublicKey), String> {
    crate::tally::genesis_key(&parsed.record.entry)
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
