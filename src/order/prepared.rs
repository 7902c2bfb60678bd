//! The prepared order: validated once, carrying the alternative order id it will be sent with
//! and the exact bytes of its body.

use serde_json::Value;

use super::report::Path;
use super::rules::KnownLogo;
use super::{MarkOrder, OrderKind, unwritable, validate_body};
use crate::findings::Report;
use crate::logo::Logo;
use crate::types;

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
    pub fn new() -> Self {
        Self::default()
    }

    /// A logo the caller has already checked, with its report: when the body's `vmc.logo`
    /// is exactly this logo's encoded text, the report is used instead of decoding and
    /// checking the logo again.
    pub fn checked_logo(mut self, logo: &'a Logo, report: &'a Report) -> Self {
        self.checked_logo = Some((logo, report));
        self
    }

    /// The alternative order id to use when the body has none (a body with another id is
    /// refused): for instance the one a dry run printed, to send exactly what was shown.
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
    pub fn new(order: O) -> Result<Self, Report> {
        Self::with_options(order, PrepareOptions::default())
    }

    /// [`PreparedOrder::new`], with options.
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

    /// Validates a body in DigiCert's JSON format and prepares it.
    pub fn from_json(body: &Value) -> Result<Self, Report> {
        Self::from_json_with(body, PrepareOptions::default())
    }

    /// [`PreparedOrder::from_json`], with options.
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
    pub fn kind(&self) -> OrderKind {
        O::KIND
    }

    /// The alternative order id the order carries: the caller's, or one made for it. Keep
    /// it: it finds the order again whatever happens to the request.
    pub fn alternative_order_id(&self) -> &str {
        &self.alternative_order_id
    }

    /// `true` when the id was made here because the order had none.
    pub fn id_was_generated(&self) -> bool {
        self.id_generated
    }

    /// The validation report: warnings only (a prepared order has no error).
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// The exact body that is sent, as JSON text.
    pub fn body_text(&self) -> &str {
        &self.body
    }

    /// The exact body that is sent.
    pub fn bytes(&self) -> &[u8] {
        self.body.as_bytes()
    }

    /// The typed order that is sent.
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
