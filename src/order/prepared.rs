//! The prepared order: validated once, carrying the alternative order id it will be sent with
//! and the exact bytes of its body.

use serde_json::Value;

use super::report::Path;
use super::rules::KnownLogo;
use super::{MarkOrder, OrderKind, unwritable, validate_body};
use crate::findings::Report;
use crate::logo::Logo;
use crate::types;

/// The key an order file may use to name its JSON Schema; it is not sent.
pub const SCHEMA_KEY: &str = "$schema";

/// Length of the alternative order ids made for orders that carry none.
const GENERATED_ID_LENGTH: usize = 32;

/// Choices for [`PreparedOrder::with_options`] and [`PreparedOrder::from_json_with`].
///
/// ```
/// use digicert_mark_certs::order::{PrepareOptions, PreparedOrder};
/// use digicert_mark_certs::types::CmcOrderRequest;
/// use serde_json::json;
///
/// let body = json!({
///     "certificate": {"dns_names": ["example.com"]},
///     "organization": {"id": 123456},
///     "order_validity": {"years": 1}
/// });
/// let options = PrepareOptions::new().alternative_order_id("shownindryrun1");
/// let prepared = PreparedOrder::<CmcOrderRequest>::from_json_with(&body, options).unwrap();
/// assert_eq!(prepared.alternative_order_id(), "shownindryrun1");
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct PrepareOptions<'a> {
    checked_logo: Option<(&'a Logo, &'a Report)>,
    alternative_order_id: Option<&'a str>,
}

impl<'a> PrepareOptions<'a> {
    /// No options: the logo in the body is decoded and checked, and an alternative order id
    /// is made when the body has none.
    ///
    /// ```
    /// use digicert_mark_certs::order::{MarkOrder, PrepareOptions, PreparedOrder, existing_organization};
    /// use digicert_mark_certs::types::CmcOrderRequest;
    ///
    /// let order = CmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?;
    /// let prepared = PreparedOrder::with_options(order, PrepareOptions::new())?;
    /// assert!(prepared.id_was_generated());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// A logo the caller has already checked, with its report: when the body's `vmc.logo`
    /// is exactly this logo's encoded text, the report is used instead of decoding and
    /// checking the logo again.
    ///
    /// ```
    /// use digicert_mark_certs::logo::Logo;
    /// use digicert_mark_certs::order::{MarkOrder, OrderExt, PrepareOptions, PreparedOrder, existing_organization};
    /// use digicert_mark_certs::types::VmcOrderRequest;
    ///
    /// let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny-ps" viewBox="0 0 10 10"><title>Shop</title><rect width="10" height="10" fill="#fff"/><circle cx="5" cy="5" r="3" fill="#c00"/></svg>"##;
    /// let logo = Logo::from_svg(svg.to_vec())?;
    /// let report = logo.check();
    /// let order = VmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?
    ///     .with_logo(&logo);
    /// // The logo is not decoded and checked a second time.
    /// let options = PrepareOptions::new().checked_logo(&logo, &report);
    /// let prepared = PreparedOrder::with_options(order, options)?;
    /// assert!(prepared.body_text().contains(logo.encoded()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn checked_logo(mut self, logo: &'a Logo, report: &'a Report) -> Self {
        self.checked_logo = Some((logo, report));
        self
    }

    /// The alternative order id to use when the body has none (a body with another id is
    /// refused): for instance the one a dry run printed, to send exactly what was shown.
    ///
    /// ```
    /// use digicert_mark_certs::order::{MarkOrder, PrepareOptions, PreparedOrder, existing_organization};
    /// use digicert_mark_certs::types::CmcOrderRequest;
    ///
    /// let order = CmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?;
    /// let options = PrepareOptions::new().alternative_order_id("brandcmc2026a");
    /// let prepared = PreparedOrder::with_options(order, options)?;
    /// assert_eq!(prepared.alternative_order_id(), "brandcmc2026a");
    /// assert!(!prepared.id_was_generated());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn alternative_order_id(mut self, id: &'a str) -> Self {
        self.alternative_order_id = Some(id);
        self
    }

    fn known_logo(&self) -> Option<KnownLogo<'a>> {
        self.checked_logo.map(|(logo, report)| KnownLogo {
            encoded: logo.encoded(),
            report,
        })
    }
}

