//! Reading an input file within a size limit, for every file the program
//! is given: a tally, its detached signature, a signer's key, a bundle.
//!
//! Only a regular file is read. A FIFO, a device, a folder or a socket is
//! refused from its metadata (symbolic links followed) *before* it is opened
//! for reading, so that nothing blocks on a pipe without a writer or streams
//! forever from `/dev/zero`; the file is then opened without blocking and
//! checked again, in case it was swapped in between. Its size is checked
//! against the limit first, and reading stops one byte past the limit, so the
//! limit also holds on a file that grows while it is read.
//!
//! A tally is also read line by line (`read_lines`): an empty line, a line
//! longer than its limit, or more lines than a session can write, stops the
//! reading where it is met, so what is held is what was read before it.

use std::fmt;
use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

/// What a file is for, and its limit.
#[derive(Debug)]
pub struct Kind {
    /// In messages: "… is a FIFO, not a tally file".
    pub name: &'static str,
    /// What to give instead: "give the path of a tally file".
    pub expected: &'static str,
    /// The largest accepted size, in bytes.
    pub limit: u64,
    /// Said after the limit when a file is larger.
    pub too_large: &'static str,
}

/// Why a file was not read. Its text is the reason alone: callers put the
/// path in front.
#[derive(Debug)]
pub enum ReadError {
    /// Not a regular file: what it is instead.
    NotRegular {
        what: &'static str,
        kind: &'static Kind,
    },
    /// Larger than the kind's limit.
    TooLarge { kind: &'static Kind },
    /// The system refused: the kind of file is named with the reason.
    Io(io::Error, &'static Kind),
}

impl ReadError {
    /// The file does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::Io(e, _) if e.kind() == io::ErrorKind::NotFound)
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotRegular {
                what: "folder",
                kind,
            } => {
                write!(f, "this is a folder; give the path of {}", kind.expected)
            }
            Self::NotRegular { what, kind } => write!(
                f,
                "this is a {what}, not a {}; give the path of {}",
                kind.name, kind.expected
            ),
            Self::TooLarge { kind } => write!(
                f,
                "file is larger than the limit of {}; {}",
                size_text(kind.limit),
                kind.too_large
            ),
            Self::Io(e, kind) if e.kind() == io::ErrorKind::NotFound => {
                write!(f, "no such file; give the path of {}", kind.expected)
            }
            Self::Io(e, kind) => write!(
                f,
                "{} (reading {})",
                crate::io_error::describe_io(e),
                kind.expected
            ),
        }
    }
}

impl std::error::Error for ReadError {}

/// The system's error, with the kind of file that was being read.
fn io(kind: &'static Kind) -> impl Fn(io::Error) -> ReadError {
    move |e| ReadError::Io(e, kind)
}

/// `16 MiB`, `64 KiB`, or bytes.
pub fn size_text(bytes: u64) -> String {
    const KIB: u64 = 1024;
    match bytes {
        b if b >= KIB * KIB && b % (KIB * KIB) == 0 => format!("{} MiB", b / (KIB * KIB)),
        b if b >= KIB && b % KIB == 0 => format!("{} KiB", b / KIB),
        b => format!("{b} bytes"),
    }
}

/// What a file that is not a regular file is, in a message.
fn what_it_is(meta: &Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("FIFO (named pipe)");
        }
        if t.is_char_device() {
            return Some("character device");
        }
        if t.is_block_device() {
            return Some("block device");
        }
        if t.is_socket() {
            return Some("socket");
        }
    }
    Some("special file")
}

/// Refuses what is not a regular file of at most `kind.limit` bytes.
fn check(meta: &Metadata, kind: &'static Kind) -> Result<(), ReadError> {
    if let Some(what) = what_it_is(meta) {
        return Err(ReadError::NotRegular { what, kind });
    }
    if meta.len() > kind.limit {
        return Err(ReadError::TooLarge { kind });
    }
    Ok(())
}

/// Opens `path` with `options` once its metadata (symbolic links followed)
/// says it is a regular file within the limit. The opening itself does not
/// block (`O_NONBLOCK`, cleared once the opened file is checked again).
pub fn open_with(
    path: &Path,
    kind: &'static Kind,
    options: &mut OpenOptions,
) -> Result<File, ReadError> {
    check(&std::fs::metadata(path).map_err(io(kind))?, kind)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(io(kind))?;
    // What was opened may not be what was looked at.
    check(&file.metadata().map_err(io(kind))?, kind)?;
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: fcntl on a file descriptor this function owns, with
        // integer arguments only.
        unsafe {
            let fd = file.as_raw_fd();
            let flags = libc::fcntl(fd, libc::F_GETFL);
            if flags != -1 {
                libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK);
            }
        }
    }
    Ok(file)
}

