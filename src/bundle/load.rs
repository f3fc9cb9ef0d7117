//! Reading a bundle file: size limit, encoding, RON syntax, then the rules.

use std::fmt;
use std::path::Path;

use ron::extensions::Extensions;

use super::model::Bundle;
use super::validate::validate;
use crate::digest::Digest;

/// A bundle is hand-written text; anything bigger is a mistake, not a jury.
pub const MAX_BUNDLE_BYTES: u64 = 16 * 1024 * 1024;

/// A validated bundle together with the digest of the exact bytes it came from.
#[derive(Debug, Clone)]
pub struct BundleFile {
    pub bundle: Bundle,
    /// SHA-256 of the file as stored: what the tally's genesis binds.
    pub sha256: Digest,
    /// Where it came from, for messages.
    pub origin: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where in the bundle: `projects[3].id` (indices from 0).
    pub path: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BundleError {
    /// The file could not be read at all: missing, a folder, no permission.
    Unreadable { file: String, reason: String },
    /// Not a bundle: too big, not UTF-8, not RON, or fields of the wrong shape.
    Syntax {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// Well-formed, but breaks the rules.
    Invalid {
        file: String,
        problems: Vec<Problem>,
    },
}

impl BundleError {
    /// `jury check`'s exit code: 2 unreadable, 1 invalid.
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Unreadable { .. } => 2,
            Self::Syntax { .. } | Self::Invalid { .. } => 1,
        }
    }
}

impl fmt::Display for BundleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unreadable { file, reason } => write!(f, "{file}: cannot read: {reason}"),
            Self::Syntax {
                file,
                line,
                column,
                message,
            } => write!(f, "{file}:{line}:{column}: {message}"),
            Self::Invalid { file, problems } => {
                let n = problems.len();
                write!(f, "{file}: {n} problem{}", if n == 1 { "" } else { "s" })?;
                for problem in problems {
                    write!(f, "\n  {problem}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for BundleError {}

/// Reads and validates the bundle at `path`.
pub fn load(path: &Path) -> Result<BundleFile, BundleError> {
    let file_name = path.display().to_string();
    let unreadable = |reason: String| BundleError::Unreadable {
        file: file_name.clone(),
        reason,
    };
    // Only a regular file, opened without blocking, read one byte past the
    // limit at most (src/bounded_read.rs); too large is a syntax error at
    // 1:1, as from `parse`.
    let bytes = match crate::bounded_read::read(path, &crate::bounded_read::BUNDLE) {
        Ok(bytes) => bytes,
        Err(e @ crate::bounded_read::ReadError::TooLarge { .. }) => {
            return Err(BundleError::Syntax {
                file: file_name,
                line: 1,
                column: 1,
                message: e.to_string(),
            });
        }
        Err(e) => return Err(unreadable(e.to_string())),
    };
    parse(&file_name, &bytes)
}

/// Validates bundle bytes; `origin` names them in messages.
pub fn parse(origin: &str, bytes: &[u8]) -> Result<BundleFile, BundleError> {
    let syntax = |line, column, message: String| BundleError::Syntax {
        file: origin.to_owned(),
        line,
        column,
        message,
    };
    if bytes.len() as u64 > MAX_BUNDLE_BYTES {
        return Err(syntax(
            1,
            1,
            format!(
                "file is larger than the limit of {} MiB; a bundle holds text only, split or trim it",
                MAX_BUNDLE_BYTES / (1024 * 1024)
            ),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        // Count from after the BOM, as for RON's own positions: editors hide it.
        let prefix = &bytes[..e.valid_up_to()];
        let prefix = prefix.strip_prefix(b"\xef\xbb\xbf").unwrap_or(prefix);
        let (line, column) = line_column(prefix);
        syntax(
            line,
            column,
            "not valid UTF-8 text; save the file with UTF-8 encoding".into(),
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Windows editors save CRLF; RON would keep the CR inside multi-line strings.
    let text = if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    let options = ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME);
    let bundle: Bundle = options
        .from_str(&text)
        .map_err(|e| syntax(e.span.start.line, e.span.start.col, e.code.to_string()))?;
    let problems = validate(&bundle);
    if !problems.is_empty() {
        return Err(BundleError::Invalid {
            file: origin.to_owned(),
            problems,
        });
    }
    Ok(BundleFile {
        bundle,
        sha256: Digest::of(bytes),
        origin: origin.to_owned(),
    })
}

/// 1-based line and column (in characters) just after `prefix`.
fn line_column(prefix: &[u8]) -> (usize, usize) {
    let text = String::from_utf8_lossy(prefix);
    let line = text.matches('\n').count() + 1;
    let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// An I/O error as a person would say it, without the `os error` noise.
pub fn describe_io(error: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match error.kind() {
        NotFound => "no such file; check the path".into(),
        PermissionDenied => "permission denied".into(),
        IsADirectory => "this is a folder; give the path of a bundle file (.ron)".into(),
        _ => {
            let text = error.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_owned(),
                None => text,
            }
        }
    }
}