/// An order ready to send: validated once, with the alternative order id it carries and the
/// exact bytes of its body.
///
/// The id is known before anything is sent, so a caller can keep it (print it, store it)
/// and look the order up later whatever happens to the request. A prepared order never holds
/// an error finding; its report may hold warnings.
///
/// ```
/// use digicert_mark_certs::order::{MarkOrder, PreparedOrder, existing_organization};
/// use digicert_mark_certs::types::CmcOrderRequest;
///
/// let order = CmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?;
/// let prepared = PreparedOrder::new(order).expect("valid");
/// let id = prepared.alternative_order_id();
/// assert_eq!(id.len(), 32);
/// assert!(prepared.body_text().contains(id));
/// # Ok::<(), digicert_mark_certs::order::BuildError>(())
/// ```
///
/// `Debug` shows the typed order (whose card number and CVV are redacted), not the body text.
#[derive(Clone)]
pub struct PreparedOrder<O: MarkOrder> {
    order: O,
    alternative_order_id: String,
    id_generated: bool,
    report: Report,
    body: String,
}

impl<O: MarkOrder> std::fmt::Debug for PreparedOrder<O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PreparedOrder")
            .field("kind", &O::KIND)
            .field("alternative_order_id", &self.alternative_order_id)
            .field("id_generated", &self.id_generated)
            .field("report", &self.report)
            .field("body_bytes", &self.body.len())
            .field("order", &self.order)
            .finish()
    }
}

