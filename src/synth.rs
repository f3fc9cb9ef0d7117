//! Synthetic bundles at any scale, from a seed: the benchmarks' input, so
//! nobody has to commit large files. Text lengths vary, with accents, emoji
//! and CJK, like real applications.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::bundle::DEMO_SOURCE;

const WORDS: &[&str] = &[
    "accès",
    "droits",
    "quartier",
    "école",
    "santé",
    "données",
    "ouvertes",
    "bénévoles",
    "mairie",
    "réparation",
    "mobilité",
    "énergie",
    "alimentation",
    "numérique",
    "inclusion",
    "logement",
    "emploi",
    "culture",
    "sport",
    "jeunesse",
    "aînés",
    "handicap",
    "climat",
    "eau",
    "forêt",
    "vélo",
    "bibliothèque",
    "entraide",
    "carte",
    "outil",
    "service",
    "public",
    "citoyens",
    "associations",
    "territoires",
    "rural",
    "urbain",
    "démarches",
    "simplifier",
];
const FLOURISHES: &[&str] = &["🌱", "🚲", "📚", "🤝", "市民", "Ωmega", "Łódź", "Zürich"];

fn sentence(rng: &mut StdRng, min: usize, max: usize) -> String {
    let n = rng.random_range(min..=max);
    let mut words: Vec<String> = (0..n)
        .map(|_| WORDS[rng.random_range(0..WORDS.len())].to_owned())
        .collect();
    if rng.random_bool(0.2) {
        words.push(FLOURISHES[rng.random_range(0..FLOURISHES.len())].to_owned());
    }
    let mut text = words.join(" ");
    if let Some(first) = text.get(..1) {
        text = first.to_uppercase() + &text[1..];
    }
    text + "."
}

/// The criteria and grades block of the demo bundle (the real five criteria
/// and seven grades), reused verbatim.
fn criteria_and_grades() -> &'static str {
    let start = DEMO_SOURCE
        .find("    criteria: [")
        .expect("demo has criteria");
    let end = DEMO_SOURCE.find("    jurors: [").expect("demo has jurors");
    &DEMO_SOURCE[start..end]
}

/// A valid bundle with `jurors` seats and `projects` projects.
pub fn synth_bundle(jurors: usize, projects: usize, seed: u64) -> String {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut out = String::new();
    out.push_str(&format!(
        "// Synthetic bundle: {jurors} jurors, {projects} projects, seed {seed} (jury synth-bundle).\n(\n"
    ));
    out.push_str(&format!(
        "    title: \"Convention citoyenne synthétique ({jurors} × {projects})\",\n    date: \"2026-11-22\",\n    place: \"Salle des fêtes\",\n    max_laureates: 10,\n"
    ));
    out.push_str(criteria_and_grades());
    out.push_str("    jurors: [\n");
    for j in 1..=jurors {
        out.push_str(&format!("        (seat: \"J{j:03}\"),\n"));
    }
    out.push_str("    ],\n    projects: [\n");
    for p in 1..=projects {
        let name = sentence(&mut rng, 1, 5);
        let partners: Vec<String> = (0..rng.random_range(0..4))
            .map(|_| format!("{:?}", sentence(&mut rng, 1, 3)))
            .collect();
        out.push_str(&format!(
            "        (\n            id: \"p{p:04}\",\n            name: {:?},\n            aim: {:?},\n            proposal: {:?},\n            complements: {:?},\n            partners: [{}],\n            website: \"https://example.org/p{p:04}\",\n            category: {:?},\n        ),\n",
            name.trim_end_matches('.'),
            sentence(&mut rng, 6, 16),
            (0..rng.random_range(1..6)).map(|_| sentence(&mut rng, 8, 30)).collect::<Vec<_>>().join(" "),
            sentence(&mut rng, 5, 20),
            partners.join(", "),
            sentence(&mut rng, 1, 2).trim_end_matches('.'),
        ));
    }
    out.push_str("    ],\n)\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_bundles_are_valid_and_reproducible() {
        let text = synth_bundle(150, 187, 1);
        let file = crate::bundle::parse("synth", text.as_bytes()).unwrap();
        assert_eq!(file.bundle.jurors.len(), 150);
        assert_eq!(file.bundle.projects.len(), 187);
        assert_eq!(file.bundle.criteria.len(), 5);
        assert_eq!(text, synth_bundle(150, 187, 1));
        assert_ne!(text, synth_bundle(150, 187, 2));
    }
}
