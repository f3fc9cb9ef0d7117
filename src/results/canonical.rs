//! The results' canonical text: what the seal's digest covers, so that a
//! verifier recomputing the results from the ballots can compare bytes.
//! Its grammar is in docs/RESULTS.md ("Canonical text").

use super::Results;
use crate::bundle::{Bundle, Method};
use crate::digest::Digest;

impl Results {
    /// `jury-results@v1`, the method, the cut-off, then one line per ranked
    /// project: rank, id, weighted grade counts worst first (comma
    /// separated), majority grade index (0 = best) or `-`. LF after each line.
    pub fn canonical_text(&self, bundle: &Bundle) -> String {
        let method = match self.method {
            Method::MajorityJudgment => "majority_judgment",
            Method::WeightedMean => "weighted_mean",
        };
        let mut out = format!(
            "jury-results@v1\nmethod {method}\ncutoff {}\n",
            self.max_laureates
        );
        for r in &self.ranking {
            let counts: Vec<String> = r.grade_counts.iter().map(u64::to_string).collect();
            let majority = r
                .majority_grade
                .map_or_else(|| "-".to_owned(), |g| g.to_string());
            out.push_str(&format!(
                "{} {} {} {majority}\n",
                r.rank,
                bundle.projects[r.project].id,
                counts.join(",")
            ));
        }
        out
    }

    /// SHA-256 of the canonical text: the seal's `results` field.
    pub fn digest(&self, bundle: &Bundle) -> Digest {
        Digest::of(self.canonical_text(bundle).as_bytes())
    }
}
