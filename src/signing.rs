//! Ed25519 keys in OpenSSH form: the tally's signer and the bundle's pin.

use ssh_key::{Algorithm, PublicKey};

/// Parses an OpenSSH `ssh-ed25519 AAAA… [comment]` line.
pub fn parse_signer(line: &str) -> Result<PublicKey, String> {
    let key = PublicKey::from_openssh(line.trim()).map_err(|e| {
        format!("not an OpenSSH public key line ({e}); expected `ssh-ed25519 AAAA… comment`")
    })?;
    if key.algorithm() != Algorithm::Ed25519 {
        return Err(format!(
            "the key is {}, but the tally is signed with Ed25519 keys (`ssh-ed25519 …`)",
            key.algorithm()
        ));
    }
    Ok(key)
}
