//! Card secrets: values that are sent to DigiCert but never shown in Debug output.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A credit card number (`credit_card.number`).
///
/// Serializes as the plain string DigiCert expects; its `Debug` output shows no digit.
///
/// ```
/// use digicert_mark_certs::secret::CardNumber;
///
/// let number = CardNumber::new("4111111111111111");
/// assert_eq!(format!("{number:?}"), "CardNumber(<redacted>)");
/// assert_eq!(number.expose(), "4111111111111111");
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CardNumber(String);

impl CardNumber {
    /// Wraps a card number as given; checking it is the validator's job.
    ///
    /// ```
    /// use digicert_mark_certs::secret::CardNumber;
    ///
    /// let number = CardNumber::new("4111 1111 1111 1111");
    /// assert_eq!(number.expose(), "4111 1111 1111 1111");
    /// assert!(!format!("{number:?}").contains("4111"));
    /// ```
    pub fn new(number: impl Into<String>) -> Self {
        Self(number.into())
    }

    /// The number itself, for code that must send or check it.
    ///
    /// ```
    /// use digicert_mark_certs::secret::CardNumber;
    ///
    /// let number = CardNumber::new("4111111111111111");
    /// assert_eq!(number.expose().len(), 16);
    /// ```
    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(feature = "json-schema")]
impl schemars::JsonSchema for CardNumber {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CardNumber".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "description": "Card number. Secret." })
    }
}

impl fmt::Debug for CardNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CardNumber(<redacted>)")
    }
}

/// A card verification value (`credit_card.cvv`), sent as a JSON integer.
///
/// DigiCert types the CVV as an integer, so a CVV written with a leading zero cannot be
/// sent as written; the validator refuses values outside 100 to 9999. `Debug` shows no digit.
///
/// ```
/// use digicert_mark_certs::secret::CardVerificationValue;
///
/// let cvv = CardVerificationValue::new(333);
/// assert_eq!(format!("{cvv:?}"), "CardVerificationValue(<redacted>)");
/// assert_eq!(serde_json::to_string(&cvv).unwrap(), "333");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CardVerificationValue(u16);

impl CardVerificationValue {
    /// Wraps a CVV as given; checking its range is the validator's job.
    ///
    /// ```
    /// use digicert_mark_certs::secret::CardVerificationValue;
    ///
    /// let cvv = CardVerificationValue::new(333);
    /// assert!(!format!("{cvv:?}").contains("333"));
    /// ```
    pub fn new(cvv: u16) -> Self {
        Self(cvv)
    }

    /// The value itself, for code that must send or check it.
    ///
    /// ```
    /// use digicert_mark_certs::secret::CardVerificationValue;
    ///
    /// assert_eq!(CardVerificationValue::new(1234).expose(), 1234);
    /// ```
    pub fn expose(&self) -> u16 {
        self.0
    }
}

#[cfg(feature = "json-schema")]
impl schemars::JsonSchema for CardVerificationValue {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CardVerificationValue".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "integer",
            "minimum": 100,
            "maximum": 9999,
            "description": "Card verification value. Secret."
        })
    }
}

impl fmt::Debug for CardVerificationValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CardVerificationValue(<redacted>)")
    }
}
