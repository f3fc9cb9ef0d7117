//! The terminal shell: the event loop, and screens that draw the state.
//! All terminal I/O is in this module; the core knows nothing of it.

mod app;
mod console_actions;
mod dialogs;
mod juror_actions;
mod keymap;
mod opening_actions;
mod results_actions;
mod screens;
mod speech;
mod spoken_turn;
mod text_input;
mod theme;
mod too_small;

use std::io::stdout;
use std::process::ExitCode;
use std::time::Duration;

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event,
    EventStream, KeyEventKind,
};
use crossterm::execute;
use futures::StreamExt;
use ratatui::DefaultTerminal;
use ratatui::layout::Rect;
use speech::Speaker;

pub use crate::kiosk::{KEY_FILE, TALLY_FILE};
pub use app::{App, Mode, Notice, Overlay};
pub use theme::Theme;
pub use too_small::{MIN_HEIGHT, MIN_WIDTH};

/// `jury` with no argument: the embedded demo, in a fresh scratch folder.
pub fn run_demo() -> ExitCode {
    let folder = crate::kiosk::folder::demo_folder();
    let app = App::new(crate::bundle::demo(), folder.clone(), Theme::from_env()).scratch_folder();
    let code = run_app(app);
    if crate::kiosk::folder::exists(&folder) {
        eprintln!("jury: the demo session's files are in {}", folder.display());
    }
    code
}

/// Runs the kiosk and reports a terminal failure in one line.
pub fn run_app(app: App) -> ExitCode {
    match run(app) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("jury: terminal error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Runs `app` full-screen until it asks to quit. The terminal (mouse
/// capture included) is restored on every path: exit, error and panic.
pub fn run(app: App) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()?;
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
        hook(info);
    }));
    let terminal = ratatui::init();
    // Bracketed paste: a paste arrives as one event, never as key presses.
    let result = execute!(stdout(), EnableMouseCapture, EnableBracketedPaste)
        .and_then(|()| runtime.block_on(event_loop(terminal, app)));
    let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
    result
}

async fn event_loop(mut terminal: DefaultTerminal, mut app: App) -> std::io::Result<()> {
    let mut events = EventStream::new();
    // A slow tick only to keep clocks fresh; input wakes the loop at once.
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    let mut lines = LineTerminal::default();
    let mut speaker = app.speech_command().map(Speaker::new);
    while !app.should_quit() {
        let size = terminal.size()?;
        app.set_area(Rect::new(0, 0, size.width, size.height));
        if app.in_lines() != lines.active {
            lines.switch(&mut terminal, app.in_lines())?;
        }
        if lines.active {
            if let Some((said, voice, curtain)) = app.take_lines() {
                lines.print(&said, curtain)?;
                if let Some(speaker) = &mut speaker {
                    speaker.say(&said.join(" "), app.language_code(), voice);
                }
            }
        } else {
            terminal.draw(|frame| app.render(frame))?;
        }
        tokio::select! {
            _ = tick.tick() => {}
            event = events.next() => match event {
                // Windows also reports releases: act on presses only.
                Some(Ok(Event::Key(key))) if key.kind != KeyEventKind::Press => {}
                Some(Ok(event)) => app.handle_event(&event),
                Some(Err(error)) => return Err(error),
                None => break,
            },
        }
    }
    Ok(())
}

/// The terminal of a turn in lines: the main screen (not the alternate
/// one), lines printed one below the other and never redrawn, the cursor
/// after the last, where screen readers and braille displays look.
#[derive(Default)]
struct LineTerminal {
    active: bool,
    curtain: bool,
}

impl LineTerminal {
    fn switch(&mut self, terminal: &mut DefaultTerminal, to_lines: bool) -> std::io::Result<()> {
        use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen};
        self.active = to_lines;
        self.curtain = false;
        if to_lines {
            execute!(
                stdout(),
                DisableMouseCapture,
                LeaveAlternateScreen,
                crossterm::cursor::Show
            )?;
            std::io::Write::write_all(&mut stdout(), b"\r\n")
        } else {
            // Not `terminal.clear()`: it asks the terminal where its cursor
            // is, an answer the event stream would swallow. A cleared screen
            // and blank buffers give the same full redraw.
            execute!(
                stdout(),
                EnterAlternateScreen,
                EnableMouseCapture,
                crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
            )?;
            terminal.swap_buffers();
            Ok(())
        }
    }

    fn print(&mut self, said: &[String], curtain: bool) -> std::io::Result<()> {
        use std::io::Write;
        let mut out = stdout().lock();
        if curtain {
            if !self.curtain {
                // The screen curtain: nothing of the ballot stays visible.
                execute!(
                    out,
                    crossterm::terminal::Clear(crossterm::terminal::ClearType::All),
                    crossterm::terminal::Clear(crossterm::terminal::ClearType::Purge),
                    crossterm::cursor::MoveTo(0, 0)
                )?;
            }
        } else {
            for line in said {
                // Bundle text is checked on loading; escaped here all the same.
                let line = crate::terminal_text::escape(line);
                write!(out, "{line}\r\n")?;
            }
        }
        self.curtain = curtain;
        out.flush()
    }
}
