//! The sample sessions and the example in docs/BUNDLE-FORMAT.md are valid,
//! and the 2022 session says what the sources say.

use crate::common::bundle_text::*;
use jury::bundle::{self, BundleFile, Method};

fn load_sample(name: &str) -> BundleFile {
    let path = repo_file(&format!("sessions/{name}"));
    bundle::load(&path).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_demo_is_valid_and_is_the_embedded_one() {
    let file = load_sample("demo.ron");
    assert_eq!(file.sha256, bundle::demo().sha256);
    let b = &file.bundle;
    assert_eq!(
        (b.jurors.len(), b.projects.len(), b.criteria.len()),
        (3, 4, 5)
    );
}

#[test]
fn aic_2022_has_the_jury_of_the_sources() {
    let b = load_sample("aic-2022.ron").bundle;
    assert_eq!(b.language, "fr");
    assert_eq!(b.max_laureates, 10);
    assert_eq!(b.method, Method::MajorityJudgment);
    assert!(b.date.starts_with("2022-01"), "{}", b.date);

    let seats: Vec<&str> = b.jurors.iter().map(|j| j.seat.as_str()).collect();
    let expected: Vec<String> = (1..=15).map(|n| format!("J{n:02}")).collect();
    assert_eq!(seats, expected);
    assert!(b.jurors.iter().all(|j| j.name.is_none()));

    let labels: Vec<&str> = b.criteria.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "L'objectif d'intérêt général",
            "L'impact pour tous les Français",
            "La qualité du projet",
            "L'ouverture et la transparence",
            "L'intérêt de l'accompagnement par l'administration",
        ]
    );
    let grades: Vec<&str> = b.grades.iter().map(|g| g.label.as_str()).collect();
    assert_eq!(
        grades,
        [
            "Excellent",
            "Très bien",
            "Bien",
            "Assez bien",
            "Passable",
            "Insuffisant",
            "À rejeter"
        ]
    );
    // Every criterion and grade can be shown in English.
    for c in &b.criteria {
        assert_ne!(c.text("en").0, c.label);
    }
    assert!(b.grades.iter().all(|g| g.translations.contains_key("en")));
}

#[test]
fn aic_2022_lists_the_nine_laureates_and_marks_the_fictional_projects() {
    const FICTIONAL: &str = "(Projet fictif, pour l'exemple.)";
    let b = load_sample("aic-2022.ron").bundle;
    assert!(b.projects.len() >= 16, "{}", b.projects.len());
    let (fictional, real): (Vec<_>, Vec<_>) = b
        .projects
        .iter()
        .partition(|p| p.proposal.starts_with(FICTIONAL));
    let names: Vec<&str> = real.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Infoclimat",
            "Ma Dada",
            "Open Data University",
            "Parlons démocratie",
            "Permis de construire",
            "Service national universel augmenté",
            "Sport inclusif",
            "Vikidia",
            "Vivons en forme",
        ]
    );
    assert!(fictional.len() >= 7);
    for p in &real {
        assert!(!p.complements.is_empty() && !p.partners.is_empty() && !p.category.is_empty());
        assert!(
            p.website
                .as_deref()
                .is_some_and(|w| w.starts_with("https://")),
            "{}",
            p.id
        );
    }
    // Nothing mentions "fictif" except as the marker, at the very start.
    for p in &b.projects {
        let rest = p.proposal.strip_prefix(FICTIONAL).unwrap_or(&p.proposal);
        assert!(!rest.contains("fictif"), "{}", p.id);
    }
}

/// The first ```ron block of the format reference.
fn doc_example() -> String {
    let doc = std::fs::read_to_string(repo_file("docs/BUNDLE-FORMAT.md")).unwrap();
    let start = doc.find("\n```ron\n").expect("a ```ron block in the doc") + "\n```ron\n".len();
    let end = start
        + doc[start..]
            .find("\n```")
            .expect("the end of the ```ron block");
    doc[start..=end].to_owned()
}

#[test]
fn the_example_in_the_format_reference_is_valid() {
    let b = valid(&doc_example()).bundle;
    // It shows every optional field, so it documents them all.
    assert_eq!(b.max_laureates, 1);
    assert_eq!(b.criteria[0].weight, 2);
    assert!(b.criteria[0].translations.contains_key("en"));
    assert_eq!(b.criteria[0].short.as_deref(), Some("Utilité"));
    assert_eq!(b.criteria[0].short_text("en"), "Usefulness");
    assert_eq!(b.criteria[1].short_text("en"), "La faisabilité");
    assert!(b.jurors[0].name.is_some());
    let p = &b.projects[0];
    assert!(p.website.is_some() && !p.partners.is_empty() && !p.complements.is_empty());
    // A project translation with every field, and one without the optional ones.
    let en = p.text("en");
    assert_eq!(en.name, "Book boxes 📚");
    assert!(!en.complements.is_empty() && !en.category.is_empty());
    let en = b.projects[1].text("en");
    assert_eq!(en.name, "Shared compost bin");
    assert_eq!((en.complements, en.category), ("", ""));
}

/// Issue 13, item 12: an English juror reads every sample project in English,
/// each part of it (the samples give every part), made-up projects marked
/// as such in English too.
#[test]
fn every_sample_project_reads_in_english() {
    for sample in ["aic-2022.ron", "demo.ron"] {
        let b = load_sample(sample).bundle;
        for p in &b.projects {
            let t = p
                .translations
                .get("en")
                .unwrap_or_else(|| panic!("{}", p.id));
            assert_eq!(
                (t.complements.is_some(), t.category.is_some()),
                (!p.complements.is_empty(), !p.category.is_empty()),
                "{}: the same parts as in French",
                p.id
            );
            let en = p.text("en");
            assert_ne!(en.aim, p.aim, "{}", p.id);
            assert_ne!(en.proposal, p.proposal, "{}", p.id);
            assert_eq!(
                en.proposal.starts_with("(Made-up project, as an example.)"),
                p.proposal.starts_with("(Projet fictif, pour l'exemple.)"),
                "{}",
                p.id
            );
        }
    }
}