/// Opens `path` for reading: see `open_with`.
pub fn open(path: &Path, kind: &'static Kind) -> Result<File, ReadError> {
    open_with(path, kind, OpenOptions::new().read(true))
}

/// Reads an opened file to its end, refusing it past `kind.limit` bytes.
pub fn read_to_end(file: &mut File, kind: &'static Kind) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::with_capacity(expected_len(file, kind));
    file.take(kind.limit + 1)
        .read_to_end(&mut bytes)
        .map_err(io(kind))?;
    if bytes.len() as u64 > kind.limit {
        return Err(ReadError::TooLarge { kind });
    }
    Ok(bytes)
}

/// Reads the regular file at `path`, of at most `kind.limit` bytes.
pub fn read(path: &Path, kind: &'static Kind) -> Result<Vec<u8>, ReadError> {
    read_to_end(&mut open(path, kind)?, kind)
}

/// The size the file system gives, plus one byte so that reading up to the
/// end needs no second allocation; at most the limit plus one.
fn expected_len(file: &File, kind: &Kind) -> usize {
    let len = file.metadata().map_or(0, |m| m.len());
    usize::try_from(len.min(kind.limit).saturating_add(1)).unwrap_or(0)
}

/// Limits on the lines of a text file.
#[derive(Debug, Clone, Copy)]
pub struct LineLimits {
    /// The longest line, without its LF.
    pub max_line_bytes: usize,
    pub max_lines: usize,
}

/// Why the reading of lines stopped before the end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineStop {
    Empty,
    TooLong(usize),
    TooMany(usize),
}

impl fmt::Display for LineStop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("empty line; a tally has none (reading stopped here)"),
            Self::TooLong(limit) => write!(
                f,
                "line longer than {}; no entry comes close (reading stopped here)",
                size_text(*limit as u64)
            ),
            Self::TooMany(limit) => write!(
                f,
                "more than {limit} lines; no session writes that many (reading stopped here)"
            ),
        }
    }
}

/// A text file split into lines as it was read.
#[derive(Debug, Default)]
pub struct Lines {
    /// What was read: every complete line with its LF, then either the
    /// bytes after the last LF (a line without its end) or, when the
    /// reading stopped, nothing (the refused line is not kept).
    pub bytes: Vec<u8>,
    /// Where each complete line ends (the offset of its LF).
    pub ends: Vec<usize>,
    /// The line (1-based) where reading stopped, and why.
    pub stop: Option<(usize, LineStop)>,
}

/// Splits lines as bytes arrive, and stops at the first line the limits
/// refuse.
struct Splitter {
    limits: LineLimits,
    /// Where the current (incomplete) line starts.
    line_start: usize,
}

impl Splitter {
    /// Takes `bytes[from..]`, just appended, pushing the ends of the lines
    /// it completes. Returns the refused line (1-based) and why, if any:
    /// the bytes from `self.line_start` on are then not to be kept.
    fn feed(
        &mut self,
        bytes: &[u8],
        from: usize,
        ends: &mut Vec<usize>,
    ) -> Option<(usize, LineStop)> {
        let limits = self.limits;
        let mut refused = None;
        for at in memchr::memchr_iter(b'\n', &bytes[from..]).map(|i| from + i) {
            let len = at - self.line_start;
            if ends.len() == limits.max_lines {
                refused = Some(LineStop::TooMany(limits.max_lines));
            } else if len == 0 {
                refused = Some(LineStop::Empty);
            } else if len > limits.max_line_bytes {
                refused = Some(LineStop::TooLong(limits.max_line_bytes));
            }
            if refused.is_some() {
                break;
            }
            ends.push(at);
            self.line_start = at + 1;
        }
        // The line still open may already be too long, or one too many.
        let open = bytes.len() - self.line_start;
        if refused.is_none() && open > 0 {
            if ends.len() == limits.max_lines {
                refused = Some(LineStop::TooMany(limits.max_lines));
            } else if open > limits.max_line_bytes {
                refused = Some(LineStop::TooLong(limits.max_line_bytes));
            }
        }
        refused.map(|why| (ends.len() + 1, why))
    }
}

/// Bytes already in memory, split by the same rules as `read_lines`.
#[derive(Debug)]
pub struct Split {
    /// How many bytes to keep: all, or up to the refused line.
    pub kept: usize,
    /// Where each complete line ends (the offset of its LF).
    pub ends: Vec<usize>,
    /// The line (1-based) where the split stopped, and why.
    pub stop: Option<(usize, LineStop)>,
}

