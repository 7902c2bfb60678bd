//! The checker's rules one by one: each has a case that passes and one that fails, and every
//! finding says where and how to fix it.

use digicert_mark_certs::findings::Severity;
use digicert_mark_certs::logo::{MAX_SVG_BYTES, check};

const OPEN: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny-ps" viewBox="0 0 10 10">"#;
const BODY: &str =
    r##"<rect width="10" height="10" fill="#fff"/><circle cx="5" cy="5" r="3" fill="#c00"/>"##;

fn logo(inner: &str) -> String {
    format!("{OPEN}<title>Brand</title>{inner}</svg>")
}

fn rules(svg: &str) -> Vec<String> {
    check(svg.as_bytes())
        .findings
        .iter()
        .map(|f| f.rule.to_string())
        .collect()
}

#[test]
fn a_good_logo_has_no_findings() {
    let report = check(logo(BODY).as_bytes());
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    assert!(report.is_valid());
}

#[test]
fn not_utf8_names_the_line_and_column_of_the_bad_byte() {
    let mut bytes = logo(BODY).into_bytes();
    let at = bytes.iter().position(|b| *b == b'B').unwrap();
    bytes[at] = 0xE9; // Latin-1 é
    let report = check(&bytes);
    let finding = &report.findings[0];
    assert_eq!(
        (finding.rule.as_ref(), finding.severity),
        ("not-utf8", Severity::Error)
    );
    assert_eq!(
        (finding.location.line, finding.location.column),
        (Some(1), Some(at as u32 + 1))
    );
    assert!(finding.message.contains("UTF-8"));
}

#[test]
fn svg_too_large_is_refused_without_parsing() {
    let huge = format!("{}{}", logo(BODY), " ".repeat(MAX_SVG_BYTES));
    assert_eq!(rules(&huge), ["svg-too-large"]);
}

#[test]
fn size_over_32kb_is_a_warning() {
    let padding = format!("<desc>{}</desc>", "x".repeat(33 * 1024));
    let report = check(logo(&format!("{padding}{BODY}")).as_bytes());
    assert!(report.is_valid());
    assert_eq!(
        rules(&logo(&format!("{padding}{BODY}"))),
        ["size-over-32kb"]
    );
}

#[test]
fn xml_limits_cap_the_node_count() {
    let many = "<g/>".repeat(110_000);
    assert!(rules(&logo(&format!("{BODY}{many}"))).contains(&"xml-limits".to_owned()));
    assert!(
        !rules(&logo(&format!("{BODY}{}", "<g/>".repeat(1000)))).contains(&"xml-limits".to_owned())
    );
}

#[test]
fn xml_malformed_points_at_the_problem() {
    let report = check(format!("{OPEN}<title>Brand</title>\n<rect width=10/></svg>").as_bytes());
    let finding = &report.findings[0];
    assert_eq!(finding.rule, "xml-malformed");
    assert_eq!(finding.location.line, Some(2));
}

#[test]
fn doctype_is_refused_with_or_without_declarations() {
    assert_eq!(rules(&format!("<!DOCTYPE svg>{}", logo(BODY))), ["doctype"]);
    let laughs = r#"<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>"#;
    assert_eq!(rules(&format!("{laughs}{}", logo(BODY))), ["doctype"]);
    assert_eq!(
        rules(&format!("<!-- <!DOCTYPE svg> -->{}", logo(BODY))),
        Vec::<&str>::new()
    );
}

#[test]
fn title_first_and_title_once() {
    assert_eq!(
        rules(&format!("{OPEN}{BODY}<title>Late</title></svg>")),
        ["title-first"]
    );
    assert_eq!(rules(&format!("{OPEN}{BODY}</svg>")), ["title-first"]);
    assert_eq!(
        rules(&logo(&format!("<title>Two</title>{BODY}"))),
        ["title-once"]
    );
}

#[test]
fn title_long_counts_characters_not_bytes() {
    let title = |t: &str| format!("{OPEN}<title>{t}</title>{BODY}</svg>");
    assert_eq!(rules(&title(&"é".repeat(64))), Vec::<&str>::new());
    assert_eq!(rules(&title(&"é".repeat(65))), ["title-long"]);
    assert_eq!(rules(&title("  ")), ["title-empty"]);
}

