//! `jury check BUNDLE`: validate and summarise, exit 0 / 1 / 2.

use std::path::Path;
use std::process::ExitCode;

use crate::bundle::{self, Method};
use crate::terminal_text::escape;

pub fn run(path: &Path) -> ExitCode {
    match bundle::load(path) {
        Ok(file) => {
            let b = &file.bundle;
            let method = match b.method {
                Method::MajorityJudgment => "majority judgment",
                Method::WeightedMean => "weighted mean",
            };
            // A loaded bundle holds no control, bidi or invisible character
            // (refused at load); escaping anyway costs nothing here.
            println!("{}: valid bundle", escape(&file.origin));
            println!("  title      {}", escape(&b.title));
            println!("  date       {}", escape(&b.date));
            println!("  place      {}", escape(&b.place));
            println!("  language   {}", escape(&b.language));
            println!("  jurors     {}", b.jurors.len());
            println!("  projects   {}", b.projects.len());
            println!("  criteria   {}", b.criteria.len());
            println!("  grades     {}", b.grades.len());
            println!("  method     {method}");
            println!("  laureates  at most {}", b.max_laureates);
            let stated = if b.quorum.is_some() {
                "stated"
            } else {
                "default: more than half of the seats"
            };
            println!("  quorum     {} ({stated})", b.quorum());
            let ballots = match b.ballots {
                crate::bundle::Ballots::Secret => {
                    "secret (tally format 2: grades published without seats)"
                }
                crate::bundle::Ballots::Open => {
                    "open (tally format 1: each seat's grades published)"
                }
            };
            println!("  ballots    {ballots}");
            if let Some(signer) = &b.signer {
                println!("  signer     {}", escape(signer.trim()));
            }
            println!("sha256:{}", file.sha256);
            ExitCode::SUCCESS
        }
        Err(error) => super::fail_with("check", error.exit_code(), &error.to_string()),
    }
}
