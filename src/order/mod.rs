//! Order requests: validation of every rule before a paid request leaves, the prepared order
//! that is sent, and small helpers that build the generated request types.
//!
//! Validation checks the body as it will be sent: the constraints the OpenAPI document states
//! (required fields, closed field lists, ranges, lengths, patterns, enumerations), the rules
//! between fields it states in words, and the logo. Every finding is reported at once.
//!
//! ```
//! use digicert_mark_certs::order;
//! use digicert_mark_certs::types::CmcOrderRequest;
//! use serde_json::json;
//!
//! let body = json!({
//!     "certificate": {"dns_names": ["example.com"]},
//!     "organization": {"id": 123456},
//!     "order_validity": {"years": 5},
//!     "payment_methd": "card"
//! });
//! let report = order::validate_json::<CmcOrderRequest>(&body);
//! assert!(!report.is_valid());
//! assert!(report.find("range", "order_validity.years").is_some());
//! let typo = report.find("unknown-field", "payment_methd").unwrap();
//! assert!(typo.message.contains("did you mean `payment_method`?"));
//! ```

mod builders;
mod codes;
mod prepared;
mod renewal;
mod report;
mod rules;
mod schema;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

pub use builders::{
    BuildError, CardPayment, Mark, NewBillingAddress, NewContact, NewOrganization, OrderExt,
    Payment, Renewal, VmcOrderExt, billing_address, existing_organization, existing_user,
    new_organization, new_person,
};
pub use prepared::{PrepareOptions, PreparedOrder, SCHEMA_KEY};
pub use renewal::RenewalOrder;
pub use report::{Path, not_json};
pub use rules::OrderKind;
/// The domain name rule, for the BIMI record.
pub(crate) use rules::check_dns_name;
/// The document's single-field constraints, for other request bodies than orders.
pub(crate) use schema::check as check_schema;

use crate::findings::Report;
use crate::types;

mod sealed {
    pub trait Sealed {}
    impl Sealed for crate::generated::types::VmcOrderRequest {}
    impl Sealed for crate::generated::types::CmcOrderRequest {}
}

/// A mark certificate order body: [`types::VmcOrderRequest`] or [`types::CmcOrderRequest`].
///
/// Everything that works on orders (validation, [`PreparedOrder`], [`crate::MarkClient`])
/// takes either through this trait, so there is one function where there would be two.
pub trait MarkOrder:
    Serialize + DeserializeOwned + Clone + std::fmt::Debug + Send + Sync + 'static + sealed::Sealed
{
    /// Which endpoint the body is for.
    const KIND: OrderKind;

    /// A minimal order: its domains, organization and years (1 to 3). Add payment, logo,
    /// mark and renewal with [`OrderExt`] and [`VmcOrderExt`].
    ///
    /// ```
    /// use digicert_mark_certs::order::{MarkOrder, existing_organization, validate};
    /// use digicert_mark_certs::types::VmcOrderRequest;
    ///
    /// let order = VmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?;
    /// assert!(validate(&order).is_valid());
    /// # Ok::<(), digicert_mark_certs::order::BuildError>(())
    /// ```
    fn minimal(
        dns_names: impl IntoIterator<Item = impl Into<String>>,
        organization: types::Organization,
        years: u8,
    ) -> Result<Self, BuildError>;

    /// The alternative order id the body carries, if any.
    ///
    /// ```
    /// use digicert_mark_certs::order::{MarkOrder, OrderExt, existing_organization};
    /// use digicert_mark_certs::types::VmcOrderRequest;
    ///
    /// let order = VmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?;
    /// assert_eq!(order.alternative_order_id(), None);
    /// let named = order.with_alternative_order_id("brandvmc2026a")?;
    /// assert_eq!(named.alternative_order_id(), Some("brandvmc2026a"));
    /// # Ok::<(), digicert_mark_certs::order::BuildError>(())
    /// ```
    fn alternative_order_id(&self) -> Option<&str>;

    /// Sets the alternative order id.
    #[doc(hidden)]
    fn set_alternative_order_id(&mut self, id: types::AlternativeOrderId);

    /// The card the order is paid with, if any.
    #[doc(hidden)]
    fn card(&self) -> Option<&types::CreditCard>;

    /// Sends the body through its generated operation.
    #[doc(hidden)]
    fn send_with(
        self,
        api: &crate::raw::Client,
    ) -> impl Future<
        Output = Result<
            crate::raw::ResponseValue<types::OrderResponse>,
            crate::raw::Error<types::ErrorResponse>,
        >,
    > + Send
    + '_;
}

