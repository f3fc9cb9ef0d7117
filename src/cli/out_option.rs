//! `--out FILE` (`results`, `synth-bundle`): where a command writes. It
//! never replaces a file the same command reads (the tally, its `.sig`, the
//! bundle), under any name, `--force` or not; nor any other existing file
//! unless `--force` is given. The file is written whole or not at all
//! (`atomic_file`).

use std::io;
use std::path::Path;

use crate::atomic_file::{write_atomic, write_new};

/// Why `--out` may not be written, before anything is: `None` if it may.
pub fn refusal(out: &Path, inputs: &[&Path], force: bool) -> Option<String> {
    let out_text = out.display();
    // The same file under another name (a link, `./t.jury`) is the same
    // input: compared by device and inode, following links.
    if let Some(input) = inputs.iter().find(|input| same_file(out, input)) {
        return Some(format!(
            "--out {out_text} is {}, which this command reads: it is never replaced; choose another file (nothing was written)",
            input.display()
        ));
    }
    if !force && std::fs::symlink_metadata(out).is_ok() {
        return Some(format!(
            "--out {out_text} already exists; choose another file, or give --force to replace it (nothing was written)"
        ));
    }
    None
}

/// Writes `bytes` to `out`: exclusively (failing if the name was taken
/// since `refusal` looked), or replacing it with `force`.
pub fn write(out: &Path, bytes: &[u8], force: bool) -> io::Result<()> {
    if force {
        write_atomic(out, bytes)
    } else {
        write_new(out, bytes, 0o644)
    }
}

/// Both paths name one existing file.
#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
