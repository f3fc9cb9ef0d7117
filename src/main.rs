use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // color-eyre only for bugs (panics); user mistakes get one plain line.
    let _ = color_eyre::install();
    let cli = jury::cli::Cli::parse();
    jury::cli::run(cli)
}
