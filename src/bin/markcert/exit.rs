//! How a command ends: one exit code per kind of end, and the failures that lead to them.

use std::process::ExitCode;

/// The exit codes of every command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// 0: done; for checks, nothing stands in the way.
    Ok,
    /// 1: refused: the input has errors, DigiCert said no, or the order ended without a
    /// certificate.
    Refused,
    /// 2: the command cannot be carried out as written: usage, configuration, files, a read
    /// refused for a wrong key, region or id.
    Usage,
    /// 3: unknown or not yet: the outcome could not be told (an unclear answer, a deadline),
    /// or the order is still pending.
    Unknown,
}

impl Exit {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Self::Ok => 0,
            Self::Refused => 1,
            Self::Usage => 2,
            Self::Unknown => 3,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit.code())
    }
}

/// A command that did not end with [`Exit::Ok`].
pub enum Failure {
    /// The input was read but refused (exit 1); the message says why.
    Refused(String),
    /// The command line cannot be carried out as written (exit 2).
    Usage(String),
    /// Reading, writing or setting up failed (exit 2).
    Io(String),
    /// Why was already printed; end with this exit.
    Printed(Exit),
}

impl Failure {
    /// The exit this failure ends with.
    pub fn exit(&self) -> Exit {
        match self {
            Self::Refused(_) => Exit::Refused,
            Self::Usage(_) | Self::Io(_) => Exit::Usage,
            Self::Printed(exit) => *exit,
        }
    }
}
