//! `jury bundle import` as a process: the same rows give the same bundle
//! from CSV, XLSX and ODS; the report names every refused cell, change,
//! formula and merge; a refused row means no bundle; hostile sheets are
//! refused with bounded memory. The XLSX and ODS fixtures are made by
//! tests/fixtures/import/make_fixtures.py.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/import");

fn fixture(name: &str) -> PathBuf {
    Path::new(FIXTURES).join(name)
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jury-import-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn import(sheet: &Path, out: &Path, extra: &[&str]) -> Output {
    import_with(sheet, &fixture("template.ron"), out, extra)
}

fn import_with(sheet: &Path, template: &Path, out: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jury"))
        .args(["bundle", "import"])
        .arg(sheet)
        .arg("--template")
        .arg(template)
        .arg("--out")
        .arg(out)
        .args(extra)
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("run jury")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn sha256(path: &Path) -> String {
    use sha2::Digest;
    format!("{:x}", sha2::Sha256::digest(std::fs::read(path).unwrap()))
}

/// The bundle below its two comment lines (which name the sheet).
fn body(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    text.splitn(3, '\n').nth(2).unwrap().to_owned()
}

#[test]
fn the_same_rows_give_the_same_bundle_from_csv_xlsx_and_ods() {
    let dir = scratch("same");
    let mut bodies = Vec::new();
    for name in ["candidatures.csv", "candidatures.xlsx", "candidatures.ods"] {
        let out = dir.join(format!("{name}.ron"));
        let o = import(&fixture(name), &out, &["--where", "Présélectionné=Oui"]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{name}: {}{}",
            stdout(&o),
            stderr(&o)
        );
        let report = stdout(&o);
        assert!(
            report.contains(&format!("sha256:{}", sha256(&fixture(name)))),
            "{report}"
        );
        assert!(
            report.contains(
                "lignes lues : 5 ; gardées : 4 ; écartées par --where : 1 ; refusées : 0"
            ),
            "{report}"
        );
        assert!(
            report.contains("name           ← B (Nom du projet)"),
            "{report}"
        );
        assert!(report.contains("identifiants faits à partir des noms : 4 ; numérotés pour être uniques : ligne 6 → boites-a-livres-2"), "{report}");
        let first = std::fs::read_to_string(&out).unwrap();
        let first = first.lines().next().unwrap().to_owned();
        assert_eq!(
            first,
            format!(
                "// Made by `jury bundle import` from {name} (sha256:{}).",
                sha256(&fixture(name))
            )
        );
        let check = Command::new(env!("CARGO_BIN_EXE_jury"))
            .arg("check")
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
        assert!(stdout(&check).contains("projects   4"));
        bodies.push(body(&out));
    }
    assert_eq!(bodies[0], bodies[1], "CSV and XLSX differ");
    assert_eq!(bodies[0], bodies[2], "CSV and ODS differ");
    let b = &bodies[0];
    assert!(
        b.contains(r#"name: "Café \"solidaire\"","#),
        "NFC, trimmed, quotes: {b}"
    );
    assert!(b.contains(r#"proposal: "Cinq boîtes\nfabriquées par le lycée.","#));
    assert!(b.contains(r#"partners: ["Voisins", "Mairie"],"#));
    assert!(!b.contains("Projet non retenu"));
}

#[test]
fn the_report_says_encoding_delimiter_formulas_and_merges() {
    let dir = scratch("report");
    let o = import(&fixture("candidatures.csv"), &dir.join("a.ron"), &[]);
    let report = stdout(&o);
    assert!(
        report.contains("format : CSV, encodage : UTF-8, séparateur : « ; »"),
        "{report}"
    );
    assert!(
        report.contains("mis en forme Unicode NFC (accents composés) : B5"),
        "{report}"
    );
    assert!(
        report.contains("espaces ou sauts de ligne retirés au début ou à la fin : B5"),
        "{report}"
    );
    assert!(
        report.contains("colonnes non utilisées : A (Horodateur), I (Présélectionné), J (Notes)"),
        "{report}"
    );
    for name in ["candidatures.xlsx", "candidatures.ods"] {
        let o = import(&fixture(name), &dir.join("b.ron"), &[]);
        let report = stdout(&o);
        assert!(report.contains("feuille : « Candidatures »"), "{report}");
        assert!(
            report.contains(
                "la valeur calculée enregistrée dans le fichier est utilisée, sans recalcul) : H3"
            ),
            "{name}: {report}"
        );
        assert!(
            report.contains("cellules fusionnées : J2:J3"),
            "{name}: {report}"
        );
    }
}

#[test]
fn a_french_excel_csv_in_windows_1252_with_multi_line_cells() {
    let dir = scratch("cp1252");
    let sheet = dir.join("export.csv");
    std::fs::write(
        &sheet,
        b"Nom;Objectif;Proposition;Partenaires\r\n\"Caf\xe9; solidaire\";\"Sur deux\r\nlignes\";Oui;\"A\r\nB\"\r\n",
    )
    .unwrap();
    let out = dir.join("b.ron");
    let o = import(&sheet, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("encodage : Windows-1252, séparateur : « ; »"));
    assert!(
        stdout(&o).contains("fins de ligne CRLF ou CR lues comme LF : B2"),
        "{}",
        stdout(&o)
    );
    let b = std::fs::read_to_string(&out).unwrap();
    assert!(b.contains(r#"name: "Café; solidaire","#), "{b}");
    assert!(b.contains(r#"aim: "Sur deux\nlignes","#), "{b}");
    assert!(b.contains(r#"partners: ["A", "B"],"#), "{b}");
}

#[test]
fn a_refused_row_names_its_cell_and_nothing_is_written() {
    let dir = scratch("refused");
    let sheet = dir.join("s.csv");
    let mut text = String::from("Nom du projet;Objectif;Description\n");
    for i in 2..=6 {
        text += &format!("Projet {i};But {i};Quoi {i}\n");
    }
    text += ";But 7;Quoi 7\n";
    text += "Evil\u{1b}]52;c;aGk=\u{7};But;Quoi\n";
    text += "Tourne\u{202e}gpj.exe;But;Quoi\n";
    text += "Projet 2;But 2;Quoi 2\n";
    std::fs::write(&sheet, &text).unwrap();
    let out = dir.join("b.ron");
    std::fs::write(&out, "before").unwrap();
    let o = import(&sheet, &out, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let report = stdout(&o);
    assert!(
        report.contains("ligne 7, colonne A (Nom du projet) : vide"),
        "{report}"
    );
    assert!(
        report.contains(
            "ligne 8, colonne A (Nom du projet) : U+001B (ESC) caractère de contrôle, refusé"
        ),
        "{report}"
    );
    assert!(report.contains("ligne 9, colonne A (Nom du projet) : U+202E (RIGHT-TO-LEFT OVERRIDE) contrôle bidirectionnel"), "{report}");
    assert!(
        report.contains("ligne 10 : la même que la ligne 2"),
        "{report}"
    );
    assert!(report.contains("aucun bundle écrit"), "{report}");
    assert!(!report.contains('\u{1b}') && !stderr(&o).contains('\u{1b}'));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "before",
        "nothing written"
    );
}

#[test]
fn mapping_given_ids_mapped_and_errors_of_use() {
    let dir = scratch("map");
    let sheet = dir.join("s.csv");
    std::fs::write(&sheet, "Code,Titre long,Pourquoi,Quoi,Title (EN),Why,What\nP-1,Un,Deux,Trois,One,Two,Three\nbad id,Quatre,Cinq,Six,,,\n").unwrap();
    let out = dir.join("b.ron");
    let maps = [
        "--map",
        "id=Code",
        "--map",
        "name=Titre long",
        "--map",
        "aim=C",
        "--map",
        "proposal=Quoi",
        "--map",
        "name.en=Title (EN)",
        "--map",
        "aim.en=Why",
        "--map",
        "proposal.en=What",
    ];
    let o = import(&sheet, &out, &maps);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("correspondance donnée (--map)"));
    assert!(
        stdout(&o).contains("ligne 3, colonne A (Code) : « bad id » n'est pas un identifiant"),
        "{}",
        stdout(&o)
    );
    let o = import(
        &sheet,
        &out,
        &[&maps[..], &["--where", "Code=P-1"]].concat(),
    );
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let b = std::fs::read_to_string(&out).unwrap();
    assert!(
        b.contains(r#"id: "P-1","#) && b.contains(r#""en": ("#) && b.contains(r#"name: "One","#),
        "{b}"
    );
    // Usage errors and unreadable files: exit 2.
    assert_eq!(
        import(&sheet, &out, &["--map", "colour=A"]).status.code(),
        Some(2)
    );
    assert_eq!(
        import(&sheet, &out, &["--where", "Nope=1"]).status.code(),
        Some(2)
    );
    assert_eq!(
        import(&dir.join("missing.csv"), &out, &[]).status.code(),
        Some(2)
    );
    let o = import(&fixture("candidatures.xlsx"), &out, &["--sheet", "Feuil2"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("\"Candidatures\""), "{}", stderr(&o));
    // No column for a required field: refused, and the report shows the guess.
    std::fs::write(&sheet, "Nom,Budget\nA,3\n").unwrap();
    let o = import(&sheet, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no column found for aim, proposal"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn seats_come_from_a_draw_selection_in_order() {
    let dir = scratch("seats");
    let draw = dir.join("draw");
    std::fs::create_dir_all(&draw).unwrap();
    std::fs::write(
        draw.join("selection.csv"),
        "order,id,role\n2,C-17,seat\n1,A-03,seat\n3,B-99,substitute\n",
    )
    .unwrap();
    let out = dir.join("b.ron");
    let o = import(
        &fixture("candidatures.csv"),
        &out,
        &["--seats", draw.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("signature du tirage non vérifiée"));
    let b = std::fs::read_to_string(&out).unwrap();
    assert!(
        b.contains("jurors: [\n        (seat: \"A-03\"),\n        (seat: \"C-17\"),\n    ],"),
        "{b}"
    );
    assert_eq!(
        import(
            &fixture("candidatures.csv"),
            &out,
            &["--seats", dir.join("none").to_str().unwrap()]
        )
        .status
        .code(),
        Some(2)
    );
}

#[test]
fn the_template_must_leave_projects_empty_and_sets_the_language() {
    let dir = scratch("template");
    let out = dir.join("b.ron");
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/demo.ron");
    let o = import_with(&fixture("candidatures.csv"), &demo, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("leave `projects: []` empty"),
        "{}",
        stderr(&o)
    );
    let english = dir.join("en.ron");
    let text = std::fs::read_to_string(fixture("template.ron"))
        .unwrap()
        .replace("language: \"fr\"", "language: \"en\"");
    std::fs::write(&english, text).unwrap();
    let o = import_with(&fixture("candidatures.csv"), &english, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("rows read: 5; kept: 5; left out by --where: 0; refused: 0"),
        "{}",
        stdout(&o)
    );
}

/// The largest resident size of any child this test process has waited for, in MB.
fn children_max_rss_mb() -> i64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage writes the struct it is given.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    usage.ru_maxrss / 1024
}

#[test]
fn hostile_sheets_are_refused_with_bounded_memory() {
    let dir = scratch("hostile");
    let out = dir.join("b.ron");
    let rows = dir.join("rows.csv");
    let mut text = String::from("Nom;Objectif;Description\n");
    for i in 0..100_000 {
        text += &format!("P{i};b;c\n");
    }
    std::fs::write(&rows, text).unwrap();
    let big = dir.join("big.csv");
    std::fs::write(
        &big,
        format!(
            "Nom;Objectif;Description\nA;{};c\n",
            "x".repeat(10 * 1024 * 1024)
        ),
    )
    .unwrap();
    let cases: [(PathBuf, &str); 7] = [
        (rows, "more than 10000 rows"),
        (big, "10485760 caractères, au plus 20000"),
        (fixture("bomb.xlsx"), "would decompress to more than 64 MiB"),
        (fixture("bomb.ods"), "would decompress to more than 64 MiB"),
        (
            fixture("lying-bomb.xlsx"),
            "larger than its declared uncompressed size",
        ),
        (fixture("sparse.xlsx"), "more than 10000 rows"),
        (fixture("repeated.ods"), "more than 10000 rows"),
    ];
    for (sheet, said) in &cases {
        let o = import(sheet, &out, &[]);
        let all = stdout(&o) + &stderr(&o);
        assert!(matches!(o.status.code(), Some(1 | 2)), "{sheet:?}: {all}");
        assert!(all.contains(said), "{sheet:?}: {all}");
        assert!(!all.contains("panicked"), "{all}");
        assert!(!out.exists(), "{sheet:?} wrote a bundle");
    }
    let rss = children_max_rss_mb();
    assert!(rss < 300, "a child used {rss} MB");
}
