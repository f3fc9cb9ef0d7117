//! `jury keygen --out NAME`: a signing key pair for a pinned signer.

use std::path::Path;
use std::process::ExitCode;

use crate::atomic_file::{write_atomic, write_atomic_with_mode};
use crate::session::with_suffix;
use crate::signing::{SessionKey, fingerprint};

/// The passphrase: `JURY_PASSPHRASE` for scripts, else asked twice on the terminal.
pub fn ask_new_passphrase() -> Result<String, String> {
    if let Ok(p) = std::env::var("JURY_PASSPHRASE") {
        return Ok(p);
    }
    let first = rpassword::prompt_password("Passphrase for the new key: ")
        .map_err(|e| format!("cannot read a passphrase: {e}"))?;
    let second = rpassword::prompt_password("Same passphrase again: ")
        .map_err(|e| format!("cannot read a passphrase: {e}"))?;
    if first != second {
        return Err("the two passphrases differ; nothing was written".into());
    }
    if first.chars().count() < 8 {
        return Err("use a passphrase of at least 8 characters; nothing was written".into());
    }
    Ok(first)
}

pub fn run(out: &Path, no_passphrase: bool) -> ExitCode {
    let public_path = with_suffix(out, ".pub");
    for path in [out, public_path.as_path()] {
        if path.exists() {
            eprintln!(
                "jury keygen: {} already exists; choose another name (nothing was written)",
                path.display()
            );
            return ExitCode::from(2);
        }
    }
    let comment = out
        .file_name()
        .map_or_else(|| "jury".into(), |n| n.to_string_lossy().into_owned());
    let key = SessionKey::generate(&comment);
    let private = if no_passphrase {
        Ok(key.to_openssh())
    } else {
        ask_new_passphrase().and_then(|p| key.to_encrypted_openssh(&p))
    };
    let private = match private {
        Ok(p) => p,
        Err(e) => {
            eprintln!("jury keygen: {e}");
            return ExitCode::from(2);
        }
    };
    let written = write_atomic_with_mode(out, private.as_bytes(), 0o600)
        .and_then(|()| write_atomic(&public_path, format!("{}\n", key.public_line()).as_bytes()));
    if let Err(e) = written {
        eprintln!(
            "jury keygen: {}: {}",
            out.display(),
            crate::bundle::describe_io(&e)
        );
        return ExitCode::from(2);
    }
    println!("private key: {}", out.display());
    println!("public key:  {}", public_path.display());
    println!("fingerprint: {}", fingerprint(key.public()));
    println!(
        "pin it in the bundle with: signer: \"{}\",",
        key.public_line()
    );
    ExitCode::SUCCESS
}
