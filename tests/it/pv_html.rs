//! `jury results --format html`: the printable procès-verbal. Its content
//! and escaping are checked on the HTML; then, where Chromium and poppler
//! are installed (.ci/run installs them), it is printed to PDF by headless
//! Chromium and read back with pdftotext. Without them those checks print
//! "skipped" and pass, so the suite runs anywhere.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn jury(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_jury"))
        .args(args)
        .output()
        .expect("run jury")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jury-pv-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A sealed rehearsal of `bundle` in `dir`: the tally's path.
fn simulate(bundle: &Path, dir: &Path, extra: &[&str]) -> PathBuf {
    let tally = dir.join("seance.jury");
    let mut args = vec![
        "simulate",
        bundle.to_str().unwrap(),
        "--seed",
        "4",
        "--out",
        tally.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = jury(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    tally
}

fn html(tally: &Path, bundle: &Path, dir: &Path) -> (PathBuf, String) {
    let out = dir.join("pv.html");
    let o = jury(&[
        "results",
        tally.to_str().unwrap(),
        "--bundle",
        bundle.to_str().unwrap(),
        "--format",
        "html",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(&out).unwrap();
    (out, text)
}

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/demo.ron")
}

fn in_fours(hex: &str) -> String {
    hex.as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_pv_holds_what_the_issue_lists_and_loads_nothing() {
    let dir = scratch("content");
    let tally = simulate(&demo(), &dir, &["--absent", "1"]);
    let (_, pv) = html(&tally, &demo(), &dir);
    let json = jury(&[
        "results",
        tally.to_str().unwrap(),
        "--bundle",
        demo().to_str().unwrap(),
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    // Self-contained: no script, nothing fetched.
    for banned in [
        "<script", "<link", "<img", "src=", "href=", "url(", "@import", "<iframe",
    ] {
        assert!(!pv.contains(banned), "found {banned}");
    }
    assert!(pv.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"));
    assert!(
        pv.contains("@page { size: A4;")
            && pv.contains("counter(page)")
            && pv.contains("counter(pages)")
    );
    assert!(pv.contains("<svg class=\"bar\""), "merit profile bars");
    // French typography on the program's words.
    assert!(
        pv.contains("Quorum\u{a0}: 2 jurés"),
        "no-break space before the colon"
    );
    assert!(pv.contains("de «\u{a0}Excellent\u{a0}» à «\u{a0}À rejeter\u{a0}»"));
    // Title, date, place, session id.
    assert!(
        pv.contains("Démonstration — jury citoyen")
            && pv.contains("2026-11-22")
            && pv.contains("Salle de démonstration")
    );
    assert!(pv.contains(json["session_id"].as_str().unwrap()));
    // Who sat: one seat absent, so two signature lines for jurors.
    let absent = json["rounds"][0]["absent"][0].as_str().unwrap();
    assert!(pv.contains(&format!("<td>{absent}</td>")));
    assert_eq!(pv.matches("<div class=\"signature\">").count(), 1 + 2);
    assert!(pv.contains("<div class=\"signature\">L&#39;animateur ou l&#39;animatrice</div>"));
    // The method in three sentences; the tie-break in words; the margins.
    let method = &pv[pv.find("La méthode").unwrap()..pv.find("Classement").unwrap()];
    assert_eq!(method.matches("<p>").count(), 3);
    assert!(
        pv.contains("mentions médianes à chacun,") || pv.contains("mention médiane à chacun,"),
        "a tie-break sentence"
    );
    assert!(pv.contains("La marge des sélections") && pv.contains("à changer"));
    // Integrity: hashes in fours and the exact commands.
    let head = json["head"].as_str().unwrap();
    assert!(pv.contains(&in_fours(head)), "head hash in groups of four");
    assert!(pv.contains("jury verify seance.jury --bundle demo.ron"));
    assert!(pv.contains("ssh-keygen -Y verify -f seance.jury.allowed_signers -I jury -n jury-tally@v1 -s seance.jury.sig &lt; seance.jury"));
    let signer = json["signer"].as_str().unwrap();
    let digest = signer.split_once(':').unwrap().1;
    assert!(
        pv.contains(&in_fours(digest)),
        "fingerprint in groups of four"
    );
}

#[test]
fn text_from_the_bundle_and_the_tally_is_escaped() {
    let dir = scratch("escape");
    let source = std::fs::read_to_string(demo()).unwrap();
    let hostile = source
        .replacen(
            "Démonstration — jury citoyen",
            "<script>alert(1)</script> & «jury»",
            1,
        )
        .replacen(
            "name: \"Mes droits en clair\"",
            "name: \"Mes <b>droits</b> \\\"en\\\" clair\"",
            1,
        );
    assert_ne!(hostile, source);
    let bundle = dir.join("hostile.ron");
    std::fs::write(&bundle, hostile).unwrap();
    let tally = simulate(&bundle, &dir, &[]);
    let (_, pv) = html(&tally, &bundle, &dir);
    assert!(!pv.contains("<script>") && !pv.contains("<b>droits"));
    assert!(pv.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; «jury»"));
    assert!(pv.contains("Mes &lt;b&gt;droits&lt;/b&gt; &quot;en&quot; clair"));
    // Bidi controls cannot reach a bundle; a reason typed into a tally is
    // text from the tally: rendered here with one, and markup.
    let verified =
        jury::verify::verify_with_bundle_file(&tally, &bundle, &Default::default()).unwrap();
    let mut state = verified.state.unwrap();
    let decision = state.decision.as_mut().expect("simulate decides");
    // A selection that departs from the ranking, so its reason is printed.
    decision.selected = vec![verified.bundle.bundle.projects.len() - 1];
    decision.reason = Some("<img src=x onerror=alert(1)> \u{202e}gpj.exe\u{1b}[2J".into());
    let files = jury::minutes::html::Files {
        tally: "t.jury",
        bundle: "b.ron",
    };
    let pv = jury::minutes::html::render(&verified.bundle, &state, &verified.report, &files);
    assert!(
        pv.contains("&lt;img src=x onerror=alert(1)&gt; \\u{202e}gpj.exe\\u{1b}[2J"),
        "{pv}"
    );
    assert!(!pv.contains('\u{202e}') && !pv.contains('\u{1b}') && !pv.contains("<img"));
}

/// Runs `program` with `args`, killed after `limit`; `None` if it cannot start.
fn run_with_limit(
    program: &str,
    args: &[&str],
    limit: Duration,
) -> Option<std::process::ExitStatus> {
    let mut child = Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().ok()? {
            return Some(status);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn installed(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn chromium_prints_it_and_pdftotext_reads_it_back() {
    if !installed("chromium") || !installed("pdftotext") {
        println!("skipped: chromium or pdftotext is not installed (.ci/run installs them)");
        return;
    }
    let dir = scratch("chromium");
    let tally = simulate(&demo(), &dir, &[]);
    let (page, _) = html(&tally, &demo(), &dir);
    let pdf = dir.join("pv.pdf");
    let profile = dir.join("profile");
    let status = run_with_limit(
        "chromium",
        &[
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            &format!("--user-data-dir={}", profile.display()),
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
            &format!("file://{}", page.display()),
        ],
        Duration::from_secs(60),
    );
    assert!(
        status.is_some_and(|s| s.success()),
        "chromium failed or took over 60 s"
    );
    let text = Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    for expected in [
        "Procès-verbal de délibération",
        "Démonstration — jury citoyen",
        "Qui a siégé",
        "La méthode",
        "Classement",
        "Mes droits en clair",
        "La marge des sélections",
        "Intégrité",
        "ssh-keygen -Y verify",
        "Signatures",
        "Page 1 sur",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} not in the PDF:\n{text}"
        );
    }
    let pages = text.matches('\u{c}').count();
    assert!((2..=6).contains(&pages), "{pages} pages");
    assert!(
        text.contains(&format!("Page {pages} sur {pages}")),
        "{text}"
    );
}
