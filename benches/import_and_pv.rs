//! `cargo bench --bench import_and_pv`: `jury bundle import` of 2,000
//! applications from CSV and from XLSX, and the printable procès-verbal
//! of the 150 × 187 session, each beside a floor measured in the same run
//! (docs/PERFORMANCE.md, *Import and procès-verbal*).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use divan::{Bencher, black_box};
use jury::bundle::import::{Options, import};
use jury::minutes::{Minutes, html};
use jury::session::Session;
use jury::signing::SessionKey;
use jury::simulate::{Rehearsal, rehearse, session_seed};
use jury::verify::{Expectations, verify_with_bundle_file};

fn main() {
    divan::main();
}

const ROWS: usize = 2_000;
const HEADERS: [&str; 8] = [
    "Nom du projet",
    "Objectif",
    "Description",
    "Complémentarité",
    "Partenaires",
    "Site web",
    "Catégorie",
    "Présélectionné",
];

/// Row `i`: texts of the length a web form's answers have (a few hundred
/// characters, accents, a line break), as in the 2022 call.
fn row(i: usize) -> [String; 8] {
    let words = "Une médiathèque mobile qui va au-devant des habitants éloignés, avec des ateliers numériques et un accompagnement pour les démarches en ligne";
    [
        format!("Projet n° {i} — {}", &words[..40]),
        format!("{words} ({i})."),
        format!("{words}.\n{words}, et la suite {i}."),
        format!("Complète l'action des services publics de proximité ({i})."),
        format!("Association {i}\nMairie"),
        format!("https://example.org/projet-{i}"),
        ["Culture", "Social", "Environnement", "Numérique"][i % 4].to_owned(),
        "Oui".to_owned(),
    ]
}

fn csv_field(text: &str) -> String {
    if text.contains([';', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn column(i: usize) -> char {
    (b'A' + i as u8) as char
}

struct Sheets {
    dir: PathBuf,
    csv: PathBuf,
    xlsx: PathBuf,
    template: PathBuf,
}

fn sheets() -> &'static Sheets {
    static S: OnceLock<Sheets> = OnceLock::new();
    S.get_or_init(|| {
        let dir = std::env::temp_dir().join("jury-bench-import");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let template = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/template.ron");
        let mut csv = HEADERS.join(";") + "\r\n";
        let mut sheet = String::from(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
        );
        let mut cells = |r: usize, values: &[String]| {
            sheet += &format!("<row r=\"{r}\">");
            for (c, v) in values.iter().enumerate() {
                sheet += &format!(
                    "<c r=\"{}{r}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
                    column(c),
                    xml(v)
                );
            }
            sheet += "</row>";
        };
        cells(1, &HEADERS.map(str::to_owned));
        for i in 0..ROWS {
            let r = row(i);
            csv += &(r.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(";") + "\r\n");
            cells(i + 2, &r);
        }
        sheet += "</sheetData></worksheet>";
        let csv_path = dir.join("candidatures.csv");
        std::fs::write(&csv_path, csv).unwrap();
        let xlsx_path = dir.join("candidatures.xlsx");
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&xlsx_path).unwrap());
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, text) in [
            ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_owned()),
            ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_owned()),
            ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Candidatures" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_owned()),
            ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_owned()),
            ("xl/worksheets/sheet1.xml", sheet),
        ] {
            zip.start_file(name, options).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
        eprintln!(
            "\nimport inputs: CSV {} bytes, XLSX {} bytes, {ROWS} rows",
            std::fs::metadata(&csv_path).unwrap().len(),
            std::fs::metadata(&xlsx_path).unwrap().len()
        );
        Sheets { dir, csv: csv_path, xlsx: xlsx_path, template }
    })
}

fn options(sheet: &Path, out: &str) -> Options {
    Options {
        sheet: sheet.to_owned(),
        template: sheets().template.clone(),
        out: sheets().dir.join(out),
        maps: Vec::new(),
        filters: vec!["Présélectionné=Oui".into()],
        sheet_name: None,
        seats: None,
    }
}

#[divan::bench(args = ["csv", "xlsx"])]
fn import_2000_rows(bencher: Bencher, format: &str) {
    let s = sheets();
    let sheet = if format == "csv" { &s.csv } else { &s.xlsx };
    let o = options(sheet, &format!("{format}.ron"));
    assert_eq!(import(&o).code, 0);
    bencher.bench(|| black_box(import(&o).code));
}

/// The floor: loading the bundle the import wrote, as `jury check` does.
#[divan::bench]
fn floor_load_imported_bundle(bencher: Bencher) {
    let o = options(&sheets().csv, "floor.ron");
    assert_eq!(import(&o).code, 0);
    eprintln!(
        "\nimported bundle: {} bytes",
        std::fs::metadata(&o.out).unwrap().len()
    );
    bencher.bench(|| black_box(jury::bundle::load(&o.out).unwrap().bundle.projects.len()));
}

struct Session150 {
    verified: jury::verify::Verified,
}

fn session() -> &'static Session150 {
    static S: OnceLock<Session150> = OnceLock::new();
    S.get_or_init(|| {
        let dir = std::env::temp_dir().join("jury-bench-pv");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let bundle_path = dir.join("big.ron");
        std::fs::write(&bundle_path, jury::synth::synth_bundle(150, 187, 1)).unwrap();
        let bundle = jury::bundle::load(&bundle_path).unwrap();
        let tally = dir.join("tally.jury");
        let mut session = Session::create(
            &tally,
            bundle,
            SessionKey::generate("bench"),
            &session_seed(1),
        )
        .unwrap();
        rehearse(
            &mut session,
            Rehearsal {
                seed: 1,
                absent: 5,
                conflicts: 0.02,
            },
        )
        .unwrap();
        drop(session);
        let verified =
            verify_with_bundle_file(&tally, &bundle_path, &Expectations::default()).unwrap();
        let s = Session150 { verified };
        eprintln!("\nprocès-verbal of 150x187: {} bytes of HTML", pv(&s).len());
        s
    })
}

fn pv(s: &Session150) -> String {
    let v = &s.verified;
    let files = html::Files {
        tally: "tally.jury",
        bundle: "big.ron",
    };
    html::render(&v.bundle, v.state.as_ref().unwrap(), &v.report, &files)
}

#[divan::bench]
fn pv_html_150x187(bencher: Bencher) {
    let s = session();
    bencher.bench(|| black_box(pv(s).len()));
}

/// The floor: the same minutes as Markdown (`--format markdown`).
#[divan::bench]
fn floor_minutes_markdown_150x187(bencher: Bencher) {
    let s = session();
    let v = &s.verified;
    bencher.bench(|| {
        let m = Minutes::new(&v.bundle, v.state.as_ref().unwrap(), &v.report);
        black_box(m.to_document(jury::i18n::Language::Fr, true).len())
    });
}
