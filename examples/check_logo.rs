//! Checks an SVG logo against SVG Tiny PS and prints its encoded form.
//!
//! ```sh
//! cargo run --example check_logo -- examples/logo.svg
//! ```

use digicert_mark_certs::logo::Logo;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/examples/logo.svg").to_owned());
    let logo = Logo::from_file(&path)?;
    let report = logo.check();
    for finding in &report.findings {
        println!("{finding}");
    }
    if report.is_valid() {
        println!("{path}: valid ({} warning(s))", report.warnings().count());
        println!("vmc.logo = {}", logo.encoded());
        Ok(())
    } else {
        Err(format!("{path}: {} error(s)", report.errors().count()).into())
    }
}
