use std::process::ExitCode;

fn main() -> ExitCode {
    restore_sigpipe();
    // color-eyre only for bugs (panics); user mistakes get one plain line.
    let _ = color_eyre::install();
    match jury::cli::parse() {
        Ok(cli) => jury::cli::run(cli),
        Err(code) => code,
    }
}

/// `jury verify T | head` should end quietly, as `sha256sum T | head` does,
/// not panic on a closed pipe: Rust ignores SIGPIPE, so put the default back.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first in main, before any thread exists; SIG_DFL is a
    // valid disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
