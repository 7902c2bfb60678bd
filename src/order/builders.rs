//! Helpers that build the generated request types, so a valid order is the easy path.
//!
//! They fill the generated structs directly and keep no model of their own. Values the
//! generated types check (country codes, ids, lengths) are converted here and refused with
//! the field's name; everything else is left to [`super::validate_vmc`] and
//! [`super::validate_cmc`].

use std::num::NonZeroU64;

use crate::logo::Logo;
use crate::secret::{CardNumber, CardVerificationValue};
use crate::types;

/// A value given to a helper that the generated type refuses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct BuildError {
    /// The field, as a path in the request body.
    pub field: &'static str,
    /// Why it was refused, and what is accepted.
    pub message: String,
}

pub(super) fn convert<T, V>(field: &'static str, value: V) -> Result<T, BuildError>
where
    V: TryInto<T>,
    V::Error: std::fmt::Display,
{
    value.try_into().map_err(|e| BuildError {
        field,
        message: e.to_string(),
    })
}

/// A DigiCert id (order, organization, user: every id of the API is an `i64`, as DigiCert's
/// answers carry them) in the form the request types hold.
fn id(field: &'static str, value: i64) -> Result<NonZeroU64, BuildError> {
    u64::try_from(value)
        .ok()
        .and_then(NonZeroU64::new)
        .ok_or_else(|| BuildError {
            field,
            message: format!("{value} is not a DigiCert id: ids are whole numbers from 1"),
        })
}

pub(super) fn certificate(
    dns_names: impl IntoIterator<Item = impl Into<String>>,
) -> types::CertificateDetails {
    types::CertificateDetails {
        dns_names: dns_names.into_iter().map(Into::into).collect(),
    }
}

/// Years DigiCert sells a mark certificate plan for.
const YEARS: std::ops::RangeInclusive<u8> = 1..=3;

pub(super) fn validity(years: u8) -> Result<types::OrderValidity, BuildError> {
    match NonZeroU64::new(u64::from(years)) {
        Some(plan) if YEARS.contains(&years) => Ok(types::OrderValidity { years: plan }),
        _ => Err(BuildError {
            field: "order_validity.years",
            message: format!(
                "{years} years: DigiCert sells mark certificates for 1, 2 or 3 years; a plan \
                 over one year is covered by reissues (each certificate lasts at most 397 days)"
            ),
        }),
    }
}

/// Both request types have the same fields: one constructor body serves them. The generated
/// builder leaves every optional field out, so only the three required ones are named.
macro_rules! minimal_order {
    ($order:ident, $dns_names:expr, $organization:expr, $years:expr) => {
        builders::convert(
            "order",
            types::$order::builder()
                .certificate(builders::certificate($dns_names))
                .organization($organization)
                .order_validity(builders::validity($years)?),
        )?
    };
}
pub(crate) use minimal_order;

/// An organization with nothing set, from the generated builder (every field is optional).
fn empty_organization() -> Result<types::Organization, BuildError> {
    convert("organization", types::Organization::builder())
}

/// An existing organization of the account, by id (the way DigiCert recommends).
///
/// ```
/// use digicert_mark_certs::order::existing_organization;
///
/// let organization = existing_organization(123456)?;
/// assert_eq!(organization.id.map(|id| id.get()), Some(123456));
/// // DigiCert ids start at 1.
/// assert!(existing_organization(0).is_err());
/// # Ok::<(), digicert_mark_certs::order::BuildError>(())
/// ```
pub fn existing_organization(id: i64) -> Result<types::Organization, BuildError> {
    Ok(types::Organization {
        id: Some(self::id("organization.id", id)?),
        ..empty_organization()?
    })
}

/// The details of a new organization.
///
/// ```
/// use digicert_mark_certs::order::{NewOrganization, new_organization};
///
/// let organization = new_organization(NewOrganization {
///     name: "Example Brands".into(),
///     address: "1 Example Street".into(),
///     city: "Lehi".into(),
///     state: Some("Utah".into()),
///     zip: Some("84043".into()),
///     country: "us".into(),
///     telephone: "+1 801-555-0100".into(),
/// })?;
/// assert_eq!(organization.country.as_deref().map(|c| c.as_str()), Some("us"));
/// # Ok::<(), digicert_mark_certs::order::BuildError>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct NewOrganization {
    /// Legal name, at most 64 characters.
    pub name: String,
    /// Street address.
    pub address: String,
    /// City.
    pub city: String,
    /// State or province, written in full, where the country has them.
    pub state: Option<String>,
    /// Postal code, where the country has them.
    pub zip: Option<String>,
    /// Two-letter country code.
    pub country: String,
    /// Telephone number.
    pub telephone: String,
}

