//! Colours and emphasis. Meaning never rides on colour alone: every screen
//! also uses symbols, so the monochrome theme loses nothing.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub base: Style,
    pub title: Style,
    pub heading: Style,
    pub dim: Style,
    pub key: Style,
    pub border: Style,
    pub focus: Style,
    pub warning: Style,
}

impl Theme {
    pub fn default_colors() -> Self {
        Self {
            base: Style::new(),
            title: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            heading: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            dim: Style::new().fg(Color::Gray),
            key: Style::new().fg(Color::Black).bg(Color::Cyan),
            border: Style::new().fg(Color::DarkGray),
            focus: Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            warning: Style::new()
                .fg(Color::LightRed)
                .add_modifier(Modifier::BOLD),
        }
    }

    /// For projectors and low vision: white on black, bold, no greys.
    pub fn high_contrast() -> Self {
        Self {
            base: Style::new().fg(Color::White).bg(Color::Black),
            title: Style::new()
                .fg(Color::White)
                .bg(Color::Black)
                .add_modifier(Modifier::BOLD),
            heading: Style::new()
                .fg(Color::LightYellow)
                .bg(Color::Black)
                .add_modifier(Modifier::BOLD),
            dim: Style::new().fg(Color::White).bg(Color::Black),
            key: Style::new()
                .fg(Color::Black)
                .bg(Color::White)
                .add_modifier(Modifier::BOLD),
            border: Style::new().fg(Color::White).bg(Color::Black),
            focus: Style::new()
                .fg(Color::Black)
                .bg(Color::LightYellow)
                .add_modifier(Modifier::BOLD),
            warning: Style::new()
                .fg(Color::LightRed)
                .bg(Color::Black)
                .add_modifier(Modifier::BOLD),
        }
    }

    /// `NO_COLOR`: no colours at all, only bold and reverse, which survive it.
    pub fn monochrome() -> Self {
        let plain = Style::new();
        Self {
            base: plain,
            title: plain.add_modifier(Modifier::BOLD),
            heading: plain.add_modifier(Modifier::BOLD),
            dim: plain,
            key: plain.add_modifier(Modifier::REVERSED),
            border: plain,
            focus: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            warning: plain.add_modifier(Modifier::BOLD),
        }
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
