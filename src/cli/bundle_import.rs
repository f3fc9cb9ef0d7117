//! `jury bundle import SHEET --template T --out B`: the report on standard
//! output, always; a problem on standard error; exit 0 written, 1 refused
//! (nothing written), 2 unreadable.

use std::process::ExitCode;

use crate::bundle::import::{Options, import};

pub fn run(options: &Options) -> ExitCode {
    let imported = import(options);
    print!("{}", imported.report.render());
    if let Some(error) = &imported.error {
        super::fail("bundle import", error);
    }
    ExitCode::from(imported.code)
}