/// A new organization, created with the order.
///
/// ```
/// use digicert_mark_certs::order::{NewOrganization, new_organization};
///
/// let organization = new_organization(NewOrganization {
///     name: "Example Brands".into(),
///     address: "1 Example Street".into(),
///     city: "Lehi".into(),
///     country: "us".into(),
///     telephone: "+1 801-555-0100".into(),
///     ..Default::default()
/// })?;
/// assert!(organization.id.is_none());
/// // A name longer than 64 characters is refused with the field's name.
/// let long = NewOrganization { name: "x".repeat(65), ..Default::default() };
/// assert_eq!(new_organization(long).unwrap_err().field, "organization.name");
/// # Ok::<(), digicert_mark_certs::order::BuildError>(())
/// ```
pub fn new_organization(details: NewOrganization) -> Result<types::Organization, BuildError> {
    Ok(types::Organization {
        name: Some(convert("organization.name", details.name)?),
        address: Some(convert("organization.address", details.address)?),
        city: Some(convert("organization.city", details.city)?),
        state: details
            .state
            .map(|s| convert("organization.state", s))
            .transpose()?,
        zip: details.zip,
        country: Some(convert("organization.country", details.country)?),
        telephone: Some(details.telephone),
        ..empty_organization()?
    })
}

fn empty_contact(contact_type: types::ContactType) -> types::OrganizationContact {
    types::OrganizationContact {
        contact_type,
        email: None,
        first_name: None,
        job_title: None,
        last_name: None,
        name: None,
        telephone: None,
        type_: None,
        user_id: None,
    }
}

/// A contact that is an existing user of the account.
///
/// ```
/// use digicert_mark_certs::order::existing_user;
/// use digicert_mark_certs::types::ContactType;
///
/// let technical = existing_user(ContactType::TechnicalContact, 42)?;
/// assert_eq!(technical.user_id.map(|id| id.get()), Some(42));
/// assert!(existing_user(ContactType::TechnicalContact, -1).is_err());
/// # Ok::<(), digicert_mark_certs::order::BuildError>(())
/// ```
pub fn existing_user(
    contact_type: types::ContactType,
    user_id: i64,
) -> Result<types::OrganizationContact, BuildError> {
    Ok(types::OrganizationContact {
        user_id: Some(id("organization.contacts[].user_id", user_id)?),
        ..empty_contact(contact_type)
    })
}

/// A person who is not yet a user of the account.
///
/// ```
/// use digicert_mark_certs::order::{NewContact, new_person};
/// use digicert_mark_certs::types::ContactType;
///
/// let verified = new_person(
///     ContactType::VerifiedContact,
///     NewContact {
///         first_name: "Jane".into(),
///         last_name: "Doe".into(),
///         job_title: "Brand Manager".into(),
///         telephone: "+1 801-555-0101".into(),
///         email: "jane.doe@example.com".into(),
///     },
/// );
/// assert_eq!(verified.email.as_deref(), Some("jane.doe@example.com"));
/// ```
#[derive(Clone, Debug, Default)]
pub struct NewContact {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Job title.
    pub job_title: String,
    /// Telephone number.
    pub telephone: String,
    /// Email address.
    pub email: String,
}

/// A contact that is a new person, with all the details DigiCert needs.
///
/// ```
/// use digicert_mark_certs::order::{NewContact, new_person};
/// use digicert_mark_certs::types::ContactType;
///
/// let contact = new_person(
///     ContactType::OrganizationContact,
///     NewContact {
///         first_name: "Jane".into(),
///         last_name: "Doe".into(),
///         job_title: "Brand Manager".into(),
///         telephone: "+1 801-555-0101".into(),
///         email: "jane.doe@example.com".into(),
///     },
/// );
/// assert_eq!(contact.contact_type, ContactType::OrganizationContact);
/// assert_eq!(contact.first_name.as_deref(), Some("Jane"));
/// ```
pub fn new_person(
    contact_type: types::ContactType,
    person: NewContact,
) -> types::OrganizationContact {
    types::OrganizationContact {
        first_name: Some(person.first_name),
        last_name: Some(person.last_name),
        job_title: Some(person.job_title),
        telephone: Some(person.telephone),
        email: Some(person.email),
        ..empty_contact(contact_type)
    }
}

