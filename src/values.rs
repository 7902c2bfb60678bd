//! Wire values whose set DigiCert may extend, and fields DigiCert accepts in several forms.
//!
//! The generated types use these in place of closed enumerations: an unknown status parses
//! as `Unknown` and keeps its text, so a value DigiCert adds later never turns a placed order
//! into a parse error.

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An open list of values: the known ones as variants, anything else kept as text.
macro_rules! open_values {
    (
        $(#[$meta:meta])*
        $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $text:literal ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version does not know, kept as DigiCert sent it.
            Unknown(String),
        }

        impl $name {
            /// Every value DigiCert documents.
            pub const KNOWN: &'static [&'static str] = &[$($text),+];

            /// The value as DigiCert writes it.
            ///
            #[doc = concat!(
                "```\n",
                "use digicert_mark_certs::types::", stringify!($name), ";\n\n",
                "for text in ", stringify!($name), "::KNOWN {\n",
                "    assert_eq!(", stringify!($name), "::from(*text).as_str(), *text);\n",
                "}\n",
                "assert_eq!(", stringify!($name), "::from(\"added_later\").as_str(), \"added_later\");\n",
                "```",
            )]
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $text, )+
                    Self::Unknown(other) => other,
                }
            }

            /// `true` for a value DigiCert documents.
            ///
            #[doc = concat!(
                "```\n",
                "use digicert_mark_certs::types::", stringify!($name), ";\n\n",
                "assert!(", stringify!($name), "::from(", stringify!($name), "::KNOWN[0]).is_known());\n",
                "assert!(!", stringify!($name), "::from(\"added_later\").is_known());\n",
                "```",
            )]
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl FromStr for $name {
            type Err = Infallible;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(match s {
                    $( $text => Self::$variant, )+
                    other => Self::Unknown(other.to_owned()),
                })
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                s.parse().unwrap_or_else(|never: Infallible| match never {})
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                Ok(Self::from(text.as_str()))
            }
        }

        #[cfg(feature = "json-schema")]
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "description": concat!(
                        "One of the documented values, or another value DigiCert may add: ",
                        $($text, " "),+
                    ),
                    "anyOf": [
                        { "type": "string", "enum": [$($text),+] },
                        { "type": "string" }
                    ]
                })
            }
        }
    };
}

open_values! {
    /// Status of an order's approval request (`requests[].status`).
    ///
    /// ```
    /// use digicert_mark_certs::types::RequestStatus;
    ///
    /// assert_eq!(RequestStatus::from("approved"), RequestStatus::Approved);
    /// let new = RequestStatus::from("on_hold");
    /// assert_eq!(new, RequestStatus::Unknown("on_hold".to_owned()));
    /// assert_eq!(new.to_string(), "on_hold");
    /// ```
    RequestStatus {
        /// Waiting for an administrator's approval.
        Pending = "pending",
        /// Approved and submitted to DigiCert for validation.
        Submitted = "submitted",
        /// Approved.
        Approved = "approved",
        /// Rejected by an approver.
        Rejected = "rejected",
    }
}

open_values! {
    /// Domain control validation method (`dcv_method`). DigiCert's pages point to a glossary
    /// for the list; another value is sent as given and the validator warns about it.
    ///
    /// ```
    /// use digicert_mark_certs::types::DcvMethod;
    ///
    /// assert!(DcvMethod::from("dns-txt-token").is_known());
    /// assert!(!DcvMethod::from("carrier-pigeon").is_known());
    /// ```
    DcvMethod {
        /// Email to the domain's contacts (a VMC's default).
        Email = "email",
        /// A TXT record holding a random value.
        DnsTxtToken = "dns-txt-token",
        /// A CNAME record holding a random value.
        DnsCnameToken = "dns-cname-token",
        /// A file served over HTTP holding a random value.
        HttpToken = "http-token",
        /// Like `http-token`, with a value generated per request.
        HttpTokenDynamic = "http-token-dynamic",
    }
}

