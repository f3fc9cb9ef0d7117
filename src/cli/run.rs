//! `jury run BUNDLE [--state DIR] [--key KEYFILE]`: the kiosk on a real session.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::key_option::read_key;
use crate::bundle;
use crate::kiosk::FolderLock;
use crate::kiosk::folder::default_state_folder;
use crate::tui::{App, Theme, run_app};

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
    let pinned = match key.map(read_key).transpose() {
        Ok(pinned) => pinned,
        Err(message) => return fail(2, message),
    };
    // Before the terminal is taken and anything is written: a second kiosk
    // on this folder is told at once, and changes nothing.
    let created = !folder.exists();
    let lock = match FolderLock::acquire(&folder) {
        Ok(lock) => lock,
        Err(e) => return fail(2, e.to_string()),
    };
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
