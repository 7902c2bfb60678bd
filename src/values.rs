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
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $text, )+
                    Self::Unknown(other) => other,
                }
            }

            /// `true` for a value DigiCert documents.
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
    pub fn is_issued(&self) -> bool {
        matches!(self, Self::Issued)
    }

    /// A status an order does not leave on its own: issued, rejected, canceled, revoked or
    /// expired. Waiting for an order stops there.
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
