//! Ed25519 keys in OpenSSH form: the session's signer, the bundle's pin,
//! per-entry signatures, and the detached SSHSIG that `ssh-keygen` checks.

/// The shortest passphrase that protects a signing key: the kiosk's
/// session key and `jury keygen` alike.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

use std::path::Path;

use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};
use ssh_key::private::KeypairData;
use ssh_key::public::KeyData;
use ssh_key::rand_core::OsRng;
use ssh_key::{Algorithm, HashAlg, LineEnding, PrivateKey, PublicKey};

/// SSHSIG namespace of the detached signature over a sealed tally.
pub const SSHSIG_NAMESPACE: &str = "jury-tally@v1";
/// Principal written in the `allowed_signers` file next to a sealed tally.
pub const SSHSIG_PRINCIPAL: &str = "jury";

/// A detached OpenSSH signature (`T.sig`): about 300 bytes.
pub const SIGNATURE_KIND: crate::bounded_read::Kind = crate::bounded_read::Kind {
    name: "signature file",
    expected: "a detached signature file (.sig)",
    limit: 64 * 1024,
    too_large: "an OpenSSH signature is a few hundred bytes",
};

/// The expected signer given with `--signer`: a `.pub` or `allowed_signers` file.
pub const SIGNER_KEY_KIND: crate::bounded_read::Kind = crate::bounded_read::Kind {
    name: "key file",
    expected: "a .pub file, an allowed_signers file or an `ssh-ed25519 …` line",
    limit: 64 * 1024,
    too_large: "a public key is about a hundred bytes",
};

/// Parses exactly one OpenSSH `ssh-ed25519 AAAA… [comment]` line (spaces
/// around it are ignored). No line break anywhere: ssh-key would take a
/// second key line for the first one's comment; and no control, bidi or
/// invisible character, since the line is shown and written to the tally.
pub fn parse_signer(line: &str) -> Result<PublicKey, String> {
    let line = line.trim_matches(' ');
    if let Some(c) = line
        .chars()
        .find(|&c| crate::terminal_text::hazard(c).is_some())
    {
        return Err(format!(
            "the signer must be exactly one line `ssh-ed25519 AAAA… comment`, but it holds {}; give the one line of the .pub file",
            crate::terminal_text::name(c)
        ));
    }
    let key = PublicKey::from_openssh(line).map_err(|e| {
        format!("not an OpenSSH public key line ({e}); expected `ssh-ed25519 AAAA… comment`")
    })?;
    if key.algorithm() != Algorithm::Ed25519 {
        return Err(format!(
            "the key is {}, but the tally is signed with Ed25519 keys (`ssh-ed25519 …`)",
            key.algorithm()
        ));
    }
    // Options before the key type (`from="…" ssh-ed25519 …`) belong in
    // authorized_keys files, not here.
    if !line.starts_with("ssh-ed25519 ") {
        return Err(
            "the signer must start with `ssh-ed25519 `: exactly one line `ssh-ed25519 AAAA… comment`"
                .into(),
        );
    }
    Ok(key)
}

/// `SHA256:…`, as `ssh-keygen -l` prints it.
pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

/// The session's private key: signs entries and the sealed file.
pub struct SessionKey {
    private: PrivateKey,
    signer: EntrySigner,
}

impl SessionKey {
    pub fn generate(comment: &str) -> Self {
        let mut private =
            PrivateKey::random(&mut OsRng, Algorithm::Ed25519).expect("Ed25519 key generation");
        private.set_comment(comment);
        Self::from_private(private).expect("a fresh Ed25519 key")
    }

    /// A key from a fixed 32-byte seed: for tests and reproducible
    /// examples only, never for a real session.
    pub fn from_seed(seed: &[u8; 32], comment: &str) -> Self {
        let pair = ssh_key::private::Ed25519Keypair::from_seed(seed);
        let private = PrivateKey::new(KeypairData::Ed25519(pair), comment).expect("Ed25519 key");
        Self::from_private(private).expect("an Ed25519 key")
    }

    fn from_private(private: PrivateKey) -> Result<Self, String> {
        let KeypairData::Ed25519(pair) = private.key_data() else {
            return Err(format!(
                "the key is {}, but the tally is signed with Ed25519 keys",
                private.algorithm()
            ));
        };
        let signer = EntrySigner(SigningKey::from_bytes(&pair.private.to_bytes()));
        Ok(Self { private, signer })
    }

    pub fn public(&self) -> &PublicKey {
        self.private.public_key()
    }

    /// The `ssh-ed25519 AAAA… comment` line.
    pub fn public_line(&self) -> String {
        self.public()
            .to_openssh()
            .expect("Ed25519 public keys encode")
    }

    pub fn entry_signer(&self) -> &EntrySigner {
        &self.signer
    }

    /// A 32-byte key for `purpose`, derived from the private key: as
    /// protected at rest as the key file itself (encrypted with the
    /// facilitator's passphrase), and different for every purpose.
    pub fn derive_key(&self, purpose: &str) -> zeroize::Zeroizing<[u8; 32]> {
        use sha2::Digest as _;
        let mut seed = zeroize::Zeroizing::new(self.signer.0.to_bytes());
        let mut hasher = sha2::Sha256::new();
        hasher.update(b"jury-derived-key@v1\0");
        hasher.update(purpose.as_bytes());
        hasher.update(b"\0");
        hasher.update(seed.as_slice());
        zeroize::Zeroize::zeroize(&mut *seed);
        zeroize::Zeroizing::new(hasher.finalize().into())
    }