/// How the order is paid.
///
/// ```
/// use digicert_mark_certs::order::{MarkOrder, OrderExt, Payment, existing_organization};
/// use digicert_mark_certs::types::{CmcOrderRequest, PaymentMethod};
///
/// let order = CmcOrderRequest::minimal(["example.com"], existing_organization(1)?, 1)?
///     .with_payment(Payment::Profile);
/// assert_eq!(order.payment_method, Some(PaymentMethod::Profile));
/// # Ok::<(), digicert_mark_certs::order::BuildError>(())
/// ```
#[derive(Clone, Debug)]
pub enum Payment {
    /// The account balance (DigiCert's default).
    Balance,
    /// The account's default credit card.
    Profile,
    /// A new card, with its billing address.
    Card(Box<CardPayment>),
}

/// A new card and its billing address. `Debug` shows neither the number nor the CVV.
///
/// ```
/// use digicert_mark_certs::order::{CardPayment, NewBillingAddress, Payment, billing_address};
///
/// let address = billing_address(NewBillingAddress {
///     address: "2801 N Thanksgiving Way".into(),
///     city: "Lehi".into(),
///     country: "us".into(),
///     ..Default::default()
/// })?;
/// let card = CardPayment::new("4111111111111111", 12, 2030, 333, "Jane Doe", address)?;
/// assert!(!format!("{card:?}").contains("4111"));
/// let payment = Payment::Card(Box::new(card));
/// # Ok::<(), digicert_mark_certs::order::BuildError>(())
/// ```
#[derive(Clone, Debug)]
pub struct CardPayment {
    /// The card.
    pub credit_card: types::CreditCard,
    /// Its billing address.
    pub billing_address: types::BillingAddress,
}

impl CardPayment {
    /// A card payment. `expiration_month` is 1 to 12, `expiration_year` four digits (such as
    /// 2030), `cvv` the three or four digits on the card.
    ///
    /// ```
    /// use digicert_mark_certs::order::{CardPayment, NewBillingAddress, billing_address};
    ///
    /// let address = billing_address(NewBillingAddress {
    ///     address: "2801 N Thanksgiving Way".into(),
    ///     city: "Lehi".into(),
    ///     country: "us".into(),
    ///     ..Default::default()
    /// })?;
    /// let card = CardPayment::new("4111111111111111", 12, 2030, 333, "Jane Doe", address.clone())?;
    /// assert_eq!(card.credit_card.expiration_year, 2030);
    /// let month = CardPayment::new("4111111111111111", 13, 2030, 333, "Jane Doe", address).unwrap_err();
    /// assert_eq!(month.field, "credit_card.expiration_month");
    /// # Ok::<(), digicert_mark_certs::order::BuildError>(())
    /// ```
    pub fn new(
        number: impl Into<String>,
        expiration_month: u8,
        expiration_year: u16,
        cvv: u16,
        cardholder_name: impl Into<String>,
        billing_address: types::BillingAddress,
    ) -> Result<Self, BuildError> {
        Ok(Self {
            credit_card: types::CreditCard {
                number: CardNumber::new(number),
                expiration_month: NonZeroU64::new(u64::from(expiration_month))
                    .filter(|_| expiration_month <= 12)
                    .ok_or_else(|| BuildError {
                        field: "credit_card.expiration_month",
                        message: format!("{expiration_month}: months run from 1 to 12"),
                    })?,
                expiration_year: if (2000..=9999).contains(&expiration_year) {
                    i64::from(expiration_year)
                } else {
                    return Err(BuildError {
                        field: "credit_card.expiration_year",
                        message: format!(
                            "{expiration_year}: the year is written with four digits, such as 2030"
                        ),
                    });
                },
                cvv: CardVerificationValue::new(cvv),
                cardholder_name: convert("credit_card.cardholder_name", cardholder_name.into())?,
            },
            billing_address,
        })
    }
}

/// The billing address of a card.
#[derive(Clone, Debug, Default)]
pub struct NewBillingAddress {
    /// Street address.
    pub address: String,
    /// Second line of the street address, if any.
    pub address2: Option<String>,
    /// City.
    pub city: String,
    /// State or province, where the country has them.
    pub state: Option<String>,
    /// Postal code, where the country has them.
    pub zip: Option<String>,
    /// Country, as a two-letter code.
    pub country: String,
}

