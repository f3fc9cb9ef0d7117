//! The application state the screens draw. Keys change it in `handle_key`;
//! drawing takes `&self`, so a frame can never change what it shows.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;

use super::{Theme, overview, too_small};
use crate::bundle::BundleFile;
use crate::i18n::{Language, Strings};

pub struct App {
    pub(super) bundle: BundleFile,
    pub(super) language: Language,
    pub(super) theme: Theme,
    /// First project shown in the overview list.
    pub(super) scroll: usize,
    quit: bool,
}

impl App {
    pub fn new(bundle: BundleFile, theme: Theme) -> Self {
        let language = Language::from_code(&bundle.bundle.language);
        Self {
            bundle,
            language,
            theme,
            scroll: 0,
            quit: false,
        }
    }

    pub fn with_language(mut self, language: Language) -> Self {
        self.language = language;
        self
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub(super) fn strings(&self) -> &'static Strings {
        Strings::get(self.language)
    }

    pub fn handle_key(&mut self, key: KeyEvent) {
        let last = self.bundle.bundle.projects.len().saturating_sub(1);
        match key.code {
            KeyCode::Char('q') => self.quit = true,
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => self.quit = true,
            KeyCode::Down | KeyCode::Char('j') => self.scroll = (self.scroll + 1).min(last),
            KeyCode::Up | KeyCode::Char('k') => self.scroll = self.scroll.saturating_sub(1),
            KeyCode::Home => self.scroll = 0,
            KeyCode::End => self.scroll = last,
            _ => {}
        }
    }

    pub fn render(&self, frame: &mut Frame) {
        if !too_small::fits(frame.area()) {
            too_small::render(frame, self.strings(), &self.theme);
            return;
        }
        overview::render(self, frame);
    }
}