open_values! {
    /// Status of an order (`status` of Order info, `orders[].status` of the status changes).
    ///
    /// `needs_approval` and `expired` were seen in clients, not in DigiCert's list; other
    /// values are kept as [`OrderStatus::Unknown`].
    ///
    /// ```
    /// use digicert_mark_certs::types::OrderStatus;
    ///
    /// assert!(OrderStatus::from("issued").is_issued());
    /// assert!(OrderStatus::from("canceled").is_final());
    /// assert!(!OrderStatus::from("pending").is_final());
    /// let new = OrderStatus::from("approved");
    /// assert!(!new.is_known() && !new.is_final());
    /// ```
    OrderStatus {
        /// Waiting for approval, validation or issuance.
        Pending = "pending",
        /// The certificate is issued.
        Issued = "issued",
        /// DigiCert refused to issue.
        Rejected = "rejected",
        /// The certificate was revoked.
        Revoked = "revoked",
        /// Issued, waiting to be collected.
        WaitingPickup = "waiting_pickup",
        /// A reissue is being processed.
        ReissuePending = "reissue_pending",
        /// The order was canceled.
        Canceled = "canceled",
        /// Waiting for an approval (seen in a client).
        NeedsApproval = "needs_approval",
        /// The certificate expired (seen in a client).
        Expired = "expired",
    }
}

impl OrderStatus {
    /// `issued`: the certificate can be downloaded.
    ///
    /// ```
    /// use digicert_mark_certs::types::OrderStatus;
    ///
    /// assert!(OrderStatus::Issued.is_issued());
    /// assert!(!OrderStatus::from("waiting_pickup").is_issued());
    /// ```
    pub fn is_issued(&self) -> bool {
        matches!(self, Self::Issued)
    }

    /// A status an order does not leave on its own: issued, rejected, canceled, revoked or
    /// expired. Waiting for an order stops there.
    ///
    /// ```
    /// use digicert_mark_certs::types::OrderStatus;
    ///
    /// assert!(OrderStatus::Rejected.is_final());
    /// assert!(!OrderStatus::Pending.is_final());
    /// assert!(!OrderStatus::from("a_later_status").is_final());
    /// ```
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            Self::Issued | Self::Rejected | Self::Canceled | Self::Revoked | Self::Expired
        )
    }
}

/// An id that DigiCert writes as a number in most answers and as a string in others (the
/// example of its Validation status page). Kept in the form received.
///
/// ```
/// use digicert_mark_certs::types::LooseId;
///
/// let text: LooseId = serde_json::from_str(r#""4400401""#)?;
/// let number: LooseId = serde_json::from_str("4400401")?;
/// assert_eq!(text.as_i64(), Some(4400401));
/// assert_eq!(text.as_i64(), number.as_i64());
/// assert_eq!(serde_json::to_string(&text)?, r#""4400401""#);
/// assert_eq!(LooseId::from("OID-1").as_i64(), None);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LooseId {
    /// Written as a JSON number.
    Number(i64),
    /// Written as a JSON string.
    Text(String),
}

impl LooseId {
    /// The id as a number, when it is one (a string of digits counts).
    ///
    /// ```
    /// use digicert_mark_certs::types::LooseId;
    ///
    /// assert_eq!(LooseId::from(4400401).as_i64(), Some(4400401));
    /// assert_eq!(LooseId::from("4400401").as_i64(), Some(4400401));
    /// assert_eq!(LooseId::from("OID-1").as_i64(), None);
    /// ```
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Self::Number(n) => Some(*n),
            Self::Text(text) => text.trim().parse().ok(),
        }
    }
}

impl From<i64> for LooseId {
    fn from(n: i64) -> Self {
        Self::Number(n)
    }
}

impl From<&str> for LooseId {
    fn from(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}

impl fmt::Display for LooseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Number(n) => write!(f, "{n}"),
            Self::Text(text) => f.write_str(text),
        }
    }
}

impl Serialize for LooseId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Number(n) => serializer.serialize_i64(*n),
            Self::Text(text) => serializer.serialize_str(text),
        }
    }
}

impl<'de> Deserialize<'de> for LooseId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        match serde_json::Value::deserialize(deserializer)? {
            serde_json::Value::Number(n) => n
                .as_i64()
                .map(Self::Number)
                .ok_or_else(|| D::Error::custom("an id must be a whole number")),
            serde_json::Value::String(text) => Ok(Self::Text(text)),
            _ => Err(D::Error::custom("an id must be a number or a string")),
        }
    }
}