/// A card's billing address, refusing empty required fields with their names.
///
/// ```
/// use digicert_mark_certs::order::{NewBillingAddress, billing_address};
///
/// let address = billing_address(NewBillingAddress {
///     address: "2801 N Thanksgiving Way".into(),
///     city: "Lehi".into(),
///     state: Some("Utah".into()),
///     zip: Some("84043".into()),
///     country: "us".into(),
///     ..Default::default()
/// })?;
/// assert_eq!(address.city.as_str(), "Lehi");
/// assert!(billing_address(NewBillingAddress::default()).is_err());
/// # Ok::<(), digicert_mark_certs::order::BuildError>(())
/// ```
pub fn billing_address(details: NewBillingAddress) -> Result<types::BillingAddress, BuildError> {
    Ok(types::BillingAddress {
        address: convert("billing_address.address", details.address)?,
        address2: details.address2,
        city: convert("billing_address.city", details.city)?,
        state: details.state,
        zip: details.zip,
        country: convert("billing_address.country", details.country)?,
    })
}

/// Which order a renewal continues.
///
/// ```
/// use digicert_mark_certs::order::{MarkOrder, OrderExt, Renewal, existing_organization};
/// use digicert_mark_certs::types::VmcOrderRequest;
///
/// let order = VmcOrderRequest::minimal(["example.com"], existing_organization(1)?, 1)?
///     .renewing(Renewal::OfOrder(144457000))?;
/// assert!(order.renewal_of_order_id.is_some());
/// # Ok::<(), digicert_mark_certs::order::BuildError>(())
/// ```
#[derive(Clone, Debug)]
pub enum Renewal {
    /// The previous order's id.
    OfOrder(i64),
    /// The SHA-1 thumbprint (40 hex digits) of the previous order's certificate.
    OfThumbprint(String),
}

/// The mark a VMC certifies.
///
/// ```
/// use digicert_mark_certs::order::{Mark, MarkOrder, VmcOrderExt, existing_organization};
/// use digicert_mark_certs::types::{MarkType, VmcOrderRequest};
///
/// let order = VmcOrderRequest::minimal(["example.gov"], existing_organization(1)?, 1)?
///     .with_mark(Mark::Government {
///         country_code: "us".into(),
///         state_province: Some("Utah".into()),
///         locality: None,
///         citation: Some("Utah Code 63G-1-501".into()),
///     })?;
/// assert_eq!(order.vmc.unwrap().mark_type, Some(MarkType::GovernmentMark));
/// # Ok::<(), digicert_mark_certs::order::BuildError>(())
/// ```
#[derive(Clone, Debug)]
pub enum Mark {
    /// A registered trademark: the country of registration and the registration number.
    Registered {
        /// Two-letter code of the country where the mark is registered.
        country_code: String,
        /// The trademark's registration number.
        registration_number: String,
    },
    /// A government mark: the granting country and, as they apply, its state, locality and
    /// the law or citation that grants the right.
    Government {
        /// Two-letter code of the granting country.
        country_code: String,
        /// State or province that grants the right.
        state_province: Option<String>,
        /// Locality that grants the right.
        locality: Option<String>,
        /// Law, statute or citation that grants the right.
        citation: Option<String>,
    },
}

