//! `jury keygen --out NAME`: a signing key pair for a pinned signer.

use crate::signing::MIN_PASSPHRASE_CHARS;
use std::path::Path;
use std::process::ExitCode;

use zeroize::Zeroizing;

use crate::atomic_file::write_new;
use crate::session::with_suffix;
use crate::signing::{SessionKey, fingerprint};

/// The passphrase: `JURY_PASSPHRASE` for scripts, else asked twice on the terminal.
pub fn ask_new_passphrase() -> Result<Zeroizing<String>, String> {
    if let Ok(p) = std::env::var("JURY_PASSPHRASE") {
        return Ok(Zeroizing::new(p));
    }
    let ask = |prompt: &str| {
        rpassword::prompt_password(prompt)
            .map(Zeroizing::new)
            .map_err(|e| format!("cannot read a passphrase: {e}"))
    };
    let first = ask("Passphrase for the new key: ")?;
    let second = ask("Same passphrase again: ")?;
    if first != second {
        return Err("the two passphrases differ; nothing was written".into());
    }
    if first.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(format!(
            "use a passphrase of at least {MIN_PASSPHRASE_CHARS} characters; nothing was written"
        ));
    }
    Ok(first)
}

pub fn run(out: &Path, no_passphrase: bool) -> ExitCode {
    let public_path = with_suffix(out, ".pub");
    for path in [out, public_path.as_path()] {
        // Not even a dangling link: `write_new` would refuse it anyway.
        if std::fs::symlink_metadata(path).is_ok() {
            return super::fail_with(
                "keygen",
                2,
                &format!(
                    "{} already exists; choose another name (nothing was written)",
                    path.display()
                ),
            );
        }
    }
    let comment = out
        .file_name()
        .map_or_else(|| "jury".into(), |n| n.to_string_lossy().into_owned());
    let key = SessionKey::generate(&comment);
    let private = if no_passphrase {
        Ok(Zeroizing::new(key.to_openssh()))
    } else {
        ask_new_passphrase().and_then(|p| key.to_encrypted_openssh(&p).map(Zeroizing::new))
    };
    let private = match private {
        Ok(p) => p,
        Err(e) => return super::fail_with("keygen", 2, &e),
    };
    // Both files or neither: the private key is removed again if its public
    // half cannot be written, so a retry finds the name free.
    let written = write_new(out, private.as_bytes(), 0o600).map_err(|e| (out, e));
    let written = written.and_then(|()| {
        let public_line = format!("{}\n", key.public_line());
        write_new(&public_path, public_line.as_bytes(), 0o644).map_err(|e| {
            let _ = std::fs::remove_file(out);
            (public_path.as_path(), e)
        })
    });
    if let Err((path, e)) = written {
        return super::fail_with(
            "keygen",
            2,
            &format!(
                "{}: {}; nothing was written",
                path.display(),
                crate::io_error::describe_io(&e)
            ),
        );
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
