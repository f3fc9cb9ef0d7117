//! `jury check BUNDLE`: validate and summarise, exit 0 / 1 / 2.

use std::path::Path;
use std::process::ExitCode;

use crate::bundle::{self, Method};

pub fn run(path: &Path) -> ExitCode {
    match bundle::load(path) {
        Ok(file) => {
            let b = &file.bundle;
            let method = match b.method {
                Method::MajorityJudgment => "majority judgment",
                Method::WeightedMean => "weighted mean",
            };
            println!("{}: valid bundle", file.origin);
            println!("  title      {}", b.title);
            println!("  date       {}", b.date);
            println!("  place      {}", b.place);
            println!("  language   {}", b.language);
            println!("  jurors     {}", b.jurors.len());
            println!("  projects   {}", b.projects.len());
            println!("  criteria   {}", b.criteria.len());
            println!("  grades     {}", b.grades.len());
            println!("  method     {method}");
            println!("  laureates  at most {}", b.max_laureates);
            if let Some(signer) = &b.signer {
                println!("  signer     {}", signer.trim());
            }
            println!("sha256:{}", file.sha256);
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("jury check: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}