/// Settings shared by VMC and CMC orders.
pub trait OrderExt: super::MarkOrder {
    /// Sets the payment method, with the card and address for [`Payment::Card`] (and
    /// removes any card left from an earlier payment choice).
    ///
    /// ```
    /// use digicert_mark_certs::order::{MarkOrder, OrderExt, Payment, existing_organization};
    /// use digicert_mark_certs::types::{CmcOrderRequest, PaymentMethod};
    ///
    /// let order = CmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?
    ///     .with_payment(Payment::Balance);
    /// assert_eq!(order.payment_method, Some(PaymentMethod::Balance));
    /// assert!(order.credit_card.is_none());
    /// # Ok::<(), digicert_mark_certs::order::BuildError>(())
    /// ```
    fn with_payment(self, payment: Payment) -> Self;
    /// Makes the order a renewal.
    ///
    /// ```
    /// use digicert_mark_certs::order::{MarkOrder, OrderExt, Renewal, existing_organization};
    /// use digicert_mark_certs::types::VmcOrderRequest;
    ///
    /// let order = VmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?;
    /// let renewal = order.clone().renewing(Renewal::OfOrder(144457000))?;
    /// assert!(renewal.renewal_of_order_id.is_some());
    /// // A thumbprint is 40 hex digits.
    /// assert!(order.renewing(Renewal::OfThumbprint("abc".into())).is_err());
    /// # Ok::<(), digicert_mark_certs::order::BuildError>(())
    /// ```
    fn renewing(self, renewal: Renewal) -> Result<Self, BuildError>;
    /// Attaches the encoded logo.
    ///
    /// ```
    /// use digicert_mark_certs::logo::Logo;
    /// use digicert_mark_certs::order::{MarkOrder, OrderExt, existing_organization};
    /// use digicert_mark_certs::types::VmcOrderRequest;
    ///
    /// let logo = Logo::from_svg(br#"<svg xmlns="http://www.w3.org/2000/svg"/>"#.to_vec())?;
    /// let order = VmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?
    ///     .with_logo(&logo);
    /// assert_eq!(serde_json::to_value(&order)?["vmc"]["logo"], logo.encoded());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn with_logo(self, logo: &Logo) -> Self;
    /// Asks DigiCert to host the logo and certificate files, or not.
    ///
    /// ```
    /// use digicert_mark_certs::order::{MarkOrder, OrderExt, existing_organization};
    /// use digicert_mark_certs::types::CmcOrderRequest;
    ///
    /// let order = CmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?
    ///     .with_hosting(true);
    /// assert!(order.vmc.and_then(|v| v.enable_hosting).is_some_and(|h| h.is_enabled()));
    /// # Ok::<(), digicert_mark_certs::order::BuildError>(())
    /// ```
    fn with_hosting(self, enable: bool) -> Self;
    /// Sets the caller's alphanumeric id for the order (at most 64 characters).
    ///
    /// ```
    /// use digicert_mark_certs::order::{MarkOrder, OrderExt, existing_organization};
    /// use digicert_mark_certs::types::CmcOrderRequest;
    ///
    /// let order = CmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?;
    /// let named = order.clone().with_alternative_order_id("brandcmc2026a")?;
    /// assert_eq!(named.alternative_order_id(), Some("brandcmc2026a"));
    /// assert!(order.with_alternative_order_id(&"x".repeat(65)).is_err());
    /// # Ok::<(), digicert_mark_certs::order::BuildError>(())
    /// ```
    fn with_alternative_order_id(self, id: &str) -> Result<Self, BuildError>;
    /// Adds a contact to the organization.
    ///
    /// ```
    /// use digicert_mark_certs::order::{MarkOrder, OrderExt, existing_organization, existing_user};
    /// use digicert_mark_certs::types::{CmcOrderRequest, ContactType};
    ///
    /// let order = CmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?
    ///     .with_contact(existing_user(ContactType::VerifiedContact, 42)?);
    /// assert_eq!(order.organization.contacts.len(), 1);
    /// # Ok::<(), digicert_mark_certs::order::BuildError>(())
    /// ```
    fn with_contact(self, contact: types::OrganizationContact) -> Self;
    /// Sets the comments to DigiCert's validation staff.
    ///
    /// ```
    /// use digicert_mark_certs::order::{MarkOrder, OrderExt, existing_organization};
    /// use digicert_mark_certs::types::CmcOrderRequest;
    ///
    /// let order = CmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?
    ///     .with_comments("The mark is the one on our storefront.");
    /// assert_eq!(serde_json::to_value(&order)?["comments"], "The mark is the one on our storefront.");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn with_comments(self, comments: &str) -> Self;
    /// Sets how domain control is shown (`email`, `dns-txt-token`, `dns-cname-token`,
    /// `http-token`; DigiCert's list is open, and a value outside it is warned about).
    ///
    /// ```
    /// use digicert_mark_certs::order::{MarkOrder, OrderExt, existing_organization};
    /// use digicert_mark_certs::types::{CmcOrderRequest, DcvMethod};
    ///
    /// let order = CmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?
    ///     .with_dcv_method("dns-txt-token");
    /// assert_eq!(order.dcv_method, Some(DcvMethod::from("dns-txt-token")));
    /// assert!(order.dcv_method.is_some_and(|m| m.is_known()));
    /// # Ok::<(), digicert_mark_certs::order::BuildError>(())
    /// ```
    fn with_dcv_method(self, method: impl Into<crate::values::DcvMethod>) -> Self;
    /// Asks DigiCert to skip the approval step (the account must allow it).
    ///
    /// ```
    /// use digicert_mark_certs::order::{MarkOrder, OrderExt, existing_organization};
    /// use digicert_mark_certs::types::CmcOrderRequest;
    ///
    /// let order = CmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?
    ///     .with_skip_approval(true);
    /// assert_eq!(serde_json::to_value(&order)?["skip_approval"], true);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn with_skip_approval(self, skip: bool) -> Self;
    /// Adds addresses that receive the order's emails; each must be an email address.
    ///
    /// ```
    /// use digicert_mark_certs::order::{MarkOrder, OrderExt, existing_organization};
    /// use digicert_mark_certs::types::CmcOrderRequest;
    ///
    /// let order = CmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?;
    /// let copied = order.clone().with_additional_emails(["brand@example.com"])?;
    /// assert_eq!(serde_json::to_value(&copied)?["additional_emails"][0], "brand@example.com");
    /// let refused = order.with_additional_emails(["not an address"]).unwrap_err();
    /// assert_eq!(refused.field, "additional_emails[]");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn with_additional_emails<I, E>(self, emails: I) -> Result<Self, BuildError>
    where
        I: IntoIterator<Item = E>,
        E: AsRef<str>;
    /// Sets the language of DigiCert's emails about the order (a locale code such as `en` or
    /// `pt_BR`; a code outside DigiCert's list is warned about).
    ///
    /// ```
    /// use digicert_mark_certs::order::{MarkOrder, OrderExt, existing_organization};
    /// use digicert_mark_certs::types::CmcOrderRequest;
    ///
    /// let order = CmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?
    ///     .with_locale("pt_BR");
    /// assert_eq!(serde_json::to_value(&order)?["locale"], "pt_BR");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn with_locale(self, locale: &str) -> Self;
    /// Sets whether the order renews automatically at the end of its plan.
    ///
    /// ```
    /// use digicert_mark_certs::order::{MarkOrder, OrderExt, existing_organization};
    /// use digicert_mark_certs::types::CmcOrderRequest;
    ///
    /// let order = CmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?
    ///     .with_auto_renew(true);
    /// // DigiCert writes it as a number.
    /// assert_eq!(serde_json::to_value(&order)?["auto_renew"], 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn with_auto_renew(self, renew: bool) -> Self;
}

