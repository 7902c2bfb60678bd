//! Acting on a pending order: logo uploads, mark updates, domain checks, cancels. Each is a
//! change: sent again only after HTTP 429, and left unknown ([`Error::ChangeUnknown`]) after
//! any other unclear end.

use super::transport::{Request, done};
use super::{Error, MarkClient};
use crate::findings::{Location, Report};
use crate::logo::Logo;
use crate::types;

/// The result of a logo upload: DigiCert's answer, and the local check's warnings.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct UploadedLogo {
    /// DigiCert's answer: the logo id, and trademark details when the logo matched a stored
    /// one.
    pub answer: types::LogoUpload,
    /// The findings of the local check (warnings only: errors stop the upload).
    pub findings: Report,
}

impl MarkClient {
    /// Uploads a logo to a pending order, in its encoded form (the SVG, gzip-compressed and
    /// base64-encoded). The logo is checked first: nothing is sent when the check finds an
    /// error, or a warning and the client denies warnings ([`Error::Invalid`]).
    ///
    /// ```no_run
    /// use digicert_mark_certs::logo::Logo;
    ///
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// let logo = Logo::from_file("logo.svg")?;
    /// let uploaded = client.upload_logo(144457095, &logo).await?;
    /// println!("logo {}", uploaded.answer.id);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn upload_logo(&self, order_id: i64, logo: &Logo) -> Result<UploadedLogo, Error> {
        let findings = logo.check();
        self.refuse_unless_sendable(&findings)?;
        let body = types::EncodedLogo {
            logo: types::LogoData::try_from(logo.encoded().to_owned())
                .map_err(|e| Error::Config(format!("the encoded logo is unusable: {e}")))?,
        };
        let answer = self
            .call(
                Request::change("upload_order_logo", self),
                |api| {
                    let body = body.clone();
                    async move {
                        api.upload_order_logo()
                            .order_id(order_id)
                            .body(body)
                            .send()
                            .await
                    }
                },
                |_, answer| Ok(answer),
            )
            .await?;
        Ok(UploadedLogo {
            answer: self.json(answer)?,
            findings,
        })
    }

    /// Changes the mark details or hosting of an order. The update is checked against the
    /// document first (closed fields, lengths, patterns) and must change something; nothing
    /// is sent when the check finds an error ([`Error::Invalid`]). Returns the check's
    /// warnings.
    ///
    /// ```no_run
    /// use digicert_mark_certs::types::{EnableHosting, MarkUpdate};
    ///
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// let update = MarkUpdate::builder().enable_hosting(Some(EnableHosting::from(true)));
    /// client.update_mark(144457095, &update.try_into()?).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn update_mark(
        &self,
        order_id: i64,
        update: &types::MarkUpdate,
    ) -> Result<Report, Error> {
        let (body, findings) = check_mark_update(update).map_err(Error::Invalid)?;
        self.refuse_unless_sendable(&findings)?;
        let answer = self
            .call(
                Request::change("update_order_mark", self),
                |api| {
                    let body = body.clone();
                    async move {
                        api.update_order_mark()
                            .order_id(order_id)
                            .body(body)
                            .send()
                            .await
                    }
                },
                |_, answer| Ok(answer),
            )
            .await?;
        done(self, answer)?;
        Ok(findings)
    }

    /// Asks DigiCert to check domain control of the order's domains now.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), digicert_mark_certs::Error> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// let check = client.check_dcv(144457095).await?;
    /// println!("{check:?}");
    /// # Ok(())
    /// # }
    /// ```
    pub async fn check_dcv(&self, order_id: i64) -> Result<types::DcvCheck, Error> {
        let answer = self
            .call(
                Request::change("check_order_dcv", self),
                |api| async move { api.check_order_dcv().order_id(order_id).send().await },
                |_, answer| Ok(answer),
            )
            .await?;
        self.json(answer)
    }

    /// Cancels a pending order, with a note saying why (required: blank notes are refused
    /// before anything is sent).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), digicert_mark_certs::Error> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// client.cancel_order(144457095, "ordered for the wrong domain").await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn cancel_order(&self, order_id: i64, note: &str) -> Result<(), Error> {
        let body = cancel_body(note)?;
        let answer = self
            .call(
                Request::change("update_order_status", self),
                |api| {
                    let body = body.clone();
                    async move {
                        api.update_order_status()
                            .order_id(order_id)
                            .body(body)
                            .send()
                            .await
                    }
                },
                |_, answer| Ok(answer),
            )
            .await?;
        done(self, answer)?;
        Ok(())
    }

    /// Refuses findings with an error, or with a warning when the client denies warnings.
    pub(super) fn refuse_unless_sendable(&self, findings: &Report) -> Result<(), Error> {
        if !findings.is_valid() || (self.deny_warnings && !findings.is_clean()) {
            return Err(Error::Invalid(findings.clone()));
        }
        Ok(())
    }
}

