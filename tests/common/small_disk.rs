//! The real binary on a file system that is full or read-only: a tmpfs of
//! a few pages in a private mount namespace (`unshare -rm`, Linux), so no
//! privilege is needed and nothing outlives the command.

use std::path::Path;
use std::process::Command;

/// What the command did, and which files it left on the small disk.
pub struct SmallDiskRun {
    pub code: Option<i32>,
    pub stderr: String,
    /// Names left in the disk's top folder, sorted, without the filler.
    pub files: Vec<String>,
}

pub enum Disk {
    /// `free_pages` pages of 4 KiB free; the rest taken by a filler file.
    Full {
        free_pages: usize,
    },
    ReadOnly,
}

const MARK: &str = "--- files left ---";

/// Runs `jury ARGS` with its working folder on a small disk. Paths in
/// `args` relative to it land on it; absolute ones (a bundle) elsewhere.
/// `None`, with a message on stderr, where the system cannot make one.
pub fn run_jury_on(disk: Disk, args: &[&str], env: &[(&str, &str)]) -> Option<SmallDiskRun> {
    let mount = std::env::temp_dir().join(format!(
        "jury-small-disk-{}-{:08x}",
        std::process::id(),
        rand::random::<u32>()
    ));
    std::fs::create_dir_all(&mount).unwrap();
    let (size, fill, read_only) = match disk {
        Disk::Full { free_pages } => (4 * (free_pages + 1), 4096, ""),
        Disk::ReadOnly => (16, 0, "mount -o remount,ro \"$1\" || exit 97;"),
    };
    let script = format!(
        "mount -t tmpfs -o size={size}k tmpfs \"$1\" 2>/dev/null || exit 98; \
         head -c {fill} /dev/zero > \"$1/.filler\" || exit 97; {read_only} \
         cd \"$1\"; shift; \"$@\"; code=$?; echo '{MARK}'; ls -A; exit $code"
    );
    let mut command = Command::new("unshare");
    command
        .args(["-rm", "sh", "-c", &script, "sh"])
        .arg(&mount)
        .arg(env!("CARGO_BIN_EXE_jury"))
        .args(args);
    for (k, v) in env {
        command.env(k, v);
    }
    let out = command.output();
    let _ = std::fs::remove_dir(&mount);
    let out = match out {
        Ok(out) if out.status.code() != Some(98) => out,
        _ => {
            eprintln!("skipped: this system cannot mount a small tmpfs in a private namespace");
            return None;
        }
    };
    assert_ne!(
        out.status.code(),
        Some(97),
        "could not prepare the small disk"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let listing = stdout.split(MARK).nth(1).unwrap_or("");
    let mut files: Vec<String> = listing
        .lines()
        .map(str::to_owned)
        .filter(|n| !n.is_empty() && n != ".filler")
        .collect();
    files.sort();
    Some(SmallDiskRun {
        code: out.status.code(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        files,
    })
}

/// An absolute path, for an input that must not be on the small disk.
pub fn absolute(path: &Path) -> String {
    std::fs::canonicalize(path).unwrap().display().to_string()
}
