//! `markcert`: BIMI mark certificates from DigiCert CertCentral, from the command line.
//!
//! Exit codes ([`exit::Exit`]): 0 success; 1 the input was refused or has errors (the reasons
//! are printed); 2 usage, configuration or I/O errors; 3 the outcome is unknown or still
//! pending.

// The doc comments on the argument types are the command's help text, printed as written:
// a URL there stays plain text rather than becoming a rustdoc link.
#![allow(rustdoc::bare_urls)]

mod args;
mod context;
mod exit;
mod failures;
mod input;
mod render;
mod verbs;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};
use context::Context;
use exit::{Exit, Failure};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                Exit::Usage.into()
            } else {
                Exit::Ok.into()
            };
        }
    };
    init_logging(cli.verbose, cli.quiet);
    let ctx = Context::default();
    match run(&ctx, cli.command) {
        Ok(()) => Exit::Ok.into(),
        Err(failure) => {
            if let Failure::Refused(message) | Failure::Usage(message) | Failure::Io(message) =
                &failure
            {
                render::note(message);
            }
            failure.exit().into()
        }
    }
}

fn run(ctx: &Context, command: Command) -> Result<(), Failure> {
    match command {
        Command::Init(args) => verbs::init::run(args),
        Command::Validate(args) => verbs::validate::run(args),
        Command::Order(args) => verbs::order::run(ctx, args),
        Command::Logo(command) => verbs::logo::run(ctx, command),
        Command::Status(args) => verbs::status::run(ctx, args),
        Command::Watch(args) => verbs::watch::run(ctx, args),
        Command::Reissue(args) => verbs::reissue::run(ctx, args),
        Command::Renew(args) => verbs::renew::run(ctx, args),
        Command::Orders(args) => verbs::orders::run(ctx, args),
        Command::Organizations(args) => verbs::orders::organizations(ctx, args),
        Command::Mark(command) => verbs::mark::run(ctx, command),
        Command::Cancel(args) => verbs::cancel::run(ctx, args),
        Command::Dcv(command) => verbs::dcv::run(ctx, command),
        Command::Cert(command) => verbs::cert::run(ctx, command),
        Command::Bimi(command) => verbs::bimi::run(ctx, command),
        Command::Completions { shell } => verbs::docs::completions(shell),
        Command::Man { dir } => verbs::docs::man(dir.as_deref()),
    }
}

/// Diagnostics on standard error: warnings and errors by default (the command's own notes say
/// what matters), each order attempt, wait, lookup, request and answer with -v, everything
/// with -vv; errors only with -q.
fn init_logging(verbose: u8, quiet: bool) {
    let level = match (quiet, verbose) {
        (true, _) => tracing::Level::ERROR,
        (false, 0) => tracing::Level::WARN,
        (false, 1) => tracing::Level::DEBUG,
        (false, _) => tracing::Level::TRACE,
    };
    render::set_quiet(quiet);
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(verbs::watch::log_writer)
        .with_ansi(false)
        .with_target(verbose > 1)
        .without_time()
        .finish();
    let _ = tracing::subscriber::set_global_default(subscriber);
}
