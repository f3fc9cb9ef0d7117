//! `jury results TALLY --bundle B [--format …] [--out FILE]`: verifies, then
//! prints the minutes. Refuses an invalid or unsealed tally, saying why.

use std::path::Path;
use std::process::ExitCode;

use clap::ValueEnum;

use crate::atomic_file::write_atomic;
use crate::i18n::Language;
use crate::minutes::Minutes;
use crate::verify::{Expectations, Verdict, Verified, verify_with_bundle_file};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Markdown,
    Csv,
    Json,
}

pub fn run(
    tally: &Path,
    bundle_path: Option<&Path>,
    format: Format,
    out: Option<&Path>,
) -> ExitCode {
    let fail = |code: u8, message: String| super::fail("results", code, &message);
    let Some(bundle_path) = bundle_path else {
        return fail(
            2,
            "give the session's bundle with --bundle: the results are computed from it".into(),
        );
    };
    let Verified {
        report,
        state,
        bundle: file,
    } = match verify_with_bundle_file(tally, bundle_path, &Expectations::default()) {
        Ok(v) => v,
        Err(e) => return fail(2, e.0),
    };
    let Some(state) = state.filter(|_| report.verdict == Verdict::Valid) else {
        eprint!("{}", report.to_text());
        return fail(
            1,
            "the tally does not verify (see above); no minutes are printed".into(),
        );
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
            ExitCode::SUCCESS
        }
        Some(path) => match write_atomic(path, text.as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(
                2,
                format!("{}: {}", path.display(), crate::bundle::describe_io(&e)),
            ),
        },
    }
}