    /// Detached OpenSSH signature (armored SSHSIG) over `data`.
    pub fn sshsig(&self, data: &[u8]) -> String {
        self.private
            .sign(SSHSIG_NAMESPACE, HashAlg::Sha256, data)
            .and_then(|sig| sig.to_pem(LineEnding::LF))
            .expect("SSHSIG with an Ed25519 key")
    }

    /// The private key in OpenSSH format, encrypted with `passphrase`
    /// (bcrypt-pbkdf + AES-256-CTR), so a copy of the disk cannot sign.
    pub fn to_encrypted_openssh(&self, passphrase: &str) -> Result<String, String> {
        let encrypted = self
            .private
            .encrypt(&mut OsRng, passphrase)
            .map_err(|e| format!("cannot encrypt the key: {e}"))?;
        encrypted
            .to_openssh(LineEnding::LF)
            .map(|pem| pem.to_string())
            .map_err(|e| format!("cannot encode the key: {e}"))
    }

    /// The private key in OpenSSH format, unencrypted (for `jury keygen` without a passphrase).
    pub fn to_openssh(&self) -> String {
        self.private
            .to_openssh(LineEnding::LF)
            .expect("Ed25519 private keys encode")
            .to_string()
    }

    /// Reads an OpenSSH private key, decrypting it with `passphrase` if it is encrypted.
    pub fn from_openssh(pem: &str, passphrase: Option<&str>) -> Result<Self, KeyError> {
        let private = PrivateKey::from_openssh(pem)
            .map_err(|e| KeyError::Format(format!("not an OpenSSH private key ({e})")))?;
        let private = if private.is_encrypted() {
            let passphrase = passphrase.ok_or(KeyError::NeedsPassphrase)?;
            private
                .decrypt(passphrase)
                .map_err(|_| KeyError::WrongPassphrase)?
        } else {
            private
        };
        Self::from_private(private).map_err(KeyError::Format)
    }

    pub fn read_file(path: &Path, passphrase: Option<&str>) -> Result<Self, KeyError> {
        let pem = std::fs::read_to_string(path).map_err(|e| {
            KeyError::Format(format!(
                "{}: {}",
                path.display(),
                crate::io_error::describe_io(&e)
            ))
        })?;
        Self::from_openssh(&pem, passphrase)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyError {
    Format(String),
    NeedsPassphrase,
    WrongPassphrase,
}

impl std::fmt::Display for KeyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Format(m) => f.write_str(m),
            Self::NeedsPassphrase => f.write_str("the key is encrypted: a passphrase is needed"),
            Self::WrongPassphrase => f.write_str("wrong passphrase"),
        }
    }
}

/// Signs tally entries (raw Ed25519 over the line's signed bytes).
pub struct EntrySigner(SigningKey);

impl EntrySigner {
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.0.sign(message).to_bytes()
    }
}

/// Checks tally entry signatures against one public key.
#[derive(Debug, Clone)]
pub struct EntryVerifier(VerifyingKey);

impl EntryVerifier {
    pub fn new(key: &PublicKey) -> Result<Self, String> {
        let KeyData::Ed25519(public) = key.key_data() else {
            return Err(format!("{} is not an Ed25519 key", key.algorithm()));
        };
        VerifyingKey::from_bytes(&public.0)
            .map(Self)
            .map_err(|_| "not a valid Ed25519 public key".to_owned())
    }

    pub fn verify(&self, message: &[u8], signature: &[u8; 64]) -> bool {
        let signature = ed25519_dalek::Signature::from_bytes(signature);
        self.0.verify_strict(message, &signature).is_ok()
    }
}

/// Checks a detached armored SSHSIG over `data` against `key`.
pub fn verify_sshsig(key: &PublicKey, data: &[u8], armored: &str) -> Result<(), String> {
    let sig =
        ssh_key::SshSig::from_pem(armored).map_err(|e| format!("not an SSHSIG file ({e})"))?;
    key.verify(SSHSIG_NAMESPACE, data, &sig)
        .map_err(|e| format!("signature does not match ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tallies sealed before the switch to SHA-256 carry SHA-512 SSHSIGs;
    /// both must verify, as they do with `ssh-keygen -Y verify`.
    const KEY: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG3eKcMmacFlFFgJspdt3QlKNzI6NKuLAAW03sUWNHbm staff@example";

    #[test]
    fn a_signer_is_exactly_one_ed25519_line() {
        assert!(parse_signer(KEY).is_ok());
        assert!(parse_signer(&format!("  {KEY}  ")).is_ok());
        let other = SessionKey::from_seed(&[9; 32], "other").public_line();
        for bad in [
            format!("{KEY}\n{other}"),
            format!("{KEY}\r\n{other}"),
            format!("{KEY}\n"),
            format!("\n{KEY}"),
            format!("{KEY} com\u{1b}]52;c;AA==\u{7}ment"),
            format!("{KEY} \u{202e}elpmaxe"),
        ] {
            let error = parse_signer(&bad).expect_err(&bad);
            assert!(error.contains("one line"), "{error}");
        }
    }

    #[test]
    fn detached_signatures_verify_with_either_hash() {
        let key = SessionKey::from_seed(&[3; 32], "t");
        let data = b"(seq:0,...)\n";
        for hash in [HashAlg::Sha256, HashAlg::Sha512] {
            let armored = key
                .private
                .sign(SSHSIG_NAMESPACE, hash, data)
                .and_then(|sig| sig.to_pem(LineEnding::LF))
                .unwrap();
            assert_eq!(verify_sshsig(key.public(), data, &armored), Ok(()));
            assert!(verify_sshsig(key.public(), b"other", &armored).is_err());
        }
        assert!(key.sshsig(data).contains("BEGIN SSH SIGNATURE"));
    }
}