#[cfg(feature = "json-schema")]
impl schemars::JsonSchema for LooseId {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "LooseId".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "anyOf": [{ "type": "integer" }, { "type": "string" }]
        })
    }
}

/// `domains[].name` of an order's answer: DigiCert's response tables type it as an integer,
/// while every example answer writes the domain as text (`"example.com"`). Both are read and
/// kept in the form received.
///
/// ```
/// use digicert_mark_certs::types::DomainName;
///
/// let text: DomainName = serde_json::from_str(r#""example.com""#)?;
/// assert_eq!(text.as_str(), Some("example.com"));
/// let number: DomainName = serde_json::from_str("3612638")?;
/// assert_eq!(number.as_str(), None);
/// assert_eq!(number.to_string(), "3612638");
/// assert_eq!(serde_json::to_string(&number)?, "3612638");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum DomainName {
    /// Written as a JSON string, as the examples do.
    Text(String),
    /// Written as a JSON number, as the tables type it.
    Number(i64),
}

impl DomainName {
    /// The name, when DigiCert wrote it as text.
    ///
    /// ```
    /// use digicert_mark_certs::types::DomainName;
    ///
    /// assert_eq!(DomainName::from("example.com").as_str(), Some("example.com"));
    /// assert_eq!(DomainName::Number(3612638).as_str(), None);
    /// ```
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::Text(text) => Some(text),
            Self::Number(_) => None,
        }
    }
}

impl From<&str> for DomainName {
    fn from(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}

impl fmt::Display for DomainName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Text(text) => f.write_str(text),
            Self::Number(n) => write!(f, "{n}"),
        }
    }
}

impl Serialize for DomainName {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Text(text) => serializer.serialize_str(text),
            Self::Number(n) => serializer.serialize_i64(*n),
        }
    }
}

impl<'de> Deserialize<'de> for DomainName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        match serde_json::Value::deserialize(deserializer)? {
            serde_json::Value::String(text) => Ok(Self::Text(text)),
            serde_json::Value::Number(n) => n
                .as_i64()
                .map(Self::Number)
                .ok_or_else(|| D::Error::custom("a domain name given as a number must be whole")),
            _ => Err(D::Error::custom(
                "a domain name must be a string or a number",
            )),
        }
    }
}

#[cfg(feature = "json-schema")]
impl schemars::JsonSchema for DomainName {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DomainName".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Domain name in the account: text, as DigiCert's examples write it, \
                            or a number, as its tables type it; kept as given.",
            "anyOf": [{ "type": "string" }, { "type": "integer" }]
        })
    }
}

/// `vmc.enable_hosting`, in the forms DigiCert's pages use: `true`/`false` (the VMC table),
/// `1`/`0` (the CMC table) or `"1"`/`"0"` (the CMC example). A body keeps the form it was
/// written in; the order builders send `true`/`false`.
///
/// ```
/// use digicert_mark_certs::types::EnableHosting;
///
/// let given: EnableHosting = serde_json::from_str(r#""1""#)?;
/// assert!(given.is_enabled());
/// assert_eq!(serde_json::to_string(&given)?, r#""1""#);
/// assert_eq!(serde_json::to_string(&EnableHosting::from(false))?, "false");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EnableHosting {
    /// `true` or `false`.
    Flag(bool),
    /// `1` or `0`.
    Number(bool),
    /// `"1"` or `"0"`.
    Text(bool),
}

impl EnableHosting {
    /// Whether hosting is asked for, whatever the form.
    ///
    /// ```
    /// use digicert_mark_certs::types::EnableHosting;
    ///
    /// assert!(EnableHosting::Text(true).is_enabled());
    /// assert!(!EnableHosting::from(false).is_enabled());
    /// ```
    pub fn is_enabled(self) -> bool {
        match self {
            Self::Flag(on) | Self::Number(on) | Self::Text(on) => on,
        }
    }
}

impl From<bool> for EnableHosting {
    fn from(on: bool) -> Self {
        Self::Flag(on)
    }
}