/// Checks a mark update before it is sent: against the document (closed fields, patterns,
/// lengths), that a citation comes with its country, and that it changes something. Returns
/// the body to send (optional fields given empty are left out) with the warnings, or every
/// finding when one is an error. [`MarkClient::update_mark`] runs it.
///
/// ```
/// use digicert_mark_certs::check_mark_update;
/// use digicert_mark_certs::types::MarkUpdate;
///
/// let update: MarkUpdate = serde_json::from_str(r#"{"mark_type_data": {"citation": "Act 12"}}"#)?;
/// let refused = check_mark_update(&update).unwrap_err();
/// assert!(refused.has("citation-needs-country"));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn check_mark_update(
    update: &types::MarkUpdate,
) -> Result<(types::MarkUpdate, Report), Report> {
    match serde_json::to_value(update) {
        Ok(value) => check_mark_update_json(value),
        Err(e) => {
            let mut report = Report::default();
            report.error(
                "not-json",
                Location::none(),
                format!("the mark update cannot be written as JSON: {e}"),
            );
            Err(report)
        }
    }
}

/// [`check_mark_update`] for an update written as DigiCert's JSON: every finding names its
/// field, and a value the types cannot hold (a three-letter country code) is a finding too.
///
/// ```
/// use digicert_mark_certs::check_mark_update_json;
/// use serde_json::json;
///
/// let refused = check_mark_update_json(json!({"mark_type_data": {"country_code": "usa"}}))
///     .unwrap_err();
/// assert!(refused.find("pattern", "mark_type_data.country_code").is_some());
/// ```
pub fn check_mark_update_json(
    mut value: serde_json::Value,
) -> Result<(types::MarkUpdate, Report), Report> {
    let mut report = Report::default();
    crate::order::check_schema("MarkUpdate", &mut value, &mut report);
    let data = &value["mark_type_data"];
    if data.get("citation").is_some() && data.get("country_code").is_none() {
        report.error(
            "citation-needs-country",
            Location::path("mark_type_data.citation"),
            "a citation is given for a government mark, which needs mark_type_data.country_code \
             too; add the two-letter code of the country that grants the right",
        );
    }
    // Mark data whose every field was left out (given empty) changes nothing either.
    if let Some(fields) = value.as_object_mut()
        && fields
            .get("mark_type_data")
            .and_then(serde_json::Value::as_object)
            .is_some_and(serde_json::Map::is_empty)
    {
        fields.remove("mark_type_data");
    }
    if value.as_object().is_none_or(|fields| fields.is_empty()) {
        report.error(
            "mark-update-empty",
            Location::none(),
            "the update changes nothing; give hosting or mark details",
        );
    }
    if !report.is_valid() {
        return Err(report);
    }
    match serde_json::from_value(value) {
        Ok(body) => Ok((body, report)),
        Err(e) => {
            report.error(
                "not-json",
                Location::none(),
                format!("the checked mark update no longer reads as one: {e}"),
            );
            Err(report)
        }
    }
}

/// The body of a cancel request, refusing a blank note.
fn cancel_body(note: &str) -> Result<types::OrderStatusUpdate, Error> {
    let note = note.trim();
    let refused = |message: &str| {
        let mut report = Report::default();
        report.error("cancel-note", Location::path("note"), message);
        Error::Invalid(report)
    };
    if note.is_empty() {
        return Err(refused(
            "a cancel needs a note saying why; DigiCert requires one",
        ));
    }
    Ok(types::OrderStatusUpdate {
        status: types::OrderStatusUpdateStatus::Canceled,
        note: types::OrderStatusUpdateNote::try_from(note.to_owned())
            .map_err(|e| refused(&format!("the note is unusable: {e}")))?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_note_is_refused() {
        for note in ["", "   ", "\n\t"] {
            let err = cancel_body(note).unwrap_err();
            assert!(
                err.report().is_some_and(|r| r.has("cancel-note")),
                "{note:?}"
            );
        }
        let body = cancel_body("  Ordered twice.  ").unwrap();
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            serde_json::json!({"note": "Ordered twice.", "status": "canceled"})
        );
    }

    #[test]
    fn an_empty_mark_update_is_refused() {
        let empty = types::MarkUpdate::builder().try_into().unwrap();
        let report = check_mark_update(&empty).unwrap_err();
        assert!(report.has("mark-update-empty"));
    }
}
