//! One program per session folder. The lock is taken on the folder itself
//! (no lock file to leave behind), before anything is written in it, and
//! held for as long as the program has the session open; the system drops
//! it when the program ends, however it ends (crash, `kill -9`).

use std::fmt;
use std::fs::File;
use std::path::{Path, PathBuf};

use crate::io_error::describe_io;

#[derive(Debug)]
pub struct FolderLock {
    _folder: File,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FolderLockError {
    /// Another program holds the folder.
    Busy(PathBuf),
    Io {
        folder: PathBuf,
        reason: String,
    },
}

impl fmt::Display for FolderLockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Busy(folder) => write!(
                f,
                "{}: another jury program has this session open; close it first (only one kiosk may run a session)",
                folder.display()
            ),
            Self::Io { folder, reason } => write!(
                f,
                "{}: cannot use this folder for the session's files: {reason}",
                folder.display()
            ),
        }
    }
}

impl std::error::Error for FolderLockError {}

impl FolderLock {
    /// Creates `folder` if needed (changing nothing if it exists) and locks
    /// it, or says that another program holds it.
    pub fn acquire(folder: &Path) -> Result<Self, FolderLockError> {
        let io = |e: std::io::Error| FolderLockError::Io {
            folder: folder.to_owned(),
            reason: describe_io(&e),
        };
        if !folder.exists() {
            let mut builder = std::fs::DirBuilder::new();
            builder.recursive(true);
            // The session's files are its owner's alone (docs/SECRECY.md).
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            builder.create(folder).map_err(io)?;
        }
        let handle = File::open(folder).map_err(io)?;
        match handle.try_lock() {
            Ok(()) => Ok(Self { _folder: handle }),
            Err(std::fs::TryLockError::WouldBlock) => Err(FolderLockError::Busy(folder.to_owned())),
            Err(std::fs::TryLockError::Error(e)) => Err(io(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_one_folder_is_refused_until_the_first_is_dropped() {
        let dir = std::env::temp_dir().join(format!("jury-folder-lock-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let first = FolderLock::acquire(&dir).unwrap();
        assert_eq!(
            FolderLock::acquire(&dir).unwrap_err(),
            FolderLockError::Busy(dir.clone())
        );
        drop(first);
        assert!(FolderLock::acquire(&dir).is_ok());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