macro_rules! mark_order {
    ($order:ident, $kind:ident, $operation:ident) => {
        impl MarkOrder for types::$order {
            const KIND: OrderKind = OrderKind::$kind;

            fn minimal(
                dns_names: impl IntoIterator<Item = impl Into<String>>,
                organization: types::Organization,
                years: u8,
            ) -> Result<Self, BuildError> {
                Ok(builders::minimal_order!(
                    $order,
                    dns_names,
                    organization,
                    years
                ))
            }

            fn alternative_order_id(&self) -> Option<&str> {
                self.alternative_order_id.as_ref().map(|id| id.as_str())
            }

            fn set_alternative_order_id(&mut self, id: types::AlternativeOrderId) {
                self.alternative_order_id = Some(id);
            }

            fn card(&self) -> Option<&types::CreditCard> {
                self.credit_card.as_ref()
            }

            fn send_with(
                self,
                api: &crate::raw::Client,
            ) -> impl Future<
                Output = Result<
                    crate::raw::ResponseValue<types::OrderResponse>,
                    crate::raw::Error<types::ErrorResponse>,
                >,
            > + Send
            + '_ {
                api.$operation().body(self).send()
            }
        }
    };
}

mark_order!(VmcOrderRequest, Vmc, order_vmc);
mark_order!(CmcOrderRequest, Cmc, order_cmc);

/// Validates an order as it will be sent.
///
/// This reports; it changes nothing. [`PreparedOrder::new`] validates too, and also leaves
/// out optional fields given as `null` or `""`, as the report says it would.
///
/// ```
/// use digicert_mark_certs::order::{MarkOrder, existing_organization, validate};
/// use digicert_mark_certs::types::CmcOrderRequest;
///
/// let order = CmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?;
/// assert!(validate(&order).is_valid());
/// let no_domain = CmcOrderRequest::minimal(["not a domain"], existing_organization(123456)?, 1)?;
/// assert!(!validate(&no_domain).is_valid());
/// # Ok::<(), digicert_mark_certs::order::BuildError>(())
/// ```
pub fn validate<O: MarkOrder>(order: &O) -> Report {
    let mut report = Report::default();
    match serde_json::to_value(order) {
        Ok(mut body) => validate_body(O::KIND, &mut body, None, &mut report),
        Err(e) => unwritable(&mut report, &e),
    }
    report
}

/// The finding for an order that cannot be serialized (a type that writes itself wrongly).
fn unwritable(report: &mut Report, e: &serde_json::Error) {
    report.error(
        "serialize",
        &Path::root(),
        format!("the order cannot be written as JSON: {e}"),
    );
}

/// Validates a request body given as JSON, in DigiCert's own format, for the order type `O`
/// (the kind is named by the request type, as in `PreparedOrder::<O>`).
///
/// Beyond [`validate`], this reports anything in the body that would not be sent as written,
/// so that nothing the caller wrote is silently dropped. [`PreparedOrder::from_json`] gives
/// the same report and keeps the order.
///
/// ```
/// use digicert_mark_certs::order::validate_json;
/// use digicert_mark_certs::types::CmcOrderRequest;
/// use serde_json::json;
///
/// let body = json!({
///     "certificate": {"dns_names": ["example.com"]},
///     "organization": {"id": 123456},
///     "order_validity": {"years": 1}
/// });
/// assert!(validate_json::<CmcOrderRequest>(&body).is_valid());
/// let report = validate_json::<CmcOrderRequest>(&json!({"certificate": {"dns_names": []}}));
/// assert!(report.has("required"));
/// ```
pub fn validate_json<O: MarkOrder>(body: &Value) -> Report {
    prepared::from_json::<O>(body, None).1
}

/// The walk of the document's constraints, then the rules between fields.
fn validate_body(
    kind: OrderKind,
    body: &mut Value,
    known_logo: Option<rules::KnownLogo>,
    report: &mut Report,
) {
    schema::check(kind.schema(), body, report);
    rules::check(kind, body, known_logo, report);
}
