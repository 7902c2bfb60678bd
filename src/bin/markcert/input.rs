//! Reading the user's files: regular files or `-` (standard input, once), each with a limit.

use std::io::Read;
use std::path::Path;

use crate::Failure;

/// Most bytes of an order body: an encoded logo is at most 4 MiB of text.
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// Refuses `-` given for more than one input: standard input can be read only once.
pub fn stdin_at_most_once<'a>(paths: impl IntoIterator<Item = &'a Path>) -> Result<(), Failure> {
    let count = paths.into_iter().filter(|p| is_stdin(p)).count();
    if count > 1 {
        return Err(Failure::Usage(
            "standard input (-) can be given for one input only; write the others to files"
                .to_owned(),
        ));
    }
    Ok(())
}

fn is_stdin(path: &Path) -> bool {
    path == Path::new("-")
}

/// The name to show for a path.
pub fn shown(path: &Path) -> String {
    if is_stdin(path) {
        "standard input".to_owned()
    } else {
        path.display().to_string()
    }
}

/// Reads a regular file, or standard input for `-`, refusing more than `limit` bytes without
/// reading past `limit + 1`. `what` names the input in messages ("the order body").
pub fn read(path: &Path, limit: usize, what: &str) -> Result<Vec<u8>, Failure> {
    read_at_most(path, limit, what, Failure::Io)
}

/// [`read`] for a logo: one over the size is a refused input (exit 1) wherever it is given,
/// as `logo check` reports it, not a file that cannot be read.
pub fn read_logo(path: &Path, limit: usize, what: &str) -> Result<Vec<u8>, Failure> {
    read_at_most(path, limit, what, |message| {
        Failure::Refused(format!("{message} (a logo should stay under 32 KB)"))
    })
}

fn read_at_most(
    path: &Path,
    limit: usize,
    what: &str,
    too_large_failure: fn(String) -> Failure,
) -> Result<Vec<u8>, Failure> {
    let too_large =
        |name: &str, what: &str, limit: usize| too_large_failure(too_large(name, what, limit));
    let name = shown(path);
    let mut bytes = Vec::new();
    let read = if is_stdin(path) {
        std::io::stdin()
            .lock()
            .take(limit as u64 + 1)
            .read_to_end(&mut bytes)
    } else {
        let metadata =
            std::fs::metadata(path).map_err(|e| Failure::Io(format!("cannot read {name}: {e}")))?;
        if !metadata.is_file() {
            return Err(Failure::Io(format!(
                "{name} is not a regular file (a directory, device or pipe); give a file, or - \
                 for standard input"
            )));
        }
        if metadata.len() > limit as u64 {
            return Err(too_large(&name, what, limit));
        }
        std::fs::File::open(path)
            .and_then(|file| file.take(limit as u64 + 1).read_to_end(&mut bytes))
    };
    read.map_err(|e| Failure::Io(format!("cannot read {name}: {e}")))?;
    if bytes.len() > limit {
        return Err(too_large(&name, what, limit));
    }
    Ok(bytes)
}

fn too_large(name: &str, what: &str, limit: usize) -> String {
    format!("{name} is larger than {limit} bytes, more than {what} can be; is it the right file?")
}
