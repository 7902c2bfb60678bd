//! A renewal built from the order it renews: the same kind, organization, domains, mark
//! details and hosting, with `renewal_of_order_id`. The result is an order body like any
//! other, prepared with [`super::PreparedOrder::from_json_with`].

use serde_json::{Map, Value, json};

use super::builders::BuildError;
use super::rules::OrderKind;
use crate::logo::Logo;
use crate::types;

/// The mark detail fields an order body takes (`vmc.mark_type_data`).
const MARK_DATA_FIELDS: [&str; 5] = [
    "country_code",
    "state_province",
    "locality",
    "citation",
    "registration_number",
];

/// The body of an order renewing another, built from Order info.
///
/// ```
/// use digicert_mark_certs::order::{OrderKind, RenewalOrder};
/// use digicert_mark_certs::types::OrderInfo;
///
/// let original: OrderInfo = serde_json::from_value(serde_json::json!({
///     "id": 144457095,
///     "status": "issued",
///     "product": {"name_id": "vmc_basic"},
///     "organization": {"id": 117483, "name": "Example Brands Ltd"},
///     "certificate": {"dns_names": ["example.com"], "valid_till": "2027-01-05"},
///     "vmc": {
///         "logo": "H4sIAAAAAAAAA7OxL8hWKMrPSa5QyE8rzs8r0c+1tclLLS5JTbFTMAQAEHpg8BwAAAA=",
///         "mark_type": "registered_mark",
///         "mark_type_data": {"country_code": "us", "registration_number": "5551234"}
///     }
/// }))?;
/// let renewal = RenewalOrder::from_order(&original, 1)?;
/// assert_eq!(renewal.kind(), OrderKind::Vmc);
/// assert_eq!(renewal.body()["renewal_of_order_id"], 144457095);
/// assert_eq!(renewal.body()["organization"]["id"], 117483);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct RenewalOrder {
    kind: OrderKind,
    body: Value,
}

