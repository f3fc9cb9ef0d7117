//! The terminal shell: the event loop, and screens that draw the state.
//! All terminal I/O is in this module; the core knows nothing of it.

mod app;
mod overview;
mod theme;
mod too_small;

use std::process::ExitCode;
use std::time::Duration;

use crossterm::event::{Event, EventStream, KeyEventKind};
use futures::StreamExt;
use ratatui::DefaultTerminal;

pub use app::App;
pub use theme::Theme;

/// `jury` with no argument: the embedded demo.
pub fn run_demo() -> ExitCode {
    let app = App::new(crate::bundle::demo(), Theme::from_env());
    match run(app) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("jury: terminal error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Runs `app` full-screen until it asks to quit. The terminal is restored on
/// every path: normal exit, error, and panic (ratatui's hook).
pub fn run(app: App) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()?;
    let terminal = ratatui::init();
    let result = runtime.block_on(event_loop(terminal, app));
    ratatui::restore();
    result
}

async fn event_loop(mut terminal: DefaultTerminal, mut app: App) -> std::io::Result<()> {
    let mut events = EventStream::new();
    // A slow tick only to keep the clock on screen fresh; input wakes us at once.
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    while !app.should_quit() {
        terminal.draw(|frame| app.render(frame))?;
        tokio::select! {
            _ = tick.tick() => {}
            event = events.next() => match event {
                // Windows also reports releases: act on presses only.
                Some(Ok(Event::Key(key))) if key.kind == KeyEventKind::Press => app.handle_key(key),
                Some(Ok(_)) => {}
                Some(Err(error)) => return Err(error),
                None => break,
            },
        }
    }
    Ok(())
}
