//! The command line: one binary, one sub-command per job.

mod check;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "jury",
    version,
    about = "A kiosk for citizen juries: guided grading, a deliberation, and a signed tally staff can verify.",
    long_about = "Without a command, opens the embedded demo session."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a session bundle and print its summary and SHA-256.
    ///
    /// Exit status: 0 valid, 1 invalid, 2 unreadable.
    Check {
        /// The bundle file (.ron).
        bundle: PathBuf,
    },
}

pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        None => crate::tui::run_demo(),
        Some(Command::Check { bundle }) => check::run(&bundle),
    }
}
