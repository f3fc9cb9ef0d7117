//! `jury run BUNDLE [--state DIR] [--key KEYFILE]`: the kiosk on a real session.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::bundle;
use crate::signing::{KeyError, SessionKey};
use crate::tui::{App, Theme, default_state_folder, run_app};

pub fn run(bundle_path: &Path, state: Option<PathBuf>, key: Option<&Path>) -> ExitCode {
    let fail = |code: u8, message: String| {
        eprintln!("jury run: {message}");
        ExitCode::from(code)
    };
    let file = match bundle::load(bundle_path) {
        Ok(f) => f,
        Err(e) => return fail(e.exit_code(), e.to_string()),
    };
    let folder = state.unwrap_or_else(|| default_state_folder(bundle_path));
    if folder.exists() && !folder.is_dir() {
        return fail(
            2,
            format!(
                "{}: not a folder; give --state a folder for the session's files",
                folder.display()
            ),
        );
    }
    let mut app = App::new(file, folder, Theme::from_env());
    if let Some(key_path) = key {
        match read_key(key_path) {
            Ok(key) => app = app.with_pinned_key(key),
            Err(message) => return fail(2, message),
        }
    }
    run_app(app)
}

/// Reads the signer's key given with `--key`, asking its passphrase if it is
/// encrypted (`JURY_KEY_PASSPHRASE` for scripts).
fn read_key(path: &Path) -> Result<SessionKey, String> {
    let describe = |e: KeyError| format!("{}: {e}", path.display());
    match SessionKey::read_file(path, None) {
        Ok(key) => Ok(key),
        Err(KeyError::NeedsPassphrase) => {
            let passphrase = match std::env::var("JURY_KEY_PASSPHRASE") {
                Ok(p) => p,
                Err(_) => {
                    rpassword::prompt_password(format!("Passphrase for {}: ", path.display()))
                        .map_err(|e| format!("cannot read a passphrase: {e}"))?
                }
            };
            SessionKey::read_file(path, Some(&passphrase)).map_err(describe)
        }
        Err(e) => Err(describe(e)),
    }
}