impl RenewalOrder {
    /// Builds the renewal of `order` for `years` (1 to 3). Refused, naming what is missing:
    /// an order that is not a mark certificate, that is not issued or expired, or whose
    /// answer lacks the organization id or the domains. A logo missing from the answer must
    /// be given with [`RenewalOrder::with_logo`]; the order's own logo is kept otherwise.
    ///
    /// ```
    /// use digicert_mark_certs::order::{OrderKind, RenewalOrder};
    /// use digicert_mark_certs::types::OrderInfo;
    ///
    /// let original: OrderInfo = serde_json::from_value(serde_json::json!({
    ///     "id": 7, "status": "issued", "product": {"name_id": "mark_certificate"},
    ///     "organization": {"id": 3}, "certificate": {"dns_names": ["example.com"]}
    /// }))?;
    /// assert!(RenewalOrder::from_order(&original, 4).is_err());
    /// let pending: OrderInfo = serde_json::from_value(serde_json::json!({"id": 8, "status": "pending"}))?;
    /// assert_eq!(RenewalOrder::from_order(&pending, 1).unwrap_err().field, "product.name_id");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_order(order: &types::OrderInfo, years: u8) -> Result<Self, BuildError> {
        let refuse = |field: &'static str, message: String| BuildError { field, message };
        let kind = kind_of(order).ok_or_else(|| {
            refuse(
                "product.name_id",
                format!(
                    "order {} is not a mark certificate order (product {}); only VMC \
                     (vmc_basic) and CMC (mark_certificate) orders are renewed here",
                    order.id,
                    crate::redact::server_text(
                        order
                            .product
                            .as_ref()
                            .and_then(|p| p.name_id.as_deref())
                            .unwrap_or("not given"),
                        60
                    )
                ),
            )
        })?;
        let status = order.status.as_str();
        if !order.status.is_issued() && status != "expired" {
            return Err(refuse(
                "status",
                format!(
                    "order {} is {}: a renewal follows an issued (or expired) order",
                    order.id,
                    crate::redact::server_text(status, 40)
                ),
            ));
        }
        let organization = order
            .organization
            .as_ref()
            .and_then(|o| o.id)
            .ok_or_else(|| {
                refuse(
                    "organization.id",
                    format!("order {}'s answer names no organization id", order.id),
                )
            })?;
        let dns_names: Vec<&String> = order
            .certificate
            .iter()
            .flat_map(|c| c.dns_names.iter())
            .collect();
        if dns_names.is_empty() {
            return Err(refuse(
                "certificate.dns_names",
                format!("order {}'s certificate names no domain", order.id),
            ));
        }
        let validity = super::builders::validity(years)?;
        let mut mark = Map::new();
        if let Some(vmc) = &order.vmc {
            if let Some(logo) = vmc.logo.as_deref().filter(|l| !l.is_empty()) {
                mark.insert("logo".into(), logo.into());
            }
            let hosted = vmc
                .enable_hosting
                .as_ref()
                .and_then(Value::as_bool)
                .or_else(|| vmc.hosted_logo_location.as_ref().map(|_| true))
                .or_else(|| order.hosted_logo_location.as_ref().map(|_| true));
            if let Some(hosted) = hosted {
                mark.insert("enable_hosting".into(), hosted.into());
            }
            if kind == OrderKind::Vmc {
                if let Some(mark_type) = &vmc.mark_type {
                    mark.insert("mark_type".into(), mark_type.clone().into());
                }
                let kept: Map<String, Value> = vmc
                    .mark_type_data
                    .iter()
                    .filter(|(k, v)| MARK_DATA_FIELDS.contains(&k.as_str()) && !v.is_null())
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                if !kept.is_empty() {
                    mark.insert("mark_type_data".into(), Value::Object(kept));
                }
            }
        }
        let body = json!({
            "certificate": { "dns_names": dns_names },
            "organization": { "id": organization },
            "order_validity": { "years": validity.years.get() },
            "renewal_of_order_id": order.id,
            "vmc": mark,
        });
        Ok(Self { kind, body })
    }

    /// Puts `logo` in the renewal (a changed logo, or one the order's answer lacked).
    ///
    /// ```
    /// use digicert_mark_certs::logo::Logo;
    /// use digicert_mark_certs::order::RenewalOrder;
    /// use digicert_mark_certs::types::OrderInfo;
    ///
    /// let original: OrderInfo = serde_json::from_value(serde_json::json!({
    ///     "id": 7, "status": "issued", "product": {"name_id": "mark_certificate"},
    ///     "organization": {"id": 3}, "certificate": {"dns_names": ["example.com"]}
    /// }))?;
    /// let logo = Logo::from_svg(br#"<svg xmlns="http://www.w3.org/2000/svg"/>"#.to_vec())?;
    /// let renewal = RenewalOrder::from_order(&original, 2)?.with_logo(&logo);
    /// assert_eq!(renewal.body()["vmc"]["logo"], logo.encoded());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn with_logo(mut self, logo: &Logo) -> Self {
        self.body["vmc"]["logo"] = logo.encoded().into();
        self
    }

    /// Whether the renewal carries a logo.
    ///
    /// ```
    /// use digicert_mark_certs::order::RenewalOrder;
    /// use digicert_mark_certs::types::OrderInfo;
    ///
    /// let original: OrderInfo = serde_json::from_value(serde_json::json!({
    ///     "id": 7, "status": "issued", "product": {"name_id": "mark_certificate"},
    ///     "organization": {"id": 3}, "certificate": {"dns_names": ["example.com"]}
    /// }))?;
    /// assert!(!RenewalOrder::from_order(&original, 1)?.has_logo());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn has_logo(&self) -> bool {
        self.body["vmc"]
            .get("logo")
            .and_then(Value::as_str)
            .is_some_and(|l| !l.is_empty())
    }

    /// The kind of certificate renewed (the endpoint the body goes to).
    ///
    /// ```
    /// use digicert_mark_certs::order::{OrderKind, RenewalOrder};
    /// use digicert_mark_certs::types::OrderInfo;
    ///
    /// let original: OrderInfo = serde_json::from_value(serde_json::json!({
    ///     "id": 7, "status": "issued", "product": {"name_id": "mark_certificate"},
    ///     "organization": {"id": 3}, "certificate": {"dns_names": ["example.com"]}
    /// }))?;
    /// assert_eq!(RenewalOrder::from_order(&original, 1)?.kind(), OrderKind::Cmc);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn kind(&self) -> OrderKind {
        self.kind
    }

    /// The order body, as DigiCert's JSON.
    ///
    /// ```
    /// use digicert_mark_certs::order::{OrderKind, RenewalOrder};
    /// use digicert_mark_certs::types::OrderInfo;
    ///
    /// let original: OrderInfo = serde_json::from_value(serde_json::json!({
    ///     "id": 7, "status": "issued", "product": {"name_id": "mark_certificate"},
    ///     "organization": {"id": 3}, "certificate": {"dns_names": ["example.com"]}
    /// }))?;
    /// let renewal = RenewalOrder::from_order(&original, 3)?;
    /// assert_eq!(renewal.body()["order_validity"]["years"], 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn body(&self) -> &Value {
        &self.body
    }

    /// The order body, to prepare with [`super::PreparedOrder::from_json_with`].
    ///
    /// ```
    /// use digicert_mark_certs::order::{OrderKind, RenewalOrder};
    /// use digicert_mark_certs::types::OrderInfo;
    ///
    /// let original: OrderInfo = serde_json::from_value(serde_json::json!({
    ///     "id": 7, "status": "issued", "product": {"name_id": "mark_certificate"},
    ///     "organization": {"id": 3}, "certificate": {"dns_names": ["example.com"]}
    /// }))?;
    /// let body = RenewalOrder::from_order(&original, 1)?.into_body();
    /// assert_eq!(body["renewal_of_order_id"], 7);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_body(self) -> Value {
        self.body
    }
}

/// VMC or CMC, from the product id, or else from the mark type.
fn kind_of(order: &types::OrderInfo) -> Option<OrderKind> {
    let product = order.product.as_ref().and_then(|p| p.name_id.as_deref());
    match product {
        Some("vmc_basic") => return Some(OrderKind::Vmc),
        Some("mark_certificate") => return Some(OrderKind::Cmc),
        Some(_) => return None,
        None => {}
    }
    match order.vmc.as_ref()?.mark_type.as_deref()? {
        "registered_mark" | "government_mark" => Some(OrderKind::Vmc),
        "prior_use_mark" | "modified_registered_mark" => Some(OrderKind::Cmc),
        _ => None,
    }
}