impl Serialize for EnableHosting {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match *self {
            Self::Flag(on) => serializer.serialize_bool(on),
            Self::Number(on) => serializer.serialize_u8(u8::from(on)),
            Self::Text(on) => serializer.serialize_str(if on { "1" } else { "0" }),
        }
    }
}

impl<'de> Deserialize<'de> for EnableHosting {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        match serde_json::Value::deserialize(deserializer)? {
            serde_json::Value::Bool(on) => Ok(Self::Flag(on)),
            serde_json::Value::Number(n) if n.as_u64() == Some(1) => Ok(Self::Number(true)),
            serde_json::Value::Number(n) if n.as_u64() == Some(0) => Ok(Self::Number(false)),
            serde_json::Value::String(s) if s == "1" => Ok(Self::Text(true)),
            serde_json::Value::String(s) if s == "0" => Ok(Self::Text(false)),
            _ => Err(D::Error::custom(
                "enable_hosting must be true, false, 1, 0, \"1\" or \"0\"",
            )),
        }
    }
}

#[cfg(feature = "json-schema")]
impl schemars::JsonSchema for EnableHosting {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "EnableHosting".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "oneOf": [
                { "type": "boolean" },
                { "type": "integer", "enum": [0, 1] },
                { "type": "string", "enum": ["0", "1"] }
            ]
        })
    }
}

/// `auto_renew`: `1` renews the certificate automatically, `0` (DigiCert's default) does not.
///
/// ```
/// use digicert_mark_certs::types::AutoRenew;
///
/// assert_eq!(serde_json::to_string(&AutoRenew::On)?, "1");
/// assert!(serde_json::from_str::<AutoRenew>("2").is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum AutoRenew {
    /// `0`: no automatic renewal.
    #[default]
    Off,
    /// `1`: renew automatically.
    On,
}

impl Serialize for AutoRenew {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u8(match self {
            Self::Off => 0,
            Self::On => 1,
        })
    }
}

impl<'de> Deserialize<'de> for AutoRenew {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        match i64::deserialize(deserializer)? {
            0 => Ok(Self::Off),
            1 => Ok(Self::On),
            other => Err(D::Error::custom(format!(
                "auto_renew must be 0 or 1, not {other}"
            ))),
        }
    }
}

#[cfg(feature = "json-schema")]
impl schemars::JsonSchema for AutoRenew {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "AutoRenew".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "integer", "enum": [0, 1] })
    }
}

/// A moment, shown and written as RFC 3339 in UTC (`2027-01-05T00:00:00Z`), as certificates
/// and events carry it; [`Timestamp::system_time`] gives it back for arithmetic.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use digicert_mark_certs::values::Timestamp;
///
/// let at = Timestamp::from(UNIX_EPOCH + Duration::from_secs(1_798_416_000));
/// assert_eq!(at.to_string(), "2026-12-28T00:00:00Z");
/// assert_eq!(serde_json::to_value(at)?, "2026-12-28T00:00:00Z");
/// assert!(at.system_time() > UNIX_EPOCH);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(std::time::SystemTime);

impl Timestamp {
    /// The moment as a [`std::time::SystemTime`].
    ///
    /// ```
    /// use std::time::SystemTime;
    /// use digicert_mark_certs::values::Timestamp;
    ///
    /// let now = SystemTime::now();
    /// assert_eq!(Timestamp::from(now).system_time(), now);
    /// ```
    pub fn system_time(self) -> std::time::SystemTime {
        self.0
    }

    /// The present moment.
    ///
    /// ```
    /// let now = digicert_mark_certs::values::Timestamp::now();
    /// assert!(now.to_string().ends_with('Z'));
    /// ```
    pub fn now() -> Self {
        Self(std::time::SystemTime::now())
    }
}

impl From<std::time::SystemTime> for Timestamp {
    fn from(at: std::time::SystemTime) -> Self {
        Self(at)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::certificate::rfc3339(self.0))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(feature = "json-schema")]
impl schemars::JsonSchema for Timestamp {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Timestamp".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date-time",
            "description": "A moment in RFC 3339, UTC."
        })
    }
}
