//! Whole-file writes that survive a crash at any instant: write a temporary
//! file, fsync it, move it into place, fsync the folder. `write_atomic`
//! replaces the target; `write_new` never does.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with_mode(path, bytes, 0o644)
}

/// As `write_atomic`, the new file created with Unix permissions `mode`
/// from the start (0o600 for private keys: never readable by others).
pub fn write_atomic_with_mode(path: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
    let temp = write_temp(path, bytes, mode)?;
    let moved = std::fs::rename(&temp, path).and_then(|()| sync_parent(path));
    if moved.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    moved
}

/// Creates `path` with `bytes`, complete or not at all, and never replaces
/// anything: if `path` exists (even a dangling link) this fails with
/// `AlreadyExists` and changes nothing. For key files, which must never be
/// overwritten by a second program.
pub fn write_new(path: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
    let temp = write_temp(path, bytes, mode)?;
    // A hard link fails if the name is taken, whoever took it, however
    // recently: the exclusive, atomic "rename if absent".
    let linked = std::fs::hard_link(&temp, path);
    let _ = std::fs::remove_file(&temp);
    match linked {
        Ok(()) => sync_parent(path),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
        // File systems without hard links (FAT on a USB stick): an
        // exclusive create, written in place.
        Err(_) => write_in_place_new(path, bytes, mode),
    }
}

fn write_in_place_new(path: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
    let mut file = options(mode).create_new(true).open(path)?;
    let written = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| sync_parent(path));
    if written.is_err() {
        // Ours: created just above.
        let _ = std::fs::remove_file(path);
    }
    written
}

fn options(mode: u32) -> OpenOptions {
    let mut options = OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, mode);
    #[cfg(not(unix))]
    let _ = mode;
    options
}

/// Writes and fsyncs a temporary file beside `path`, named for this process
/// and call so two programs never share one; removed again on failure.
fn write_temp(path: &Path, bytes: &[u8], mode: u32) -> io::Result<PathBuf> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?;
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(name);
    temp_name.push(format!(
        ".{}-{:08x}.tmp",
        std::process::id(),
        rand::random::<u32>()
    ));
    let temp = path.with_file_name(temp_name);
    let result = (|| {
        let mut file = options(mode).create_new(true).open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    match result {
        Ok(()) => Ok(temp),
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            Err(e)
        }
    }
}

/// fsyncs the folder holding `path`, so a newly created file survives a crash.
pub fn sync_parent(path: &Path) -> io::Result<()> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    File::open(parent)?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("jury-atomic-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_content_and_leaves_no_temp() {
        let dir = scratch("replace");
        let path = dir.join("draft.ron");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(names(&dir), ["draft.ron"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn write_new_never_replaces_a_file_nor_a_dangling_link() {
        let dir = scratch("new");
        let path = dir.join("key");
        write_new(&path, b"first", 0o600).unwrap();
        let again = write_new(&path, b"second", 0o600).unwrap_err();
        assert_eq!(again.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
            let link = dir.join("link");
            std::os::unix::fs::symlink(dir.join("nowhere"), &link).unwrap();
            let err = write_new(&link, b"x", 0o600).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
            assert!(!dir.join("nowhere").exists());
        }
        assert!(names(&dir).iter().all(|n| !n.ends_with(".tmp")));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
