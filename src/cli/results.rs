//! `jury results TALLY --bundle B [--format …] [--out FILE]`: verifies, then
//! prints the minutes. Refuses an invalid or unsealed tally, saying why.

use std::path::Path;

use clap::ValueEnum;

use super::Exit;
use crate::atomic_file::write_atomic;
use crate::i18n::Language;
use crate::minutes::Minutes;
use crate::verify::{Expectations, Report, Verdict, Verified, verify_with_bundle_file};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Markdown,
    Csv,
    Json,
}

/// Why `jury results` printed no minutes.
enum ResultsError {
    /// An input could not be read.
    Unreadable(String),
    /// The tally does not verify: the verifier's report says why.
    NotVerified(Box<Report>),
    /// The minutes could not be written to `--out`.
    Write(String),
}

impl ResultsError {
    fn exit(&self) -> Exit {
        match self {
            Self::Unreadable(_) | Self::Write(_) => Exit::Unreadable,
            Self::NotVerified(report) => Exit::from(report.verdict),
        }
    }
}

pub fn run(tally: &Path, bundle: &Path, format: Format, out: Option<&Path>) -> Exit {
    match minutes(tally, bundle, format, out) {
        Ok(()) => Exit::Success,
        Err(e) => {
            let exit = e.exit();
            match e {
                ResultsError::Unreadable(message) | ResultsError::Write(message) => {
                    super::fail("results", &message)
                }
                ResultsError::NotVerified(report) => {
                    eprint!("{}", report.to_text());
                    super::fail(
                        "results",
                        "the tally does not verify (see above); no minutes are printed",
                    );
                }
            }
            exit
        }
    }
}

fn minutes(
    tally: &Path,
    bundle: &Path,
    format: Format,
    out: Option<&Path>,
) -> Result<(), ResultsError> {
    let Verified {
        report,
        state,
        bundle: file,
    } = verify_with_bundle_file(tally, bundle, &Expectations::default())
        .map_err(|e| ResultsError::Unreadable(e.0))?;
    let state = match state {
        Some(state) if report.verdict == Verdict::Valid => state,
        _ => return Err(ResultsError::NotVerified(Box::new(report))),
    };
    let minutes = Minutes::new(&file, &state, &report);
    let language = Language::from_code(&file.bundle.language);
    let text = match format {
        Format::Text => minutes.to_document(language, false),
        Format::Markdown => minutes.to_document(language, true),
        Format::Csv => minutes.to_csv(),
        Format::Json => minutes.to_json(),
    };
    match out {
        None => {
            print!("{text}");
            Ok(())
        }
        Some(path) => write_atomic(path, text.as_bytes()).map_err(|e| {
            ResultsError::Write(format!(
                "{}: {}",
                path.display(),
                crate::io_error::describe_io(&e)
            ))
        }),
    }
}