macro_rules! order_ext {
    ($order:ty, $details:ty, $empty_details:expr) => {
        impl OrderExt for $order {
            fn with_payment(mut self, payment: Payment) -> Self {
                let (method, card) = match payment {
                    Payment::Balance => (types::PaymentMethod::Balance, None),
                    Payment::Profile => (types::PaymentMethod::Profile, None),
                    Payment::Card(card) => (types::PaymentMethod::Card, Some(*card)),
                };
                self.payment_method = Some(method);
                self.credit_card = card.as_ref().map(|c| c.credit_card.clone());
                self.billing_address = card.map(|c| c.billing_address);
                self
            }

            fn renewing(mut self, renewal: Renewal) -> Result<Self, BuildError> {
                match renewal {
                    Renewal::OfOrder(order_id) => {
                        self.renewal_of_order_id = Some(types::RenewalOfOrderId(id(
                            "renewal_of_order_id",
                            order_id,
                        )?));
                    }
                    Renewal::OfThumbprint(thumbprint) => {
                        self.renewed_thumbprint =
                            Some(convert("renewed_thumbprint", thumbprint.as_str())?);
                    }
                }
                Ok(self)
            }

            fn with_logo(mut self, logo: &Logo) -> Self {
                let mut details: $details = self.vmc.take().unwrap_or_else($empty_details);
                details.logo = Some(
                    types::LogoData::try_from(logo.encoded().to_owned())
                        .expect("encoded logos are base64 text, which LogoData accepts"),
                );
                self.vmc = Some(details);
                self
            }

            fn with_hosting(mut self, enable: bool) -> Self {
                let mut details: $details = self.vmc.take().unwrap_or_else($empty_details);
                details.enable_hosting = Some(types::EnableHosting::from(enable));
                self.vmc = Some(details);
                self
            }

            fn with_alternative_order_id(mut self, id: &str) -> Result<Self, BuildError> {
                self.alternative_order_id = Some(convert("alternative_order_id", id)?);
                Ok(self)
            }

            fn with_contact(mut self, contact: types::OrganizationContact) -> Self {
                self.organization.contacts.push(contact);
                self
            }

            fn with_comments(mut self, comments: &str) -> Self {
                self.comments = Some(comments.to_owned().into());
                self
            }

            fn with_dcv_method(mut self, method: impl Into<crate::values::DcvMethod>) -> Self {
                self.dcv_method = Some(method.into());
                self
            }

            fn with_skip_approval(mut self, skip: bool) -> Self {
                self.skip_approval = Some(skip.into());
                self
            }

            fn with_additional_emails<I, E>(mut self, emails: I) -> Result<Self, BuildError>
            where
                I: IntoIterator<Item = E>,
                E: AsRef<str>,
            {
                let mut list = self
                    .additional_emails
                    .take()
                    .map(|l| l.0)
                    .unwrap_or_default();
                for email in emails {
                    let email = email.as_ref();
                    if !super::schema::is_email(email) {
                        return Err(BuildError {
                            field: "additional_emails[]",
                            message: format!(
                                "`{}` is not an email address like name@example.com",
                                crate::redact::untrusted(email)
                            ),
                        });
                    }
                    list.push(convert("additional_emails[]", email)?);
                }
                self.additional_emails = Some(types::AdditionalEmails(list));
                Ok(self)
            }

            fn with_locale(mut self, locale: &str) -> Self {
                self.locale = Some(locale.to_owned().into());
                self
            }

            fn with_auto_renew(mut self, renew: bool) -> Self {
                self.auto_renew = Some(if renew {
                    crate::values::AutoRenew::On
                } else {
                    crate::values::AutoRenew::Off
                });
                self
            }
        }
    };
}

