//! `--key KEYFILE` (`run`, `simulate`): the signer's private key, for a
//! bundle that pins its signer.

use std::path::Path;

use crate::signing::{KeyError, SessionKey};

/// Reads the key, asking its passphrase if it is encrypted
/// (`JURY_KEY_PASSPHRASE` for scripts).
pub fn read_key(path: &Path) -> Result<SessionKey, String> {
    let describe = |e: KeyError| format!("{}: {e}", path.display());
    match SessionKey::read_file(path, None) {
        Ok(key) => Ok(key),
        Err(KeyError::NeedsPassphrase) => {
            let passphrase = match std::env::var("JURY_KEY_PASSPHRASE") {
                Ok(p) => zeroize::Zeroizing::new(p),
                Err(_) => zeroize::Zeroizing::new(
                    rpassword::prompt_password(format!("Passphrase for {}: ", path.display()))
                        .map_err(|e| format!("cannot read a passphrase: {e}"))?,
                ),
            };
            SessionKey::read_file(path, Some(&passphrase)).map_err(describe)
        }
        Err(e) => Err(describe(e)),
    }
}