impl<O: MarkOrder> PreparedOrder<O> {
    /// Validates a typed order and prepares it. Optional fields given as `""` are left out
    /// (the report warns). Errors come back as the report.
    ///
    /// ```
    /// use digicert_mark_certs::order::{MarkOrder, PreparedOrder, existing_organization};
    /// use digicert_mark_certs::types::CmcOrderRequest;
    ///
    /// let order = CmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?;
    /// let prepared = PreparedOrder::new(order)?;
    /// assert!(prepared.report().is_valid());
    /// let refused = CmcOrderRequest::minimal(["not a domain"], existing_organization(123456)?, 1)?;
    /// assert!(PreparedOrder::new(refused).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(order: O) -> Result<Self, Report> {
        Self::with_options(order, PrepareOptions::default())
    }

    /// [`PreparedOrder::new`], with options.
    ///
    /// ```
    /// use digicert_mark_certs::order::{MarkOrder, PrepareOptions, PreparedOrder, existing_organization};
    /// use digicert_mark_certs::types::VmcOrderRequest;
    ///
    /// let order = VmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?;
    /// let options = PrepareOptions::new().alternative_order_id("brandvmc2026a");
    /// let prepared = PreparedOrder::with_options(order, options)?;
    /// assert!(prepared.body_text().contains(r#""alternative_order_id":"brandvmc2026a""#));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_options(order: O, options: PrepareOptions) -> Result<Self, Report> {
        let mut report = Report::default();
        let mut body = match serde_json::to_value(&order) {
            Ok(body) => body,
            Err(e) => {
                unwritable(&mut report, &e);
                return Err(report);
            }
        };
        apply_id_option(&mut body, options.alternative_order_id, &mut report);
        let before = report.findings.len();
        validate_body(O::KIND, &mut body, options.known_logo(), &mut report);
        if !report.is_valid() {
            return Err(report);
        }
        // Only a tidied body (an optional field left out) differs from the order given.
        let tidied = report.findings[before..]
            .iter()
            .any(|f| f.rule == "treated-as-absent")
            || options.alternative_order_id.is_some();
        let order = if tidied {
            match typed::<O>(&body, &mut report) {
                Some(order) => order,
                None => return Err(report),
            }
        } else {
            order
        };
        Self::finish(order, report)
    }

    /// Validates a body in DigiCert's JSON format and prepares it. A top-level `"$schema"`
    /// text (an editor's pointer to `schemas/vmc-order.json` or `schemas/cmc-order.json`) is
    /// accepted and left out of the request.
    ///
    /// ```
    /// use digicert_mark_certs::order::{OrderKind, PreparedOrder};
    /// use digicert_mark_certs::types::VmcOrderRequest;
    /// use serde_json::json;
    ///
    /// let body = json!({
    ///     "certificate": {"dns_names": ["example.com"]},
    ///     "organization": {"id": 123456},
    ///     "order_validity": {"years": 1}
    /// });
    /// let prepared = PreparedOrder::<VmcOrderRequest>::from_json(&body)?;
    /// assert_eq!(prepared.kind(), OrderKind::Vmc);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_json(body: &Value) -> Result<Self, Report> {
        Self::from_json_with(body, PrepareOptions::default())
    }

    /// [`PreparedOrder::from_json`], with options.
    ///
    /// ```
    /// use digicert_mark_certs::order::{PrepareOptions, PreparedOrder};
    /// use digicert_mark_certs::types::CmcOrderRequest;
    /// use serde_json::json;
    ///
    /// let body = json!({
    ///     "certificate": {"dns_names": ["example.com"]},
    ///     "organization": {"id": 123456},
    ///     "order_validity": {"years": 1}
    /// });
    /// let options = PrepareOptions::new().alternative_order_id("shownindryrun1");
    /// let prepared = PreparedOrder::<CmcOrderRequest>::from_json_with(&body, options)?;
    /// assert_eq!(prepared.alternative_order_id(), "shownindryrun1");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_json_with(body: &Value, options: PrepareOptions) -> Result<Self, Report> {
        match from_json::<O>(body, Some(options)) {
            (Some(order), report) => Self::finish(order, report),
            (None, report) => Err(report),
        }
    }

    /// Gives the order its alternative order id (made here when it has none) and writes it.
    fn finish(mut order: O, mut report: Report) -> Result<Self, Report> {
        let (id, generated) = match order.alternative_order_id() {
            Some(id) => (id.to_owned(), false),
            None => match random_alphanumeric(GENERATED_ID_LENGTH)
                .and_then(|id| types::AlternativeOrderId::try_from(id).map_err(|e| e.to_string()))
            {
                Ok(id) => {
                    let text = id.to_string();
                    order.set_alternative_order_id(id);
                    (text, true)
                }
                Err(e) => {
                    report.error(
                        "alternative-order-id",
                        &Path::root().field("alternative_order_id"),
                        format!(
                            "no alternative order id could be made ({e}); give one in the body"
                        ),
                    );
                    return Err(report);
                }
            },
        };
        let body = match serde_json::to_string(&order) {
            Ok(body) => body,
            Err(e) => {
                unwritable(&mut report, &e);
                return Err(report);
            }
        };
        Ok(Self {
            order,
            alternative_order_id: id,
            id_generated: generated,
            report,
            body,
        })
    }

    /// Which endpoint the order goes to.
    ///
    /// ```
    /// use digicert_mark_certs::order::{MarkOrder, OrderKind, PreparedOrder, existing_organization};
    /// use digicert_mark_certs::types::CmcOrderRequest;
    ///
    /// let order = CmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?;
    /// assert_eq!(PreparedOrder::new(order)?.kind(), OrderKind::Cmc);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn kind(&self) -> OrderKind {
        O::KIND
    }

    /// The alternative order id the order carries: the caller's, or one made for it. Keep
    /// it: it finds the order again whatever happens to the request.
    ///
    /// ```
    /// use digicert_mark_certs::order::{MarkOrder, OrderExt, PreparedOrder, existing_organization};
    /// use digicert_mark_certs::types::CmcOrderRequest;
    ///
    /// let order = CmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?
    ///     .with_alternative_order_id("brandcmc2026a")?;
    /// assert_eq!(PreparedOrder::new(order)?.alternative_order_id(), "brandcmc2026a");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn alternative_order_id(&self) -> &str {
        &self.alternative_order_id
    }

    /// `true` when the id was made here because the order had none.
    ///
    /// ```
    /// use digicert_mark_certs::order::{MarkOrder, OrderExt, PreparedOrder, existing_organization};
    /// use digicert_mark_certs::types::CmcOrderRequest;
    ///
    /// let order = CmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?;
    /// assert!(PreparedOrder::new(order.clone())?.id_was_generated());
    /// let named = order.with_alternative_order_id("brandcmc2026a")?;
    /// assert!(!PreparedOrder::new(named)?.id_was_generated());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn id_was_generated(&self) -> bool {
        self.id_generated
    }

    /// The validation report: warnings only (a prepared order has no error).
    ///
    /// ```
    /// use digicert_mark_certs::order::{MarkOrder, PreparedOrder, existing_organization};
    /// use digicert_mark_certs::types::CmcOrderRequest;
    ///
    /// let order = CmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?;
    /// let prepared = PreparedOrder::new(order)?;
    /// assert_eq!(prepared.report().errors().count(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// The exact body that is sent, as JSON text.
    ///
    /// ```
    /// use digicert_mark_certs::order::{MarkOrder, PreparedOrder, existing_organization};
    /// use digicert_mark_certs::types::CmcOrderRequest;
    ///
    /// let order = CmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?;
    /// let prepared = PreparedOrder::new(order)?;
    /// let sent: serde_json::Value = serde_json::from_str(prepared.body_text())?;
    /// assert_eq!(sent["certificate"]["dns_names"][0], "example.com");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn body_text(&self) -> &str {
        &self.body
    }

    /// The exact body that is sent.
    ///
    /// ```
    /// use digicert_mark_certs::order::{MarkOrder, PreparedOrder, existing_organization};
    /// use digicert_mark_certs::types::CmcOrderRequest;
    ///
    /// let order = CmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?;
    /// let prepared = PreparedOrder::new(order)?;
    /// assert_eq!(prepared.bytes(), prepared.body_text().as_bytes());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn bytes(&self) -> &[u8] {
        self.body.as_bytes()
    }

    /// The typed order that is sent.
    ///
    /// ```
    /// use digicert_mark_certs::order::{MarkOrder, PreparedOrder, existing_organization};
    /// use digicert_mark_certs::types::CmcOrderRequest;
    ///
    /// let order = CmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?;
    /// let prepared = PreparedOrder::new(order)?;
    /// assert_eq!(prepared.order().certificate.dns_names, ["example.com"]);
    /// // The typed order carries the id the body is sent with.
    /// assert_eq!(prepared.order().alternative_order_id(), Some(prepared.alternative_order_id()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn order(&self) -> &O {
        &self.order
    }
}

