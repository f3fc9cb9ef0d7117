//! `jury run BUNDLE [--state DIR] [--key KEYFILE]`: the kiosk on a real session.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::key_option::read_key;
use crate::bundle;
use crate::kiosk::FolderLock;
use crate::kiosk::folder::default_state_folder;
use crate::tui::{App, Theme, run_app};

/// The kiosk takes the whole terminal: without one (`</dev/null`, a
/// service, `ssh host jury run` without `-t`) it says so and stops, exit 2,
/// before any folder or file is made. `None` when both standard input and
/// standard output are terminals. `program`: `jury run`, or `jury` alone.
pub fn without_terminal(program: &str) -> Option<ExitCode> {
    use std::io::IsTerminal as _;
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        return None;
    }
    eprintln!(
        "{program}: the kiosk needs a terminal: its standard input and output must be a terminal window (with ssh: `ssh -t`); nothing was created"
    );
    Some(ExitCode::from(2))
}

pub fn run(bundle_path: &Path, state: Option<PathBuf>, key: Option<&Path>) -> ExitCode {
    let fail = |code: u8, message: String| super::fail_with("run", code, &message);
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
    // Without a terminal, nothing is created; a folder that exists is
    // locked first, so that a second kiosk on it hears that it is open.
    let created = !folder.exists();
    if created && let Some(code) = without_terminal("jury run") {
        return code;
    }
    let pinned = match key.map(read_key).transpose() {
        Ok(pinned) => pinned,
        Err(message) => return fail(2, message),
    };
    // Before the terminal is taken and anything is written: a second kiosk
    // on this folder is told at once, and changes nothing.
    let lock = match FolderLock::acquire(&folder) {
        Ok(lock) => lock,
        Err(e) => return fail(2, e.to_string()),
    };
    if !created && let Some(code) = without_terminal("jury run") {
        return code;
    }
    let mut app = App::new(file, folder.clone(), Theme::from_env()).with_folder_lock(lock);
    if let Some(key) = pinned {
        app = app.with_pinned_key(key);
    }
    let code = run_app(app);
    if created {
        // Left before a session was opened: remove the empty folder we made.
        let _ = std::fs::remove_dir(&folder);
    }
    code
}
