//! The facilitator's actions after a round: the results on screen, the
//! projects of a further round, the laureates. The rules they ask (the
//! laureate cap, a reason when the selection departs from the ranking) are
//! the kiosk's.

use super::Theme;
use super::app::{App, Mode, Overlay, ReasonFor, Tone};
use super::keymap::{ResultsAction, SelectionAction};
use crate::kiosk::DecisionStep;

impl App {
    pub(super) fn open_results(&mut self) -> Mode {
        self.notice = None;
        Mode::Results {
            selected: 0,
            detail: false,
        }
    }

    /// A key of the results' table (`keymap::RESULTS`).
    pub(super) fn results_action(
        &mut self,
        selected: usize,
        detail: bool,
        action: ResultsAction,
    ) -> Mode {
        let projects = self.bundle.bundle.projects.len();
        let Some(results) = self.results() else {
            return Mode::Console { selected: 0 };
        };
        match action {
            ResultsAction::Up => {
                return Mode::Results {
                    selected: selected.saturating_sub(1),
                    detail,
                };
            }
            ResultsAction::Down => {
                return Mode::Results {
                    selected: (selected + 1).min(projects - 1),
                    detail,
                };
            }
            ResultsAction::Detail => {
                return Mode::Results {
                    selected,
                    detail: !detail,
                };
            }
            ResultsAction::Console => return Mode::Console { selected: 0 },
            ResultsAction::Quit => self.overlay = Some(Overlay::ConfirmQuit),
            ResultsAction::Projector => {
                self.theme = if self.theme == Theme::high_contrast() {
                    Theme::from_env()
                } else {
                    Theme::high_contrast()
                };
            }
            ResultsAction::FurtherRound => {
                let mut chosen = vec![false; projects];
                for r in results.ranking.iter().filter(|r| r.to_discuss) {
                    chosen[r.project] = true;
                }
                return Mode::RoundPicker { chosen, cursor: 0 };
            }
            ResultsAction::Decide => {
                let mut chosen = vec![false; projects];
                for p in results.default_selection() {
                    chosen[p] = true;
                }
                return Mode::Decision { chosen, cursor: 0 };
            }
        }
        Mode::Results { selected, detail }
    }

    /// Bundle project indices in ranking order.
    pub fn ranked_projects(&self) -> Vec<usize> {
        self.results()
            .map(|r| r.ranking.iter().map(|x| x.project).collect())
            .unwrap_or_default()
    }

    /// A key of the further round's list (`keymap::ROUND_PICKER`).
    pub(super) fn round_picker_action(
        &mut self,
        mut chosen: Vec<bool>,
        cursor: usize,
        action: SelectionAction,
    ) -> Mode {
        let ranked = self.ranked_projects();
        match action {
            SelectionAction::Up | SelectionAction::Down => {
                let cursor = moved(action, cursor, ranked.len());
                return Mode::RoundPicker { chosen, cursor };
            }
            SelectionAction::Tick => chosen[ranked[cursor]] = !chosen[ranked[cursor]],
            SelectionAction::Back => return self.open_results(),
            SelectionAction::Validate => {
                let projects: Vec<usize> = ranked.iter().copied().filter(|&p| chosen[p]).collect();
                if projects.is_empty() {
                    self.tell(Tone::Warning, "round.none", &[]);
                } else {
                    self.overlay = Some(Overlay::ConfirmRound(projects));
                }
            }
        }
        Mode::RoundPicker { chosen, cursor }
    }

    /// A key of the decision's list (`keymap::DECISION`).
    pub(super) fn decision_action(
        &mut self,
        mut chosen: Vec<bool>,
        cursor: usize,
        action: SelectionAction,
    ) -> Mode {
        let ranked = self.ranked_projects();
        let Some(kiosk) = &self.kiosk else {
            return Mode::Decision { chosen, cursor };
        };
        match action {
            SelectionAction::Up | SelectionAction::Down => {
                let cursor = moved(action, cursor, ranked.len());
                return Mode::Decision { chosen, cursor };
            }
            SelectionAction::Tick => {
                let p = ranked[cursor];
                if !chosen[p] && !kiosk.may_add_laureate(chosen.iter().filter(|c| **c).count()) {
                    let max = kiosk.laureate_cap();
                    self.tell(Tone::Warning, "decision.too_many", &[("max", &max)]);
                } else {
                    chosen[p] = !chosen[p];
                    self.notice = None;
                }
            }
            SelectionAction::Back => return self.open_results(),
            SelectionAction::Validate => {
                let selected: Vec<usize> = ranked.iter().copied().filter(|&p| chosen[p]).collect();
                match kiosk.decision_step(&selected) {
                    DecisionStep::Confirm => {
                        self.overlay = Some(Overlay::ConfirmDecision(selected));
                    }
                    DecisionStep::NeedsReason => self.ask_reason(ReasonFor::Decision(selected)),
                }
            }
        }
        Mode::Decision { chosen, cursor }
    }
}

/// The cursor after Up or Down on a list of `len` projects.
fn moved(action: SelectionAction, cursor: usize, len: usize) -> usize {
    match action {
        SelectionAction::Up => cursor.saturating_sub(1),
        _ => (cursor + 1).min(len - 1),
    }
}