/// Parses a JSON body into its typed form with the full validation report. The order comes
/// back only when the report has no error.
pub(super) fn from_json<O: MarkOrder>(
    given: &Value,
    options: Option<PrepareOptions>,
) -> (Option<O>, Report) {
    let options = options.unwrap_or_default();
    let mut report = Report::default();
    let mut body = given.clone();
    // An editor's pointer to the order file's JSON Schema (schemas/vmc-order.json and
    // schemas/cmc-order.json): part of the file, never of the request.
    if let Some(object) = body.as_object_mut()
        && object.get(SCHEMA_KEY).is_some_and(Value::is_string)
    {
        object.remove(SCHEMA_KEY);
    }
    apply_id_option(&mut body, options.alternative_order_id, &mut report);
    validate_body(O::KIND, &mut body, options.known_logo(), &mut report);
    if !report.is_valid() {
        return (None, report);
    }
    let Some(order) = typed::<O>(&body, &mut report) else {
        return (None, report);
    };
    match serde_json::to_value(&order) {
        Ok(sent) => compare(&body, &sent, &Path::root(), &mut report),
        Err(e) => unwritable(&mut report, &e),
    }
    let valid = report.is_valid();
    (valid.then_some(order), report)
}

/// The typed form of a validated body. The schema walk explains every usual reason a body
/// does not fit; this is the safety net, and its words are left out near card data.
fn typed<O: MarkOrder>(body: &Value, report: &mut Report) -> Option<O> {
    match serde_json::from_value::<O>(body.clone()) {
        Ok(order) => Some(order),
        Err(e) => {
            let detail = if body.get("credit_card").is_some() {
                String::new()
            } else {
                format!(": {e}")
            };
            report.error(
                "body-shape",
                &Path::root(),
                format!("the body does not fit the request type{detail}"),
            );
            None
        }
    }
}

