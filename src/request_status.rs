//! Status of an approval request, tolerant of values DigiCert adds later.

use std::{convert::Infallible, fmt, str::FromStr};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Status of an order's approval request (`requests[].status` in an order answer).
///
/// DigiCert documents four values. Any other value parses as [`RequestStatus::Unknown`] and
/// keeps its text, so a new status never turns a placed order into a parse error.
///
/// ```
/// use digicert_mark_certs::RequestStatus;
///
/// assert_eq!("approved".parse::<RequestStatus>().unwrap(), RequestStatus::Approved);
/// let new: RequestStatus = "on_hold".parse().unwrap();
/// assert_eq!(new, RequestStatus::Unknown("on_hold".to_owned()));
/// assert_eq!(new.to_string(), "on_hold");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RequestStatus {
    /// Waiting for an administrator's approval.
    Pending,
    /// Approved and submitted to DigiCert for validation.
    Submitted,
    /// Approved.
    Approved,
    /// Rejected by an approver.
    Rejected,
    /// A status this version does not know, kept as DigiCert sent it.
    Unknown(String),
}

impl RequestStatus {
    /// The status as DigiCert writes it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Pending => "pending",
            Self::Submitted => "submitted",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::Unknown(other) => other,
        }
    }
}

impl FromStr for RequestStatus {
    type Err = Infallible;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "pending" => Self::Pending,
            "submitted" => Self::Submitted,
            "approved" => Self::Approved,
            "rejected" => Self::Rejected,
            other => Self::Unknown(other.to_owned()),
        })
    }
}

impl fmt::Display for RequestStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RequestStatus {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for RequestStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(text
            .parse()
            .unwrap_or_else(|never: Infallible| match never {}))
    }
}