#[test]
fn element_not_allowed_names_the_element_and_the_fix() {
    let report = check(logo(&format!("{BODY}<script>x()</script>")).as_bytes());
    let finding = &report.findings[0];
    assert_eq!(finding.rule, "element-not-allowed");
    assert_eq!(finding.location.element.as_deref(), Some("<script>"));
    assert!(finding.message.contains("remove"), "{}", finding.message);
    assert!(finding.location.line.is_some() && finding.location.column.is_some());
}

#[test]
fn attribute_not_allowed_covers_style_events_and_root_position() {
    assert_eq!(
        rules(&logo(r#"<rect style="fill:red" width="1" height="1"/>"#))[0],
        "attribute-not-allowed"
    );
    assert_eq!(
        rules(&logo(r##"<rect onload="x()" fill="#fff"/>"##))[0],
        "attribute-not-allowed"
    );
    let positioned = check(format!(r#"<svg x="0" {}"#, &logo(BODY)[5..]).as_bytes());
    assert_eq!(positioned.findings[0].rule, "attribute-not-allowed");
    assert!(positioned.findings[0].message.contains("root"));
}

#[test]
fn attribute_value_checks_keywords_fixed_values_and_names() {
    assert_eq!(
        rules(&logo(&format!(r#"<rect fill-rule="odd"/>{BODY}"#))),
        ["attribute-value"]
    );
    assert_eq!(
        rules(&logo(&format!(r#"<rect fill-rule=" evenodd "/>{BODY}"#))),
        Vec::<&str>::new()
    );
    let zoom = format!(r#"<svg zoomAndPan="magnify" {}"#, &logo(BODY)[5..]);
    assert_eq!(rules(&zoom), ["attribute-value"]);
}

#[test]
fn text_not_allowed_outside_text_elements() {
    assert_eq!(
        rules(&logo(&format!("{BODY}<g>loose words</g>"))),
        ["text-not-allowed"]
    );
    assert_eq!(
        rules(&logo(&format!(r##"{BODY}<text fill="#000">words</text>"##))),
        Vec::<&str>::new()
    );
}

#[test]
fn external_reference_covers_href_url_and_xml_base() {
    assert_eq!(
        rules(&logo(&format!(r##"{BODY}<use href="other.svg#a"/>"##))),
        ["external-reference"]
    );
    assert_eq!(
        rules(&logo(&format!(r##"{BODY}<use href="#a"/>"##))),
        Vec::<&str>::new()
    );
    let url = logo(&format!(
        r##"{BODY}<rect fill="url('https://x.example/p#g')"/>"##
    ));
    assert_eq!(rules(&url), ["external-reference"]);
}

#[test]
fn not_square_and_relative_size_are_warnings() {
    let wide = check(logo(BODY).replace("0 0 10 10", "0 0 20 10").as_bytes());
    assert!(wide.is_valid());
    assert_eq!(wide.findings[0].rule, "not-square");
    let percent = logo(BODY).replace(
        "viewBox=\"0 0 10 10\"",
        "width=\"100%\" height=\"100%\" viewBox=\"0 0 10 10\"",
    );
    assert_eq!(
        rules(&percent),
        ["relative-size", "relative-size"],
        "one per attribute"
    );
}

#[test]
fn single_colour_counts_the_default_black_fill() {
    assert_eq!(
        rules(&logo(r##"<rect width="10" height="10" fill="#000"/>"##)),
        ["single-colour"]
    );
    assert_eq!(
        rules(&logo(
            r##"<rect width="10" height="10" fill="#fff"/><circle r="2"/>"##
        )),
        Vec::<&str>::new()
    );
    assert_eq!(
        rules(&logo(
            r##"<rect fill="#FFF"/><rect fill="white"/><rect fill="#ffffff"/>"##
        )),
        ["single-colour"]
    );
}

#[test]
fn every_finding_explains_a_fix() {
    let messy = format!(
        r##"<?xml-stylesheet href="a.css"?>{OPEN}<rect style="x" fill="#fff"/><image/><title></title></svg>"##
    );
    let report = check(messy.as_bytes());
    assert!(report.findings.len() >= 4, "{:?}", report.findings);
    for finding in &report.findings {
        assert!(finding.message.len() > 20, "{finding}");
        assert!(
            finding
                .to_string()
                .starts_with(&format!("{}[{}]", finding.severity, finding.rule))
        );
    }
}

#[test]
fn not_square_allows_rounding_but_not_real_differences() {
    let rounded = logo(BODY).replace("0 0 10 10", "0 0 25.399999 25.4");
    assert_eq!(rules(&rounded), Vec::<&str>::new());
    let sized = logo(BODY).replace("viewBox=\"0 0 10 10\"", "width=\"1200\" height=\"1200.3\"");
    assert_eq!(rules(&sized), Vec::<&str>::new());
    let off_by_one_percent = logo(BODY).replace("0 0 10 10", "0 0 100 99");
    assert_eq!(rules(&off_by_one_percent), ["not-square"]);
    let digicert = logo(BODY).replace("0 0 10 10", "0 0 105 93");
    assert_eq!(rules(&digicert), ["not-square"]);
}

#[test]
fn a_nested_svg_is_told_to_become_a_g() {
    let nested = logo(&format!(
        r#"{BODY}<g><svg x="2" y="2" viewBox="0 0 5 5"><rect width="1" height="1"/></svg></g>"#
    ));
    let report = check(nested.as_bytes());
    let placed = report
        .findings
        .iter()
        .find(|f| f.rule == "element-not-allowed")
        .expect("the nested <svg> is refused");
    assert!(
        !placed.message.contains("move it into <svg>"),
        "{}",
        placed.message
    );
    assert!(placed.message.contains("by a <g>"), "{}", placed.message);
    assert!(placed.message.contains("transform"), "{}", placed.message);
    for attribute in report
        .findings
        .iter()
        .filter(|f| f.rule == "attribute-not-allowed")
    {
        assert!(
            attribute.message.contains("translate"),
            "{}",
            attribute.message
        );
    }
}

#[test]
fn markup_inside_a_text_only_element_is_told_to_leave_it() {
    let report = check(logo(&format!(r#"{BODY}<metadata><rect/></metadata>"#)).as_bytes());
    let finding = &report.findings[0];
    assert_eq!(finding.rule, "element-not-allowed");
    assert!(finding.message.contains("text only"), "{}", finding.message);
    let report = check(
        logo(&format!(
            r#"{BODY}<linearGradient id="g"><rect/></linearGradient>"#
        ))
        .as_bytes(),
    );
    assert!(
        report.findings[0].message.contains("only <stop>"),
        "{}",
        report.findings[0].message
    );
}

const PUBLIC_DOCTYPE: &str = r#"<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">"#;

#[test]
fn doctype_declaring_nothing_is_refused_where_it_stands_and_the_rest_is_checked() {
    let styled = logo(&format!(r#"{BODY}<rect style="fill:red"/>"#));
    for doctype in [
        PUBLIC_DOCTYPE,
        "<!DOCTYPE svg>",
        "<!DOCTYPE svg SYSTEM 'svg[1].dtd'>",
    ] {
        let svg = format!("<?xml version=\"1.0\"?>\n  {doctype}\n{styled}");
        let report = check(svg.as_bytes());
        assert_eq!(
            report.rules(),
            ["doctype", "attribute-not-allowed"],
            "{doctype}"
        );
        let at = &report.findings[0].location;
        assert_eq!((at.line, at.column), (Some(2), Some(3)), "{doctype}");
        assert_eq!(report.findings[1].location.line, Some(3));
    }
}

#[test]
fn doctype_blanked_out_keeps_later_columns() {
    let svg = format!(r#"<!DOCTYPE svg SYSTEM "é.dtd">{}"#, logo("<g>stray</g>"));
    let report = check(svg.as_bytes());
    assert_eq!(
        report.rules(),
        ["doctype", "text-not-allowed", "single-colour"]
    );
    let column = |text: &str| {
        let before = &svg[..svg.find(text).unwrap()];
        Some(before.chars().count() as u32 + 1)
    };
    assert_eq!(report.findings[1].location.column, column("<g>"));
}

#[test]
fn doctype_with_an_internal_subset_is_refused_without_expanding_anything() {
    let laughs = "<!DOCTYPE svg [\n<!ENTITY a \"aaaaaaaaaa\">\n<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n]>";
    let body = logo(BODY).replace("Brand", "&c;");
    let report = check(format!("<?xml version=\"1.0\"?>\n{laughs}\n{body}").as_bytes());
    assert_eq!(report.rules(), ["doctype"]);
    let at = &report.findings[0].location;
    assert_eq!((at.line, at.column), (Some(2), Some(1)));
    assert!(report.findings[0].message.contains("internal subset"));

    let external = r#"<!DOCTYPE svg SYSTEM "x[.dtd" [<!ENTITY x SYSTEM "file:///etc/passwd">]>"#;
    let body = logo(BODY).replace("Brand", "&x;");
    assert_eq!(rules(&format!("{external}{body}")), ["doctype"]);
    let empty_subset = format!("<!DOCTYPE svg [ ]>{}", logo(BODY));
    assert_eq!(rules(&empty_subset), ["doctype"]);
}

#[test]
fn doctype_that_cannot_be_read_safely_is_refused() {
    for odd in [
        "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\">",
        "<!DOCTYPE svg SYSTEM \"unterminated>",
        "<!DOCTYPE svg><!DOCTYPE svg>",
    ] {
        assert_eq!(rules(&format!("{odd}{}", logo(BODY))), ["doctype"], "{odd}");
    }
}

#[test]
fn xml_malformed_when_an_element_declares_xmlns_twice() {
    let other = r#"xmlns="http://example.com/other""#;
    let twice = logo(BODY).replacen("<svg ", &format!("<svg {other} "), 1);
    let report = check(twice.as_bytes());
    assert_eq!(report.rules(), ["xml-malformed"], "{:?}", report.findings);
    let finding = &report.findings[0];
    assert_eq!(
        (finding.location.line, finding.location.column),
        (Some(1), Some(1))
    );
    assert_eq!(finding.location.element.as_deref(), Some("<svg>"));
    assert!(finding.message.contains("xmlns"), "{}", finding.message);

    let same_twice = logo(BODY).replacen("<svg ", r#"<svg xmlns="http://www.w3.org/2000/svg" "#, 1);
    assert_eq!(rules(&same_twice), ["xml-malformed"]);

    let inner = logo(&format!(
        "{BODY}\n  <g xmlns=\"http://www.w3.org/2000/svg\" {other}/>"
    ));
    let report = check(inner.as_bytes());
    assert_eq!(report.rules(), ["xml-malformed"]);
    assert_eq!(
        (
            report.findings[0].location.line,
            report.findings[0].location.column
        ),
        (Some(2), Some(3))
    );
}

#[test]
fn xml_malformed_when_any_attribute_is_repeated() {
    assert_eq!(
        rules(&logo(r##"<rect fill="#fff" fill="#000"/>"##)),
        ["xml-malformed"]
    );
    let prefixed = logo(BODY).replacen(
        "<svg ",
        r#"<svg xmlns:a="http://a.example/" xmlns:a="http://b.example/" "#,
        1,
    );
    assert_eq!(rules(&prefixed), ["xml-malformed"]);
}

#[test]
fn many_findings_on_one_line_are_located_in_linear_time() {
    let many = r#"<rect style="x"/>"#.repeat(20_000);
    let svg = logo(&format!("{BODY}{many}"));
    let started = std::time::Instant::now();
    let report = check(svg.as_bytes());
    let elapsed = started.elapsed();
    assert_eq!(report.errors().count(), 20_000);
    let last = report.errors().last().unwrap();
    let expected = svg.rfind("<rect").unwrap() as u32 + 1;
    assert_eq!(
        (last.location.line, last.location.column),
        (Some(1), Some(expected))
    );
    // Counting from the start of the file for each finding took minutes here.
    assert!(elapsed.as_secs() < 10, "{elapsed:?}");
}

#[test]
fn xml_limits_refuse_what_would_make_parsing_slow_before_parsing() {
    // Nested namespace declarations: parsing time grows steeply with them.
    let nested: String = (0..4000)
        .map(|i| format!(r#"<g xmlns:n{i}="urn:{i}">"#))
        .collect();
    let closing = "</g>".repeat(4000);
    assert_eq!(
        rules(&logo(&format!("{BODY}{nested}{closing}"))),
        ["xml-limits"]
    );
    // Many attributes on one element.
    let attributes: String = (0..60_000).map(|i| format!(r#" a{i}="1""#)).collect();
    assert_eq!(
        rules(&logo(&format!("<rect{attributes}/>"))),
        ["xml-limits"]
    );
    // A real logo with a few namespaces and attributes is not touched.
    let editor = r#"<g xmlns:inkscape="urn:x" xmlns:sodipodi="urn:y"/>"#;
    assert!(!rules(&logo(&format!("{BODY}{editor}"))).contains(&"xml-limits".to_owned()));
}
