//! The semantic rules of a bundle: each broken rule names its path
//! (0-based indices) and says what is wrong. Also the defaults, and the text
//! that must be accepted (accents, emoji, CJK).

use crate::common::bundle_text::*;
use jury::bundle::{
    MAX_CRITERIA, MAX_GRADES, MAX_JURORS, MAX_PROJECTS, MIN_GRADES, Method, is_valid_id,
};

#[test]
fn the_base_bundle_is_valid_and_gets_the_defaults() {
    let b = valid(BASE).bundle;
    assert_eq!(b.language, "fr");
    assert_eq!(b.max_laureates, 10);
    assert_eq!(b.method, Method::MajorityJudgment);
    assert!(
        b.criteria
            .iter()
            .all(|c| c.weight == 1 && c.translations.is_empty())
    );
    let p = &b.projects[0];
    assert_eq!((p.complements.as_str(), p.category.as_str()), ("", ""));
    assert!(p.partners.is_empty() && p.website.is_none());
    assert!(b.signer.is_none());
}

#[test]
fn omitted_jurors_make_fifteen_seats_j01_to_j15() {
    let b = valid(&edit(&format!("jurors: [{BASE_JURORS}],"), "")).bundle;
    let seats: Vec<&str> = b.jurors.iter().map(|j| j.seat.as_str()).collect();
    let expected: Vec<String> = (1..=15).map(|n| format!("J{n:02}")).collect();
    assert_eq!(seats, expected);
    assert!(b.jurors.iter().all(|j| j.name.is_none()));
    assert_eq!(b.jurors[0].display_name(), "J01");
}

