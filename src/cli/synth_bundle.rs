//! `jury synth-bundle`: a synthetic bundle of any size, from a seed.

use std::path::Path;
use std::process::ExitCode;

use crate::bundle::{MAX_JURORS, MAX_PROJECTS};
use crate::synth::synth_bundle;

pub fn run(jurors: usize, projects: usize, seed: u64, out: &Path, force: bool) -> ExitCode {
    if !(1..=MAX_JURORS).contains(&jurors) || !(1..=MAX_PROJECTS).contains(&projects) {
        eprintln!(
            "jury synth-bundle: give 1 to {MAX_JURORS} jurors and 1 to {MAX_PROJECTS} projects"
        );
        return ExitCode::from(2);
    }
    if let Some(message) = super::out_option::refusal(out, &[], force) {
        return super::fail_with("synth-bundle", 2, &message);
    }
    match super::out_option::write(out, synth_bundle(jurors, projects, seed).as_bytes(), force) {
        Ok(()) => {
            println!(
                "{}: {jurors} jurors, {projects} projects (seed {seed})",
                crate::terminal_text::path(out)
            );
            ExitCode::SUCCESS
        }
        Err(e) => super::fail_with(
            "synth-bundle",
            2,
            &format!("{}: {}", out.display(), crate::io_error::describe_io(&e)),
        ),
    }
}
