//! `markcert completions` and `markcert man`: the command's own documentation.

use std::path::Path;

use clap::CommandFactory;

use crate::args::Cli;
use crate::exit::Failure;
use crate::render;

pub fn completions(shell: clap_complete::Shell) -> Result<(), Failure> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "markcert", &mut out);
    render::stdout_raw(&out)
}

/// The top page on standard output, or, with `dir`, the top page and one page per command
/// (and per subcommand: `markcert-cert-download.1`) written there.
pub fn man(dir: Option<&Path>) -> Result<(), Failure> {
    let command = Cli::command();
    let Some(dir) = dir else {
        return render::stdout_raw(&page(command)?);
    };
    if !dir.is_dir() {
        return Err(Failure::Usage(format!(
            "{} is not a directory; create it first",
            dir.display()
        )));
    }
    let mut written = 0usize;
    let mut pages = vec![("markcert".to_owned(), command.clone())];
    for sub in command.get_subcommands() {
        let name = format!("markcert-{}", sub.get_name());
        for subsub in sub.get_subcommands() {
            let subname = format!("{name}-{}", subsub.get_name());
            pages.push((subname.clone(), subsub.clone().name(subname.leak() as &str)));
        }
        pages.push((name.clone(), sub.clone().name(name.clone().leak() as &str)));
    }
    for (name, command) in pages {
        let path = dir.join(format!("{name}.1"));
        std::fs::write(&path, page(command)?)
            .map_err(|e| Failure::Io(format!("cannot write {}: {e}", path.display())))?;
        written += 1;
    }
    render::note(&format!(
        "{written} manual pages written to {}",
        dir.display()
    ));
    Ok(())
}

/// One manual page, with the ENVIRONMENT section every page carries.
fn page(command: clap::Command) -> Result<Vec<u8>, Failure> {
    let command = command.after_help(crate::args::AFTER_HELP);
    let mut out = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut out)
        .map_err(|e| Failure::Io(format!("cannot write the manual page: {e}")))?;
    Ok(out)
}
