//! `markcert`: BIMI mark certificates from DigiCert CertCentral, from the command line.
//!
//! Exit codes: 0 success; 1 the input was refused or has errors (the reasons are printed);
//! 2 usage, configuration or I/O errors; 3 the outcome is unknown or still pending.

mod args;
mod bimi;
mod certs;
mod input;
mod lifecycle;
mod logos;
mod orders;
mod render;

use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use args::{Cli, Command, DcvCommand};

/// A failure and the exit code it maps to.
pub enum Failure {
    /// The input was read but refused (exit 1).
    Refused(String),
    /// The command line cannot be carried out as written (exit 2).
    Usage(String),
    /// Reading, writing or setting up failed (exit 2).
    Io(String),
    /// The outcome was already printed; exit with this code.
    Printed(u8),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    init_logging(cli.verbose, cli.quiet);
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Refused(message)) => {
            render::note(&message);
            ExitCode::from(1)
        }
        Err(Failure::Usage(message) | Failure::Io(message)) => {
            render::note(&message);
            ExitCode::from(2)
        }
        Err(Failure::Printed(code)) => ExitCode::from(code),
    }
}

fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::Validate(args) => orders::validate(args),
        Command::Order(args) => orders::order(args),
        Command::Logo(command) => logos::run(command),
        Command::Status(args) => lifecycle::status(args),
        Command::Watch(args) => lifecycle::watch(args),
        Command::Mark(command) => lifecycle::mark(command),
        Command::Cancel(args) => lifecycle::cancel(args),
        Command::Dcv(DcvCommand::Check(args)) => lifecycle::check_dcv(args),
        Command::Cert(command) => certs::run(command),
        Command::Bimi(command) => bimi::run(command),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "markcert", &mut out);
            render::stdout_raw(&out)
        }
        Command::Man => {
            let mut out = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut out)
                .map_err(|e| Failure::Io(format!("cannot write the manual page: {e}")))?;
            render::stdout_raw(&out)
        }
    }
}

/// Progress and diagnostics on standard error: the crate's info events by default (each
/// order attempt, wait and lookup), requests and answers with -v, everything with -vv.
fn init_logging(verbose: u8, quiet: bool) {
    let level = match (quiet, verbose) {
        (true, _) => tracing::Level::WARN,
        (false, 0) => tracing::Level::INFO,
        (false, 1) => tracing::Level::DEBUG,
        (false, _) => tracing::Level::TRACE,
    };
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(lifecycle::log_writer)
        .with_ansi(false)
        .with_target(verbose > 1)
        .without_time()
        .finish();
    let _ = tracing::subscriber::set_global_default(subscriber);
}

/// The async runtime for commands that talk to DigiCert.
pub fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Io(format!("cannot start the async runtime: {e}")))
}
