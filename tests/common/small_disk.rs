//! The real binary on a file system that is full or read-only: a tmpfs of
//! a few pages in a private mount namespace (`unshare -rm`, Linux), so no
//! privilege is needed and nothing outlives the command.

use std::path::{Path, PathBuf};
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

/// A fresh, empty mount point for a small disk.
pub fn mount_point() -> PathBuf {
    let mount = std::env::temp_dir().join(format!(
        "jury-small-disk-{}-{:08x}",
        std::process::id(),
        rand::random::<u32>()
    ));
    std::fs::create_dir_all(&mount).unwrap();
    mount
}

/// The command line (program first) that runs `jury ARGS` in `mount` made
/// a small disk, then lists what is left there after a marker line. Exit
/// 98: no small disk could be mounted here; 97: it could not be prepared.
pub fn command_line(disk: Disk, mount: &Path, args: &[&str]) -> Vec<String> {
    let (size, fill, read_only) = match disk {
        Disk::Full { free_pages } => (4 * (free_pages + 1), 4096, ""),
        Disk::ReadOnly => (16, 0, "mount -o remount,ro \"$1\" || exit 97;"),
    };
    let script = format!(
        "mount -t tmpfs -o size={size}k tmpfs \"$1\" 2>/dev/null || exit 98; \
         head -c {fill} /dev/zero > \"$1/.filler\" || exit 97; {read_only} \
         cd \"$1\"; shift; \"$@\"; code=$?; echo '{MARK}'; ls -A; exit $code"
    );
    let mut line: Vec<String> = ["unshare", "-rm", "sh", "-c", &script, "sh"]
        .map(str::to_owned)
        .into();
    line.push(mount.display().to_string());
    line.push(env!("CARGO_BIN_EXE_jury").to_owned());
    line.extend(args.iter().map(|a| (*a).to_owned()));
    line
}

/// The names after the marker in a small-disk run's output, sorted, without the filler.
pub fn files_left(output: &str) -> Vec<String> {
    let listing = output.split(MARK).nth(1).unwrap_or("");
    let mut files: Vec<String> = listing
        .lines()
        .map(|l| l.trim().to_owned())
        .filter(|n| !n.is_empty() && n != ".filler")
        .collect();
    files.sort();
    files
}

/// Whether this system can mount a small disk in a private namespace; says
/// so on stderr when it cannot (the test using it is then skipped).
pub fn available() -> bool {
    let mount = mount_point();
    let line = command_line(Disk::ReadOnly, &mount, &["--version"]);
    let ok = Command::new(&line[0])
        .args(&line[1..])
        .output()
        .is_ok_and(|o| o.status.success());
    let _ = std::fs::remove_dir(&mount);
    if !ok {
        eprintln!("skipped: this system cannot mount a small tmpfs in a private namespace");
    }
    ok
}

/// Runs `jury ARGS` with its working folder on a small disk. Paths in
/// `args` relative to it land on it; absolute ones (a bundle) elsewhere.
/// `None`, with a message on stderr, where the system cannot make one.
pub fn run_jury_on(disk: Disk, args: &[&str], env: &[(&str, &str)]) -> Option<SmallDiskRun> {
    let mount = mount_point();
    let line = command_line(disk, &mount, args);
    let mut command = Command::new(&line[0]);
    command.args(&line[1..]);
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
    Some(SmallDiskRun {
        code: out.status.code(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        files: files_left(&String::from_utf8_lossy(&out.stdout)),
    })
}

/// An absolute path, for an input that must not be on the small disk.
pub fn absolute(path: &Path) -> String {
    std::fs::canonicalize(path).unwrap().display().to_string()
}