/// Splits bytes already in memory by the same rules as `read_lines`.
pub fn split_lines(bytes: &[u8], limits: LineLimits) -> Split {
    let mut splitter = Splitter {
        limits,
        line_start: 0,
    };
    let mut ends = Vec::new();
    let stop = splitter.feed(bytes, 0, &mut ends);
    Split {
        kept: if stop.is_some() {
            splitter.line_start
        } else {
            bytes.len()
        },
        ends,
        stop,
    }
}

/// The complete lines of `bytes` (without their LF), given where they end.
pub fn complete_lines<'a>(bytes: &'a [u8], ends: &[usize]) -> Vec<&'a [u8]> {
    let starts = std::iter::once(0).chain(ends.iter().map(|&end| end + 1));
    starts
        .zip(ends)
        .map(|(start, &end)| &bytes[start..end])
        .collect()
}

/// How much is read at a time: reading stops at most this far past a
/// refused line.
const CHUNK: u64 = 1 << 20;

/// Reads the regular file at `path` (at most `kind.limit` bytes), splitting
/// its lines as they arrive and stopping at the first line `limits` refuse:
/// an empty line, a line too long, or one line too many.
pub fn read_lines(
    path: &Path,
    kind: &'static Kind,
    limits: LineLimits,
) -> Result<Lines, ReadError> {
    let mut file = open(path, kind)?;
    let mut lines = Lines {
        bytes: Vec::with_capacity(expected_len(&file, kind)),
        ..Lines::default()
    };
    let mut splitter = Splitter {
        limits,
        line_start: 0,
    };
    loop {
        let from = lines.bytes.len();
        // One byte past the limit at most, so a growing file is caught.
        let room = (kind.limit + 1).saturating_sub(from as u64);
        let read = (&mut file)
            .take(room.min(CHUNK))
            .read_to_end(&mut lines.bytes)
            .map_err(io(kind))?;
        if lines.bytes.len() as u64 > kind.limit {
            return Err(ReadError::TooLarge { kind });
        }
        if read == 0 {
            return Ok(lines);
        }
        if let Some(stop) = splitter.feed(&lines.bytes, from, &mut lines.ends) {
            lines.stop = Some(stop);
            lines.bytes.truncate(splitter.line_start);
            return Ok(lines);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: LineLimits = LineLimits {
        max_line_bytes: 4,
        max_lines: 3,
    };

    fn split(text: &str) -> (Vec<String>, String, Option<(usize, LineStop)>) {
        let split = split_lines(text.as_bytes(), LIMITS);
        let kept = &text[..split.kept];
        let complete = complete_lines(kept.as_bytes(), &split.ends)
            .into_iter()
            .map(|l| String::from_utf8(l.to_vec()).unwrap())
            .collect();
        let fragment_start = split.ends.last().map_or(0, |&end| end + 1);
        (complete, kept[fragment_start..].to_owned(), split.stop)
    }

    #[test]
    fn lines_are_split_and_a_fragment_kept() {
        assert_eq!(split(""), (vec![], String::new(), None));
        assert_eq!(split("ab"), (vec![], "ab".into(), None));
        assert_eq!(
            split("ab\ncd\n"),
            (vec!["ab".into(), "cd".into()], "".into(), None)
        );
        assert_eq!(split("ab\ncd"), (vec!["ab".into()], "cd".into(), None));
    }

    #[test]
    fn the_first_refused_line_stops_the_split() {
        assert_eq!(split("\n"), (vec![], "".into(), Some((1, LineStop::Empty))));
        assert_eq!(
            split("ab\n\n\n\n"),
            (vec!["ab".into()], "".into(), Some((2, LineStop::Empty)))
        );
        assert_eq!(
            split("ab\nabcde\ncd\n"),
            (
                vec!["ab".into()],
                "".into(),
                Some((2, LineStop::TooLong(4)))
            )
        );
        // A line without its end is refused as soon as it is too long.
        assert_eq!(
            split("ab\nabcde"),
            (
                vec!["ab".into()],
                "".into(),
                Some((2, LineStop::TooLong(4)))
            )
        );
        assert_eq!(split("abcd\n").2, None);
        assert_eq!(
            split("a\nb\nc\nd\n"),
            (
                vec!["a".into(), "b".into(), "c".into()],
                "".into(),
                Some((4, LineStop::TooMany(3)))
            )
        );
        assert_eq!(split("a\nb\nc\nd").2, Some((4, LineStop::TooMany(3))));
        assert_eq!(split("a\nb\nc\n").2, None);
    }

    #[test]
    fn sizes_are_said_in_the_largest_whole_unit() {
        assert_eq!(size_text(256 * 1024 * 1024), "256 MiB");
        assert_eq!(size_text(64 * 1024), "64 KiB");
        assert_eq!(size_text(1000), "1000 bytes");
    }
}
