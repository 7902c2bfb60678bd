//! `markcert`: BIMI mark certificate logos from the command line.
//!
//! Exit codes: 0 success, 1 the input was refused (the reason is printed), 2 usage or I/O
//! errors.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use digicert_mark_certs::logo::{Logo, LogoError, MAX_ENCODED_CHARS};

#[derive(Parser)]
#[command(
    name = "markcert",
    version,
    about = "BIMI mark certificates from DigiCert CertCentral"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Work with SVG logos and their encoded (gzip + base64) form.
    #[command(subcommand)]
    Logo(LogoCommand),
}

#[derive(Subcommand)]
enum LogoCommand {
    /// Print the encoded form of an SVG file, as sent in `vmc.logo`.
    Encode {
        /// The SVG file.
        file: PathBuf,
    },
    /// Write the exact SVG bytes carried by an encoded logo to standard output.
    Decode {
        /// A file holding the encoded logo, or `-` for standard input.
        file: PathBuf,
    },
}

/// A failure and the exit code it maps to.
enum Failure {
    /// The input was read but refused.
    Refused(String),
    /// Reading or writing failed.
    Io(String),
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
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Refused(message)) => {
            eprintln!("markcert: {message}");
            ExitCode::from(1)
        }
        Err(Failure::Io(message)) => {
            eprintln!("markcert: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Logo(LogoCommand::Encode { file }) => {
            let logo = Logo::from_file(&file).map_err(logo_failure)?;
            write_stdout(format!("{}\n", logo.encoded()).as_bytes())
        }
        Command::Logo(LogoCommand::Decode { file }) => {
            let text = read_text(&file)?;
            let logo = Logo::from_encoded(&text).map_err(logo_failure)?;
            write_stdout(logo.svg())
        }
    }
}

fn logo_failure(e: LogoError) -> Failure {
    match e {
        LogoError::Io { .. } => Failure::Io(e.to_string()),
        other => Failure::Refused(other.to_string()),
    }
}

/// Reads a text file (or standard input for `-`), refusing more than an encoded logo can be.
fn read_text(file: &PathBuf) -> Result<String, Failure> {
    let name = file.display().to_string();
    let source: Box<dyn Read> = if name == "-" {
        Box::new(std::io::stdin())
    } else {
        Box::new(
            std::fs::File::open(file)
                .map_err(|e| Failure::Io(format!("cannot read {name}: {e}")))?,
        )
    };
    let mut bytes = Vec::new();
    source
        .take(MAX_ENCODED_CHARS as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::Io(format!("cannot read {name}: {e}")))?;
    if bytes.len() > MAX_ENCODED_CHARS {
        return Err(Failure::Refused(format!(
            "{name} is longer than an encoded logo can be ({MAX_ENCODED_CHARS} characters)"
        )));
    }
    String::from_utf8(bytes).map_err(|_| {
        Failure::Refused(format!(
            "{name} is not text; expected a base64-encoded logo"
        ))
    })
}

fn write_stdout(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| Failure::Io(format!("cannot write to standard output: {e}")))
}
