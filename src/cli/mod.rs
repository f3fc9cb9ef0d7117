//! The command line: one binary, one sub-command per job.

mod bundle_import;
mod check;
mod exit;
mod key_option;
mod keygen;
mod out_option;
mod receipt;
mod results;
mod run;
mod simulate;
mod synth_bundle;
mod verify;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use exit::Exit;

#[derive(Debug, Parser)]
#[command(
    name = "jury",
    version,
    about = "A kiosk for citizen juries: guided grading, a deliberation, and a signed tally staff can verify.",
    long_about = "Without a command, opens the embedded demo session."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the kiosk on a session: creates its tally, or resumes it. Needs a
    /// terminal (exit 2, nothing created, without one).
    Run {
        /// The session bundle (.ron).
        bundle: PathBuf,
        /// Folder for the session's files (tally, encrypted key, drafts).
        /// Default: BUNDLE's name with `.session`, beside it.
        #[arg(long)]
        state: Option<PathBuf>,
        /// Sign with this OpenSSH Ed25519 key (for a bundle that pins its signer).
        #[arg(long)]
        key: Option<PathBuf>,
    },
    /// Make or inspect session bundles.
    Bundle {
        #[command(subcommand)]
        command: BundleCommand,
    },
    /// Validate a session bundle and print its summary and SHA-256.
    ///
    /// Exit status: 0 valid, 1 invalid, 2 unreadable.
    Check {
        /// The bundle file (.ron).
        bundle: PathBuf,
    },
    /// Check a tally: syntax, hash chain, signatures, rules, seal, results.
    ///
    /// Exit status: 0 valid, 1 invalid or incomplete (unsealed), 2 unreadable input.
    Verify {
        /// The tally file.
        tally: PathBuf,
        /// The session bundle the tally claims to be made from.
        #[arg(long)]
        bundle: Option<PathBuf>,
        /// The expected signer: a .pub file, an allowed_signers file, or an `ssh-ed25519 …` line; when it lists several keys, line 1's key must be one of them (the report names which).
        #[arg(long)]
        signer: Option<String>,
        /// The detached signature (default: TALLY.sig, if present).
        #[arg(long)]
        signature: Option<PathBuf>,
        /// Print a machine-readable report.
        #[arg(long)]
        json: bool,
        /// Also look up a juror's grades with their receipt code (as `jury receipt`);
        /// exit 1 if it finds none.
        #[arg(long)]
        receipt: Option<String>,
    },
    /// Verify a sealed tally, then print its minutes (procès-verbal).
    ///
    /// Exit status: 0 printed, 1 the tally does not verify, 2 unreadable input.
    Results {
        /// The tally file.
        tally: PathBuf,
        /// The session bundle (required: the results are computed from it).
        #[arg(long)]
        bundle: PathBuf,
        #[arg(long, value_enum, default_value_t = results::Format::Text)]
        format: results::Format,
        /// Write to this file instead of the standard output. It is never
        /// the tally, its .sig or the bundle (under any name), and never an
        /// existing file unless --force.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Let --out replace an existing file (never one of the inputs).
        #[arg(long, requires = "out")]
        force: bool,
    },
    /// A juror's own grades in a published tally, found with their receipt code.
    ///
    /// Exit status: 0 found, 1 not found (or the tally does not verify), 2 unreadable.
    Receipt {
        /// The tally file.
        tally: PathBuf,
        /// The receipt code the juror copied (XXXX-XXXX-XXXX-XXXX).
        code: String,
        /// The session bundle: project names and grade labels in words.
        #[arg(long)]
        bundle: Option<PathBuf>,
        /// Print the grades as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write a complete, sealed rehearsal session with random ballots.
    Simulate {
        /// The session bundle.
        bundle: PathBuf,
        /// Seed for the random ballots: the same seed gives the same ballots.
        #[arg(long)]
        seed: u64,
        /// Where to write the tally (TALLY.sig and TALLY.allowed_signers go
        /// beside it). Never replaces a file: the tally and the files beside
        /// it must not exist.
        #[arg(long)]
        out: PathBuf,
        /// How many seats are marked absent.
        #[arg(long, default_value_t = 0)]
        absent: usize,
        /// Probability (0 to 1) that a juror declares a conflict on a project.
        #[arg(long, default_value_t = 0.0)]
        conflicts: f64,
        /// Sign with this OpenSSH Ed25519 key (for a bundle that pins its signer).
        #[arg(long)]
        key: Option<PathBuf>,
    },
    /// Write a synthetic bundle (for benchmarks and rehearsals at scale).
    SynthBundle {
        #[arg(long, default_value_t = 150)]
        jurors: usize,
        #[arg(long, default_value_t = 187)]
        projects: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The bundle file to write; never an existing file unless --force.
        #[arg(long)]
        out: PathBuf,
        /// Let --out replace an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Write an Ed25519 key pair in OpenSSH format (NAME and NAME.pub) for a pinned signer.
    Keygen {
        /// Path of the private key; the public key goes to NAME.pub. Never
        /// replaces a file: neither may exist.
        #[arg(long)]
        out: PathBuf,
        /// Do not encrypt the private key (not recommended).
        #[arg(long)]
        no_passphrase: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum BundleCommand {
    /// Make a bundle from a spreadsheet of applications (CSV, XLSX, ODS) and a
    /// template bundle that gives everything but the projects.
    ///
    /// Prints a report of every row and cell; writes nothing if a row is refused.
    /// Exit status: 0 written, 1 rows refused (no bundle written), 2 unreadable.
    Import {
        /// The spreadsheet: .csv (UTF-8 or Windows-1252, `;` `,` or tab), .xlsx or .ods.
        sheet: PathBuf,
        /// A bundle with `projects: []`: title, date, criteria, grades, jurors…
        #[arg(long)]
        template: PathBuf,
        /// The bundle to write.
        #[arg(long)]
        out: PathBuf,
        /// FIELD=COLUMN: which column fills a project field (id, name, aim, proposal,
        /// complements, partners, website, category; name.en… for a translation).
        /// COLUMN is a header or letters (C). Without it, guessed from the headers.
        #[arg(long = "map", value_name = "FIELD=COLUMN")]
        maps: Vec<String>,
        /// COLUMN=VALUE: keep only the rows whose COLUMN holds VALUE (case and accents ignored).
        #[arg(long = "where", value_name = "COLUMN=VALUE")]
        filters: Vec<String>,
        /// The sheet of an XLSX or ODS workbook to read (default: the first).
        #[arg(long = "sheet")]
        sheet_name: Option<String>,
        /// A `jury draw` folder: the jurors are the `seat` rows of its selection.csv.
        #[arg(long)]
        seats: Option<PathBuf>,
    },
}

/// A command's failure, on stderr: `jury COMMAND: message`. Paths and
/// messages can carry text from a file or an argument, so anything that
/// could drive the terminal is escaped (the message's own line breaks stay).
fn fail(command: &str, message: &str) {
    eprintln!(
        "jury {command}: {}",
        crate::terminal_text::escape_lines(message)
    );
}

/// The command line, parsed. clap's own messages quote the arguments (an
/// unknown subcommand, a bad value): they are rendered here, as plain text,
/// escaped (`crate::terminal_text`), never printed by clap itself. Help and
/// version go to stdout (exit 0), mistakes to stderr (exit 2).
pub fn parse() -> Result<Cli, ExitCode> {
    parse_from(std::env::args_os())
}

pub fn parse_from<I, T>(args: I) -> Result<Cli, ExitCode>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    Cli::try_parse_from(args).map_err(|e| {
        let text = e.render().to_string();
        let text = crate::terminal_text::escape_lines(&text);
        if e.use_stderr() {
            eprint!("{text}");
        } else {
            print!("{text}");
        }
        ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
    })
}

/// As `fail`, for the commands whose exit codes are their own (not `Exit`).
fn fail_with(command: &str, code: u8, message: &str) -> ExitCode {
    fail(command, message);
    ExitCode::from(code)
}

pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        None => run::without_terminal("jury").unwrap_or_else(crate::tui::run_demo),
        Some(Command::Run { bundle, state, key }) => run::run(&bundle, state, key.as_deref()),
        Some(Command::Check { bundle }) => check::run(&bundle),
        Some(Command::Bundle {
            command:
                BundleCommand::Import {
                    sheet,
                    template,
                    out,
                    maps,
                    filters,
                    sheet_name,
                    seats,
                },
        }) => bundle_import::run(&crate::bundle::import::Options {
            sheet,
            template,
            out,
            maps,
            filters,
            sheet_name,
            seats,
        }),
        Some(Command::Verify {
            tally,
            bundle,
            signer,
            signature,
            json,
            receipt,
        }) => verify::run(
            &tally,
            bundle.as_deref(),
            signer.as_deref(),
            signature,
            json,
            receipt.as_deref(),
        )
        .into(),
        Some(Command::Receipt {
            tally,
            code,
            bundle,
            json,
        }) => receipt::run(&tally, &code, bundle.as_deref(), json).into(),
        Some(Command::Simulate {
            bundle,
            seed,
            out,
            absent,
            conflicts,
            key,
        }) => simulate::run(&bundle, seed, &out, absent, conflicts, key.as_deref()),
        Some(Command::Results {
            tally,
            bundle,
            format,
            out,
            force,
        }) => results::run(&tally, &bundle, format, out.as_deref(), force).into(),
        Some(Command::SynthBundle {
            jurors,
            projects,
            seed,
            out,
            force,
        }) => synth_bundle::run(jurors, projects, seed, &out, force),
        Some(Command::Keygen { out, no_passphrase }) => keygen::run(&out, no_passphrase),
    }
}