fn empty_vmc_details() -> types::VmcDetails {
    types::VmcDetails {
        enable_hosting: None,
        logo: None,
        mark_type: None,
        mark_type_data: None,
        trademark_country_code: None,
        trademark_registration_number: None,
    }
}

fn empty_cmc_details() -> types::CmcDetails {
    types::CmcDetails {
        enable_hosting: None,
        logo: None,
    }
}

order_ext!(types::VmcOrderRequest, types::VmcDetails, empty_vmc_details);
order_ext!(types::CmcOrderRequest, types::CmcDetails, empty_cmc_details);

/// Settings only VMC orders have.
pub trait VmcOrderExt: Sized {
    /// Sets the mark type and its data.
    ///
    /// ```
    /// use digicert_mark_certs::order::{Mark, MarkOrder, VmcOrderExt, existing_organization};
    /// use digicert_mark_certs::types::{MarkType, VmcOrderRequest};
    ///
    /// let order = VmcOrderRequest::minimal(["example.com"], existing_organization(123456)?, 1)?
    ///     .with_mark(Mark::Registered {
    ///         country_code: "us".into(),
    ///         registration_number: "5555555".into(),
    ///     })?;
    /// assert_eq!(order.vmc.unwrap().mark_type, Some(MarkType::RegisteredMark));
    /// # Ok::<(), digicert_mark_certs::order::BuildError>(())
    /// ```
    fn with_mark(self, mark: Mark) -> Result<Self, BuildError>;
}

impl VmcOrderExt for types::VmcOrderRequest {
    fn with_mark(mut self, mark: Mark) -> Result<Self, BuildError> {
        let country = |code: String| convert("vmc.mark_type_data.country_code", code);
        let (mark_type, data) = match mark {
            Mark::Registered {
                country_code,
                registration_number,
            } => (
                types::MarkType::RegisteredMark,
                types::MarkTypeData {
                    country_code: Some(country(country_code)?),
                    registration_number: Some(registration_number),
                    citation: None,
                    locality: None,
                    state_province: None,
                },
            ),
            Mark::Government {
                country_code,
                state_province,
                locality,
                citation,
            } => (
                types::MarkType::GovernmentMark,
                types::MarkTypeData {
                    country_code: Some(country(country_code)?),
                    state_province,
                    locality,
                    citation,
                    registration_number: None,
                },
            ),
        };
        let mut details = self.vmc.take().unwrap_or_else(empty_vmc_details);
        details.mark_type = Some(mark_type);
        details.mark_type_data = Some(data);
        self.vmc = Some(details);
        Ok(self)
    }
}
