//! `jury synth-bundle`: a synthetic bundle of any size, from a seed.

use std::path::Path;
use std::process::ExitCode;

use crate::atomic_file::write_atomic;
use crate::bundle::{MAX_JURORS, MAX_PROJECTS};
use crate::synth::synth_bundle;

pub fn run(jurors: usize, projects: usize, seed: u64, out: &Path) -> ExitCode {
    if !(1..=MAX_JURORS).contains(&jurors) || !(1..=MAX_PROJECTS).contains(&projects) {
        eprintln!(
            "jury synth-bundle: give 1 to {MAX_JURORS} jurors and 1 to {MAX_PROJECTS} projects"
        );
        return ExitCode::from(2);
    }
    match write_atomic(out, synth_bundle(jurors, projects, seed).as_bytes()) {
        Ok(()) => {
            println!(
                "{}: {jurors} jurors, {projects} projects (seed {seed})",
                out.display()
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
