//! The seal is written: what to copy onto the paper minutes, and how staff
//! will check it.

use ratatui::Frame;
use ratatui::layout::Alignment;
use ratatui::text::Line;

use super::chrome;
use crate::session::SealReport;
use crate::tui::App;

pub fn render(app: &App, frame: &mut Frame, report: &SealReport) {
    let s = app.strings();
    let file = |p: &std::path::Path| {
        p.file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    };
    let lines = vec![
        Line::styled(format!("✔ {}", s.t("sealed.done")), app.theme.ok),
        Line::raw(""),
        Line::styled(s.t("console.minutes"), app.theme.heading),
        Line::raw(s.fill("sealed.entries", &[("n", &report.entries)])),
        Line::raw(s.fill(
            "sealed.head",
            &[("hash", &chrome::groups_of_four(&report.head.to_string()))],
        )),
        Line::raw(s.fill(
            "console.signer",
            &[("fingerprint", &chrome::groups_of_four(&report.fingerprint))],
        )),
        Line::raw(""),
        Line::styled(s.t("sealed.check"), app.theme.heading),
        Line::raw(format!(
            "ssh-keygen -Y verify -f {} -I jury -n {} -s {} < tally.jury",
            file(&report.allowed_signers_path),
            crate::signing::SSHSIG_NAMESPACE,
            file(&report.signature_path)
        )),
        Line::raw(""),
        Line::styled(s.t("sealed.readonly"), app.theme.dim),
    ];
    chrome::boxed_screen(
        app,
        frame,
        chrome::BoxedScreen {
            header: &app.bundle.bundle.title,
            status: s.t("sealed.title"),
            title: s.t("sealed.box"),
            width: 100,
            alignment: Alignment::Left,
        },
        lines,
    );
}