/// Puts the requested alternative order id in the body, refusing to replace another.
fn apply_id_option(body: &mut Value, id: Option<&str>, report: &mut Report) {
    let (Some(id), Some(object)) = (id, body.as_object_mut()) else {
        return;
    };
    let at = Path::root().field("alternative_order_id");
    match object.get("alternative_order_id").and_then(Value::as_str) {
        Some(existing) if existing != id => report.error(
            "alternative-order-id",
            &at,
            format!(
                "the body already carries alternative_order_id \"{existing}\", not \"{id}\"; \
                 remove one of them"
            ),
        ),
        _ => {
            object.insert(at.as_str().to_owned(), Value::String(id.to_owned()));
        }
    }
}

/// Reports every place where what would be sent differs from what was given.
fn compare(given: &Value, sent: &Value, path: &Path, report: &mut Report) {
    match (given, sent) {
        (Value::Object(g), Value::Object(s)) => {
            for (key, value) in g {
                let at = path.field(key);
                match s.get(key) {
                    Some(sent_value) => compare(value, sent_value, &at, report),
                    // The typed form leaves out an empty optional list. The pages make these
                    // lists optional, so an empty one is accepted, and the report says that
                    // nothing is sent for it.
                    None if value.as_array().is_some_and(Vec::is_empty) => report.warning(
                        "empty-list-left-out",
                        &at,
                        format!(
                            "{at} is an empty list, so it is left out of the order and \
                             nothing is sent for it; remove it or fill it"
                        ),
                    ),
                    None => report.error(
                        "body-changed",
                        &at,
                        format!("{at} would be left out of the request; check the field"),
                    ),
                }
            }
        }
        (Value::Array(g), Value::Array(s)) if g.len() == s.len() => {
            for (i, (a, b)) in g.iter().zip(s).enumerate() {
                compare(a, b, &path.index(i), report);
            }
        }
        (Value::Array(g), _) if g.is_empty() => report.error(
            "body-changed",
            path,
            format!("{path} is an empty list and would be left out; remove it or fill it"),
        ),
        (a, b) if numbers_equal(a, b) || a == b => {}
        _ => report.error(
            "body-changed",
            path,
            format!("{path} would not be sent as written; write it in the documented form"),
        ),
    }
}

fn numbers_equal(a: &Value, b: &Value) -> bool {
    matches!((a.as_f64(), b.as_f64()), (Some(x), Some(y)) if x == y)
}

/// A random id of ASCII letters and digits, from the operating system's generator.
fn random_alphanumeric(len: usize) -> Result<String, String> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut out = String::with_capacity(len);
    let mut buf = [0u8; 64];
    while out.len() < len {
        getrandom::getrandom(&mut buf).map_err(|e| e.to_string())?;
        // 248 is the largest multiple of 62 up to 256: rejecting the rest keeps it unbiased.
        for b in buf.iter().filter(|b| **b < 248) {
            if out.len() == len {
                break;
            }
            out.push(ALPHABET[usize::from(*b) % ALPHABET.len()] as char);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_are_32_alphanumeric_characters_and_differ() {
        let a = random_alphanumeric(32).unwrap();
        let b = random_alphanumeric(32).unwrap();
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(a, b);
    }
}