#[test]
fn optional_fields_may_be_written_with_or_without_some() {
    for website in [r#""https://example.org""#, r#"Some("https://example.org")"#] {
        let text = edit(
            r#"proposal: "P0""#,
            &format!(r#"proposal: "P0", website: {website}"#),
        );
        let b = valid(&text).bundle;
        assert_eq!(
            b.projects[0].website.as_deref(),
            Some("https://example.org")
        );
    }
    let b = valid(&edit(r#"(seat: "J01")"#, r#"(seat: "J01", name: "Zoé")"#)).bundle;
    assert_eq!(b.jurors[0].display_name(), "Zoé");
    assert!(valid(&with_field("signer: None")).bundle.signer.is_none());
}

#[test]
fn the_other_language_and_method_are_accepted() {
    let b = valid(&with_field(r#"language: "en", method: WeightedMean"#)).bundle;
    assert_eq!(
        (b.language.as_str(), b.method),
        ("en", Method::WeightedMean)
    );
}

#[test]
fn empty_texts_are_refused_with_their_path() {
    let cases = [
        (r#"title: "Base""#, r#"title: """#, "title"),
        (r#"date: "2022-01""#, r#"date: "  ""#, "date"),
        // (A tab is refused earlier: one-line texts may not hold one.)
        (r#"place: "Ici""#, r#"place: " \u{a0} ""#, "place"),
        (r#"label: "Second""#, r#"label: """#, "criteria[1].label"),
        (
            r#"explanation: "Un.""#,
            r#"explanation: """#,
            "criteria[0].explanation",
        ),
        (r#"label: "Mal""#, r#"label: " ""#, "grades[1].label"),
        (r#"meaning: "Bon.""#, r#"meaning: """#, "grades[0].meaning"),
        (
            r#"(seat: "J02")"#,
            r#"(seat: "J02", name: " ")"#,
            "jurors[1].name",
        ),
        (r#"name: "Un""#, r#"name: """#, "projects[1].name"),
        (r#"aim: "A0""#, r#"aim: """#, "projects[0].aim"),
        (
            r#"proposal: "P1""#,
            r#"proposal: "\n""#,
            "projects[1].proposal",
        ),
        (
            r#"proposal: "P0""#,
            r#"proposal: "P0", partners: ["Mairie", ""]"#,
            "projects[0].partners[1]",
        ),
        (
            r#"explanation: "Deux.""#,
            r#"explanation: "Deux.", translations: {"en": (label: "", explanation: "Two.")}"#,
            r#"criteria[1].translations["en"].label"#,
        ),
        (
            r#"meaning: "Mauvais.""#,
            r#"meaning: "Mauvais.", translations: {"en": (label: "Bad", meaning: "")}"#,
            r#"grades[1].translations["en"].meaning"#,
        ),
    ];
    for (from, to, path) in cases {
        assert_problem(&edit(from, to), path, &["must not be empty"]);
    }
}

#[test]
fn duplicate_ids_are_refused_and_name_the_first_use() {
    let cases = [
        (r#"id: "c2""#, r#"id: "c1""#, "criteria[1].id", r#""c1""#),
        (
            r#"(seat: "J02")"#,
            r#"(seat: "J01")"#,
            "jurors[1].seat",
            r#""J01""#,
        ),
        (r#"id: "p1""#, r#"id: "p0""#, "projects[1].id", r#""p0""#),
    ];
    for (from, to, path, id) in cases {
        assert_problem(
            &edit(from, to),
            path,
            &["duplicate id", id, "first used at index 0"],
        );
    }
    // Grade labels too, whatever their case.
    assert_problem(
        &edit(r#"label: "Mal""#, r#"label: "BIEN""#),
        "grades[1].label",
        &["duplicate grade", r#""BIEN""#, "index 0"],
    );
}

#[test]
fn a_third_copy_still_points_at_the_first() {
    let text = edit(BASE_JURORS, r#"(seat: "A"), (seat: "A"), (seat: "A")"#);
    let found = problems(&text);
    let paths: Vec<&str> = found.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["jurors[1].seat", "jurors[2].seat"]);
    assert!(
        found
            .iter()
            .all(|p| p.message.contains("first used at index 0"))
    );
}

#[test]
fn ids_use_plain_characters_only() {
    let too_long = "a".repeat(65);
    let bad = [
        "",
        "p 0",
        "é",
        "a/b",
        "a:b",
        ".",
        "..",
        "-x",
        "_x",
        too_long.as_str(),
    ];
    for id in bad {
        assert!(!is_valid_id(id), "{id:?}");
        for (from, path) in [
            (r#"id: "p0""#, "projects[0].id"),
            (r#"id: "c2""#, "criteria[1].id"),
            (r#"seat: "J01""#, "jurors[0].seat"),
        ] {
            let field = &from[..from.find(':').unwrap()];
            let text = edit(from, &format!("{field}: {id:?}"));
            assert_problem(
                &text,
                path,
                &[&format!("{id:?}"), "not a valid id", "1 to 64"],
            );
        }
    }
    let good = [
        "p0",
        "J01",
        "0",
        "vikidia",
        "open-data_university.v2",
        &"a".repeat(64),
    ];
    for id in good {
        assert!(is_valid_id(id), "{id:?}");
    }
}

#[test]
fn at_least_one_juror_project_and_criterion() {
    let cases = [
        (BASE_JURORS, "", "jurors", "jurors"),
        (BASE_PROJECTS, "", "projects", "projects"),
        (BASE_CRITERIA, "", "criteria", "criteria"),
    ];
    for (from, to, path, what) in cases {
        assert_problem(&edit(from, to), path, &["at least 1", what, "found 0"]);
    }
}

fn juror(i: usize) -> String {
    format!(r#"(seat: "S{i}")"#)
}
fn project(i: usize) -> String {
    format!(r#"(id: "p{i}", name: "N", aim: "A", proposal: "P")"#)
}
fn criterion(i: usize) -> String {
    format!(r#"(id: "k{i}", label: "L{i}", explanation: "E")"#)
}
fn grade(i: usize) -> String {
    format!(r#"(label: "G{i}", meaning: "M")"#)
}

#[test]
fn at_most_500_jurors() {
    let b = valid(&edit(BASE_JURORS, &list(MAX_JURORS, juror))).bundle;
    assert_eq!(b.jurors.len(), 500);
    assert_problem(
        &edit(BASE_JURORS, &list(MAX_JURORS + 1, juror)),
        "jurors",
        &["at most 500 jurors", "found 501"],
    );
}

#[test]
fn at_most_2000_projects() {
    let b = valid(&edit(BASE_PROJECTS, &list(MAX_PROJECTS, project))).bundle;
    assert_eq!(b.projects.len(), 2000);
    assert_problem(
        &edit(BASE_PROJECTS, &list(MAX_PROJECTS + 1, project)),
        "projects",
        &["at most 2000 projects", "found 2001"],
    );
}

#[test]
fn at_most_12_criteria() {
    let b = valid(&edit(BASE_CRITERIA, &list(MAX_CRITERIA, criterion))).bundle;
    assert_eq!(b.criteria.len(), 12);
    assert_problem(
        &edit(BASE_CRITERIA, &list(MAX_CRITERIA + 1, criterion)),
        "criteria",
        &["at most 12 criteria", "found 13"],
    );
}

#[test]
fn between_2_and_10_grades() {
    for n in [MIN_GRADES, MAX_GRADES] {
        assert_eq!(
            valid(&edit(BASE_GRADES, &list(n, grade)))
                .bundle
                .grades
                .len(),
            n
        );
    }
    assert_problem(
        &edit(BASE_GRADES, &list(MIN_GRADES - 1, grade)),
        "grades",
        &["at least 2 grades", "found 1"],
    );
    assert_problem(
        &edit(BASE_GRADES, &list(MAX_GRADES + 1, grade)),
        "grades",
        &["at most 10 grades", "found 11"],
    );
}

#[test]
fn weights_are_between_1_and_100() {
    for (weight, found) in [("0", "found 0"), ("101", "found 101")] {
        let text = edit(r#"id: "c2","#, &format!(r#"id: "c2", weight: {weight},"#));
        assert_problem(&text, "criteria[1].weight", &["between 1 and 100", found]);
    }
    let b = valid(&edit(r#"id: "c2","#, r#"id: "c2", weight: 100,"#)).bundle;
    assert_eq!(b.criteria[1].weight, 100);
}

#[test]
fn at_least_one_laureate() {
    assert_problem(
        &with_field("max_laureates: 0"),
        "max_laureates",
        &["at least 1"],
    );
}

/// Issue 11: the quorum defaults to more than half of the seats and, when
/// stated, is between 1 and the number of seats.
#[test]
fn the_quorum_defaults_to_a_majority_of_seats_and_fits_them() {
    let b = valid(BASE).bundle;
    assert_eq!((b.quorum, b.quorum()), (None, 2), "2 seats: 2");
    let fifteen = valid(&edit(&format!("jurors: [{BASE_JURORS}],"), "")).bundle;
    assert_eq!(fifteen.quorum(), 8, "the 15 default seats: 8");
    assert_eq!(valid(&with_field("quorum: 1")).bundle.quorum(), 1);
    for q in ["0", "3"] {
        assert_problem(
            &with_field(&format!("quorum: {q}")),
            "quorum",
            &["between 1 and the number of seats (2)"],
        );
    }
}

#[test]
fn unknown_languages_are_refused() {
    for code in ["de", "FR", ""] {
        let words = [format!("unknown language {code:?}"), "fr, en".to_owned()];
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        assert_problem(
            &with_field(&format!("language: {code:?}")),
            "language",
            &words,
        );
        let translation =
            format!(r#"meaning: "Bon.", translations: {{{code:?}: (label: "L", meaning: "M")}}"#);
        assert_problem(
            &edit(r#"meaning: "Bon.""#, &translation),
            "grades[0].translations",
            &words,
        );
    }
}

#[test]
fn translations_are_kept_by_language() {
    let text = edit(
        r#"explanation: "Un.""#,
        r#"explanation: "Un.", translations: {"en": (label: "First", explanation: "One.")}"#,
    );
    let b = valid(&text).bundle;
    assert_eq!(b.criteria[0].text("en"), ("First", "One."));
    assert_eq!(b.criteria[0].text("fr"), ("Premier", "Un."));
}

#[test]
fn a_pinned_signer_must_be_an_ed25519_openssh_line() {
    let b = valid(&with_field(&format!("signer: {ED25519_KEY:?}"))).bundle;
    assert_eq!(b.signer.as_deref(), Some(ED25519_KEY));

    for line in ["nope", "", "ssh-ed25519 AAAA-not-base64"] {
        assert_problem(
            &with_field(&format!("signer: {line:?}")),
            "signer",
            &["not an OpenSSH public key line", "ssh-ed25519"],
        );
    }
    assert_problem(
        &with_field(&format!("signer: {RSA_KEY:?}")),
        "signer",
        &["ssh-rsa", "Ed25519"],
    );
}

#[test]
fn a_pinned_signer_is_exactly_one_line() {
    // A second key line after a line break used to become the first key's
    // comment, and pass. Written as a RON escape or as a real line break.
    let second = ED25519_KEY.replace("staff@example", "intruder");
    for line_break in ["\\n", "\n"] {
        let text = with_field(&format!("signer: \"{ED25519_KEY}{line_break}{second}\""));
        let (line, column) = position(&text, "staff@example");
        let column = column + "staff@example".len();
        assert_syntax(&text, line, column, &["U+000A", "one-line"]);
    }
}

#[test]
fn every_problem_is_reported_at_once() {
    let text = edit(r#"title: "Base""#, r#"title: """#);
    let text = edit_text(&text, r#"id: "p1""#, r#"id: "p0""#);
    let found = problems(&text);
    let paths: Vec<&str> = found.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["title", "projects[1].id"]);
    let message = parse(&text).unwrap_err().to_string();
    assert!(message.starts_with(
        "test.ron: 2 problems\n  title: must not be empty\n  projects[1].id: duplicate id"
    ));
    assert_eq!(parse(&text).unwrap_err().exit_code(), 1);
}

#[test]
fn accents_emoji_and_cjk_are_accepted_in_texts() {
    let title = "Jury citoyen 🗳️ — été 2022 · 市民陪審";
    let name = "東京の図書館 📚 (Bibliothèque)";
    let juror = "Zoë 李";
    let text = edit(r#"title: "Base""#, &format!("title: {title:?}"));
    let text = edit_text(&text, r#"name: "Un""#, &format!("name: {name:?}"));
    let text = edit_text(
        &text,
        r#"(seat: "J01")"#,
        &format!(r#"(seat: "J01", name: {juror:?})"#),
    );
    let text = edit_text(
        &text,
        r#"label: "Premier""#,
        r#"label: "L'intérêt général ✨""#,
    );
    let b = valid(&text).bundle;
    assert_eq!(b.title, title);
    assert_eq!(b.projects[1].name, name);
    assert_eq!(b.jurors[0].display_name(), juror);
    assert_eq!(b.criteria[0].label, "L'intérêt général ✨");
}

#[test]
fn grade_labels_are_compared_after_nfc_normalisation() {
    // Composed "è" (U+00E8) and "e" + combining grave (U+0300) look the same.
    let grades = r#"(label: "Très bien", meaning: "Bon."),
        (label: "Tre\u{300}s bien", meaning: "Mauvais."),"#;
    let text = edit(BASE_GRADES, grades);
    assert_problem(&text, "grades[1].label", &["duplicate grade", "index 0"]);
    // Case and surrounding spaces are still ignored, after normalisation.
    let grades = r#"(label: "Très bien", meaning: "Bon."),
        (label: " TRE\u{300}S BIEN ", meaning: "Mauvais."),"#;
    assert_problem(
        &edit(BASE_GRADES, grades),
        "grades[1].label",
        &["duplicate grade"],
    );
}

#[test]
fn translated_grade_labels_are_unique_in_their_language() {
    let grades = r#"(label: "Bien", meaning: "Bon.", translations: {"en": (label: "Fine", meaning: "Good.")}),
        (label: "Mal", meaning: "Mauvais.", translations: {"en": (label: "fine ", meaning: "Bad.")}),"#;
    assert_problem(
        &edit(BASE_GRADES, grades),
        r#"grades[1].translations["en"].label"#,
        &["duplicate grade", "index 0"],
    );
    let grades = r#"(label: "Bien", meaning: "Bon.", translations: {"en": (label: "Café", meaning: "Good.")}),
        (label: "Mal", meaning: "Mauvais.", translations: {"en": (label: "Cafe\u{301}", meaning: "Bad.")}),"#;
    assert_problem(
        &edit(BASE_GRADES, grades),
        r#"grades[1].translations["en"].label"#,
        &["duplicate grade"],
    );
}

#[test]
fn labels_differing_only_by_invisible_characters_are_refused() {
    for invisible in [
        "\\u{200d}",
        "\\u{200c}",
        "\\u{200b}",
        "\\u{2060}",
        "\\u{feff}",
        "\\u{ad}",
    ] {
        let grades = format!(
            r#"(label: "Très bien", meaning: "Bon."),
        (label: "Très{invisible} bien", meaning: "Mauvais."),"#
        );
        let text = edit(BASE_GRADES, &grades);
        let (line, column) = position(&text, invisible);
        assert_syntax(&text, line, column, &["invisible", "not allowed"]);
    }
}

/// Issue 13, item 12: projects carry translations, checked like the
/// criteria's and grades'.
const P0_EN: &str =
    r#"proposal: "P0", translations: {"en": (name: "Zero", aim: "Aim 0", proposal: "Proposal 0")}"#;

#[test]
fn a_project_translation_is_read_and_falls_back_for_what_it_leaves_out() {
    let text = edit(r#"proposal: "P0""#, P0_EN);
    let b = valid(&text).bundle;
    let en = b.projects[0].text("en");
    assert_eq!(
        (en.name, en.aim, en.proposal),
        ("Zero", "Aim 0", "Proposal 0")
    );
    // The project has no complements nor category: none in English either.
    assert_eq!((en.complements, en.category), ("", ""));
    // French, and a project without a translation, stay as written.
    let fr = b.projects[0].text("fr");
    assert_eq!((fr.name, fr.aim, fr.proposal), ("Zéro", "A0", "P0"));
    assert_eq!(b.projects[1].text("en").name, "Un");

    // Left out of a translation, the project's own complements and category
    // are shown (a juror never misses a part); given, the translated ones.
    let own = edit(
        r#"proposal: "P0""#,
        &format!(r#"complements: "Complète.", category: "Santé", {P0_EN}"#),
    );
    let b = valid(&own).bundle;
    let en = b.projects[0].text("en");
    assert_eq!((en.complements, en.category), ("Complète.", "Santé"));
    let translated = edit(
        r#"proposal: "P0""#,
        r#"complements: "Complète.", category: "Santé", proposal: "P0", translations: {"en": (name: "Zero", aim: "Aim 0", proposal: "Proposal 0", complements: "Adds to.", category: "Health")}"#,
    );
    let b = valid(&translated).bundle;
    let en = b.projects[0].text("en");
    assert_eq!((en.complements, en.category), ("Adds to.", "Health"));
    // Paragraphs may hold line breaks in a translation too.
    valid(&edit(
        r#"proposal: "P0""#,
        r#"proposal: "P0", translations: {"en": (name: "Zero", aim: "Aim\n0", proposal: "One.\n\tTwo.", complements: "A\nB")}"#,
    ));
}

#[test]
fn a_bad_project_translation_is_refused_with_its_path() {
    for code in ["de", "FR", ""] {
        let text = edit(
            r#"proposal: "P0""#,
            &format!(
                r#"proposal: "P0", translations: {{{code:?}: (name: "N", aim: "A", proposal: "P")}}"#
            ),
        );
        assert_problem(
            &text,
            "projects[0].translations",
            &[&format!("unknown language {code:?}"), "fr, en"],
        );
    }
    let cases = [
        (r#"name: "", aim: "A", proposal: "P""#, "name"),
        (r#"name: "N", aim: " ", proposal: "P""#, "aim"),
        (r#"name: "N", aim: "A", proposal: "\n""#, "proposal"),
        (
            r#"name: "N", aim: "A", proposal: "P", complements: """#,
            "complements",
        ),
        (
            r#"name: "N", aim: "A", proposal: "P", category: "  ""#,
            "category",
        ),
    ];
    for (fields, field) in cases {
        let text = edit(
            r#"proposal: "P1""#,
            &format!(r#"proposal: "P1", translations: {{"en": ({fields})}}"#),
        );
        assert_problem(
            &text,
            &format!(r#"projects[1].translations["en"].{field}"#),
            &["must not be empty"],
        );
    }
}

#[test]
fn a_project_translation_refuses_the_characters_the_bundle_refuses_at_their_position() {
    // (what is inserted, where the error points, words of the message)
    let cases: [(&str, &str, &[&str]); 6] = [
        (
            r#"name: "Ze\u{1b}[2Jro""#,
            r"\u{1b}",
            &["U+001B", "control"],
        ),
        ("name: \"Ze\u{7}ro\"", "\u{7}", &["U+0007", "control"]),
        (
            r#"aim: "A\u{202e}im""#,
            r"\u{202e}",
            &["U+202E", "bidirectional"],
        ),
        (
            r#"proposal: "P\u{200b}""#,
            r"\u{200b}",
            &["U+200B", "invisible"],
        ),
        // One-line texts: a line break is refused in a name and a category.
        (r#"name: "Two\nlines""#, r"\n", &["U+000A", "one-line"]),
        (
            r#"category: "Two\tcolumns""#,
            r"\t",
            &["U+0009", "one-line"],
        ),
    ];
    for (field, at, words) in cases {
        let key = field.split(':').next().unwrap();
        let mut fields = vec![
            r#"name: "Zero""#.to_owned(),
            r#"aim: "Aim""#.to_owned(),
            r#"proposal: "Proposal""#.to_owned(),
        ];
        fields.retain(|f| !f.starts_with(key));
        fields.push(field.to_owned());
        let text = edit(
            r#"proposal: "P0""#,
            &format!(
                r#"proposal: "P0", translations: {{"en": ({})}}"#,
                fields.join(", ")
            ),
        );
        let (line, column) = position(&text, at);
        assert_syntax(&text, line, column, words);
    }
    // A language given twice, and a field a translation does not have.
    let twice = edit(
        r#"proposal: "P0""#,
        r#"proposal: "P0", translations: {"en": (name: "A", aim: "A", proposal: "A"), "en": (name: "B", aim: "B", proposal: "B")}"#,
    );
    assert!(
        matches!(parse(&twice), Err(e) if e.to_string().contains("duplicate translation \"en\""))
    );
    let text = edit(
        r#"proposal: "P0""#,
        r#"proposal: "P0", translations: {"en": (name: "A", aim: "A", proposal: "A", website: "x")}"#,
    );
    let (line, column) = position(&text, "website");
    assert_syntax(
        &text,
        line,
        column,
        &["`website`", "`ProjectText`", "`name`"],
    );
}
