//! Colours and emphasis. Meaning never rides on colour alone: every screen
//! also uses symbols (▶ focus, ● chosen, ⚠ missing, ✔ done, ⊘ conflict),
//! so the monochrome theme loses nothing.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub base: Style,
    pub title: Style,
    pub title_bar: Style,
    pub heading: Style,
    pub emphasis: Style,
    pub dim: Style,
    pub key: Style,
    pub border: Style,
    pub focus: Style,
    pub chosen: Style,
    pub missing: Style,
    pub ok: Style,
    pub warning: Style,
    /// Whether grades get colours (never their only mark: bars show digits).
    pub colored: bool,
}

/// Best to worst: the colour of a grade's segment in a merit profile.
const GRADE_COLORS: [Color; 10] = [
    Color::Rgb(0, 110, 40),
    Color::Rgb(40, 150, 60),
    Color::Rgb(110, 180, 70),
    Color::Rgb(170, 200, 80),
    Color::Rgb(220, 210, 90),
    Color::Rgb(240, 180, 70),
    Color::Rgb(235, 140, 60),
    Color::Rgb(220, 95, 55),
    Color::Rgb(195, 50, 45),
    Color::Rgb(150, 20, 30),
];

impl Theme {
    pub fn default_colors() -> Self {
        let bold = Modifier::BOLD;
        Self {
            base: Style::new(),
            title: Style::new().fg(Color::Cyan).add_modifier(bold),
            title_bar: Style::new().fg(Color::Black).bg(Color::Cyan),
            heading: Style::new().fg(Color::Yellow).add_modifier(bold),
            emphasis: Style::new().add_modifier(Modifier::ITALIC),
            dim: Style::new().fg(Color::Gray),
            key: Style::new().fg(Color::Black).bg(Color::Cyan),
            border: Style::new().fg(Color::DarkGray),
            focus: Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(bold),
            chosen: Style::new().fg(Color::LightGreen).add_modifier(bold),
            missing: Style::new().fg(Color::LightRed),
            ok: Style::new().fg(Color::LightGreen).add_modifier(bold),
            warning: Style::new().fg(Color::LightRed).add_modifier(bold),
            colored: true,
        }
    }

    /// For projectors and low vision: white on black, bold, no greys.
    pub fn high_contrast() -> Self {
        let on_black = Style::new().bg(Color::Black);
        let bold = Modifier::BOLD;
        Self {
            base: on_black.fg(Color::White),
            title: on_black.fg(Color::White).add_modifier(bold),
            title_bar: Style::new()
                .fg(Color::Black)
                .bg(Color::White)
                .add_modifier(bold),
            heading: on_black.fg(Color::LightYellow).add_modifier(bold),
            emphasis: on_black.fg(Color::White).add_modifier(bold),
            dim: on_black.fg(Color::White),
            key: Style::new()
                .fg(Color::Black)
                .bg(Color::White)
                .add_modifier(bold),
            border: on_black.fg(Color::White),
            focus: Style::new()
                .fg(Color::Black)
                .bg(Color::LightYellow)
                .add_modifier(bold),
            chosen: on_black.fg(Color::LightGreen).add_modifier(bold),
            missing: on_black.fg(Color::LightRed).add_modifier(bold),
            ok: on_black.fg(Color::LightGreen).add_modifier(bold),
            warning: on_black.fg(Color::LightRed).add_modifier(bold),
            colored: true,
        }
    }

    /// `NO_COLOR`: no colours at all, only bold, underline and reverse.
    pub fn monochrome() -> Self {
        let plain = Style::new();
        let bold = plain.add_modifier(Modifier::BOLD);
        Self {
            base: plain,
            title: bold,
            title_bar: plain.add_modifier(Modifier::REVERSED),
            heading: bold,
            emphasis: plain.add_modifier(Modifier::ITALIC),
            dim: plain,
            key: plain.add_modifier(Modifier::REVERSED),
            border: plain,
            focus: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            chosen: bold,
            missing: plain.add_modifier(Modifier::UNDERLINED),
            ok: bold,
            warning: bold,
            colored: false,
        }
    }

    /// The style of grade `g` (0 = best) on a scale of `n` grades.
    pub fn grade(&self, g: usize, n: usize) -> Style {
        if !self.colored {
            return self.base;
        }
        let i = if n <= 1 {
            0
        } else {
            g * (GRADE_COLORS.len() - 1) / (n - 1)
        };
        let fg = if !(2..=7).contains(&i) {
            Color::White
        } else {
            Color::Black
        };
        Style::new().bg(GRADE_COLORS[i]).fg(fg)
    }

    /// `NO_COLOR` (any non-empty value) wins; `JURY_THEME=high-contrast` opts in.
    pub fn from_env() -> Self {
        if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            return Self::monochrome();
        }
        match std::env::var("JURY_THEME").as_deref() {
            Ok("high-contrast") => Self::high_contrast(),
            _ => Self::default_colors(),
        }
    }
}
