//! Reading a bundle file: size limit, encoding, RON syntax, then the rules.

use std::fmt;
use std::path::Path;

use ron::extensions::Extensions;

use super::model::Bundle;
use super::text;
use super::validate::validate;
use crate::digest::Digest;
use crate::terminal_text;

/// A bundle is hand-written text; anything bigger is a mistake, not a jury.
pub const MAX_BUNDLE_BYTES: u64 = 16 * 1024 * 1024;

/// A session bundle, as `crate::bounded_read` reads it (docs/BUNDLE-FORMAT.md).
pub const BUNDLE_KIND: crate::bounded_read::Kind = crate::bounded_read::Kind {
    name: "bundle file",
    expected: "a bundle file (.ron)",
    limit: MAX_BUNDLE_BYTES,
    too_large: "a bundle holds text only, split or trim it",
};

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
    let bytes = match crate::bounded_read::read(path, &BUNDLE_KIND) {
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
    let at = |offset: usize| line_column(&text.as_bytes()[..offset]);
    // A CR left after that is a lone CR: RON would see one long line.
    if let Some(offset) = text.find('\r') {
        let (line, column) = at(offset);
        return Err(syntax(
            line,
            column,
            "line endings are lone CR (old Mac format); save the file with LF or CRLF line endings"
                .into(),
        ));
    }
    // Controls, bidi controls and invisible characters written as they are,
    // anywhere (comments too: a bidi override there can disguise the text
    // around it). Written as escapes in a string, they are refused as the
    // string is read (`text::one_line`, `text::paragraph`).
    if let Some((offset, c, hazard)) = terminal_text::first_hazard(&text, true) {
        let (line, column) = at(offset);
        return Err(syntax(line, column, text::refusal(c, hazard)));
    }
    let options = ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME);
    text::take_refused_index();
    let bundle: Bundle = options.from_str(&text).map_err(|e| {
        let (mut line, mut column) = (e.span.start.line, e.span.start.col);
        // A string refused for a character in it: point at that character.
        if let Some(index) = text::take_refused_index()
            && let Some(offset) = byte_offset(&text, line, column)
                .and_then(|inside| text::locate(&text, inside, index))
        {
            (line, column) = at(offset);
        }
        syntax(line, column, e.code.to_string())
    })?;
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

/// The byte offset of 1-based `line` and `column` (in characters) in `text`.
fn byte_offset(text: &str, line: usize, column: usize) -> Option<usize> {
    let start = if line == 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let rest = &text[start..];
    let within = rest
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(rest.len()))
        .nth(column - 1)?;
    Some(start + within)
}
