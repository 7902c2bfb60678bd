//! Hostile prologs: whatever mix of declarations, comments, instructions and DOCTYPE pieces
//! comes before the logo, the checker never panics, never lets a declared entity through, and
//! points only at places inside the file.

use digicert_mark_certs::logo::check;
use proptest::prelude::*;

const LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny-ps" viewBox="0 0 10 10"><title>Brand &x;</title><rect width="10" height="10" fill="#fff"/><circle cx="5" cy="5" r="3" fill="#c00"/></svg>"##;

/// Pieces a prolog is made of, valid or not, in any order.
fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "<?xml version=\"1.0\"?>",
        "<!DOCTYPE",
        "<!DOCTYPE svg",
        " svg",
        " PUBLIC",
        " SYSTEM",
        " \"-//W3C//DTD SVG 1.1//EN\"",
        " 'x[y>.dtd'",
        "\"",
        "'",
        "[",
        "]",
        ">",
        "<!ENTITY x \"&y;&y;\">",
        "<!ENTITY y SYSTEM \"file:///etc/passwd\">",
        "<!--",
        "-->",
        "<!-- ] > -->",
        "<?pi [ ?>",
        " ",
        "\n",
        "é",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn a_hostile_prolog_never_lets_an_entity_through(pieces in prop::collection::vec(piece(), 0..12)) {
        let prolog = pieces.concat();
        let svg = format!("{prolog}{LOGO}");
        let report = check(svg.as_bytes());
        // The body uses &x;: it is refused whether or not the prolog declares it.
        prop_assert!(!report.is_valid(), "{svg}\n{:?}", report.findings);
        let lines = svg.lines().count() as u32;
        for finding in &report.findings {
            prop_assert_eq!(finding.location.line.is_some(), finding.location.column.is_some());
            if let Some(line) = finding.location.line {
                prop_assert!(line >= 1 && line <= lines.max(1), "{svg}\n{finding}");
            }
        }
    }

    #[test]
    fn a_doctype_declaring_nothing_never_hides_the_rest(spaces in "[ \n]{0,3}", public in any::<bool>()) {
        let doctype = if public {
            r#"<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">"#
        } else {
            "<!DOCTYPE svg>"
        };
        let styled = LOGO.replace("&x;", "").replace("<rect ", r#"<rect style="fill:red" "#);
        let report = check(format!("{spaces}{doctype}{spaces}{styled}").as_bytes());
        prop_assert_eq!(report.rules(), vec!["doctype", "attribute-not-allowed"]);
    }
}
