//! Keeping a mark covered after issuance: reissues (checked like an order, never sent twice
//! on thin evidence), automatic reissue, revocation, and the domain validation method.

use std::collections::BTreeSet;

use super::transport::{Request, done};
use super::{Error, MarkClient};
use crate::findings::{Location, Report};
use crate::logo::Logo;
use crate::types;
use crate::values::{DcvMethod, OrderStatus};

/// A reissue body, checked before anything is sent: every domain through the order's rules,
/// a new logo through the logo checker, the whole body against the document's closed
/// `ReissueRequest`. Built with [`Reissue::builder`].
///
/// ```
/// use digicert_mark_certs::Reissue;
///
/// let reissue = Reissue::builder().dns_names(["example.com"]).skip_approval(true).build()?;
/// assert_eq!(
///     reissue.body_text(),
///     r#"{"certificate":{"dns_names":["example.com"]},"skip_approval":true}"#
/// );
/// assert!(Reissue::builder().dns_names(["*.example.com"]).build().is_err());
/// # Ok::<(), digicert_mark_certs::findings::Report>(())
/// ```
#[derive(Clone, Debug)]
pub struct Reissue {
    body: types::ReissueRequest,
    text: String,
    report: Report,
}

/// Builds a [`Reissue`]; every setting is optional (an empty body reissues the certificate
/// as it is).
#[derive(Clone, Debug, Default)]
#[must_use]
pub struct ReissueBuilder {
    dns_names: Option<Vec<String>>,
    logo: Option<Logo>,
    comments: Option<String>,
    skip_approval: Option<bool>,
}

impl Reissue {
    /// A builder with nothing set.
    ///
    /// ```
    /// let reissue = digicert_mark_certs::Reissue::builder().build()?;
    /// assert_eq!(reissue.body_text(), "{}");
    /// # Ok::<(), digicert_mark_certs::findings::Report>(())
    /// ```
    pub fn builder() -> ReissueBuilder {
        ReissueBuilder::default()
    }

    /// The body to send.
    ///
    /// ```
    /// let reissue = digicert_mark_certs::Reissue::builder().comments("new logo").build()?;
    /// assert!(reissue.body().comments.is_some());
    /// # Ok::<(), digicert_mark_certs::findings::Report>(())
    /// ```
    pub fn body(&self) -> &types::ReissueRequest {
        &self.body
    }

    /// The exact JSON text sent.
    ///
    /// ```
    /// let reissue = digicert_mark_certs::Reissue::builder().skip_approval(false).build()?;
    /// assert_eq!(reissue.body_text(), r#"{"skip_approval":false}"#);
    /// # Ok::<(), digicert_mark_certs::findings::Report>(())
    /// ```
    pub fn body_text(&self) -> &str {
        &self.text
    }

    /// The warnings the checks found (errors stop [`ReissueBuilder::build`]).
    ///
    /// ```
    /// let reissue = digicert_mark_certs::Reissue::builder()
    ///     .dns_names(["example.com", "EXAMPLE.com"])
    ///     .build()?;
    /// assert!(reissue.report().has("duplicate-dns-name"));
    /// # Ok::<(), digicert_mark_certs::findings::Report>(())
    /// ```
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// The domains the reissued certificate is to name, when given.
    ///
    /// ```
    /// let reissue = digicert_mark_certs::Reissue::builder().dns_names(["example.com"]).build()?;
    /// assert_eq!(reissue.dns_names(), Some(&["example.com".to_owned()][..]));
    /// # Ok::<(), digicert_mark_certs::findings::Report>(())
    /// ```
    pub fn dns_names(&self) -> Option<&[String]> {
        self.body
            .certificate
            .as_ref()
            .map(|c| c.dns_names.as_slice())
            .filter(|names| !names.is_empty())
    }
}

impl ReissueBuilder {
    /// The domains of the reissued certificate. Domains of the earlier certificate left out
    /// are revoked with it.
    ///
    /// ```
    /// let reissue = digicert_mark_certs::Reissue::builder()
    ///     .dns_names(["example.com", "example.org"])
    ///     .build()?;
    /// assert_eq!(reissue.dns_names().map(<[String]>::len), Some(2));
    /// # Ok::<(), digicert_mark_certs::findings::Report>(())
    /// ```
    pub fn dns_names<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.dns_names = Some(names.into_iter().map(Into::into).collect());
        self
    }

    /// A new logo for the reissued certificate (checked as an order's logo is).
    ///
    /// ```
    /// use digicert_mark_certs::{Reissue, logo::Logo};
    ///
    /// let logo = Logo::from_svg(br#"<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>"#.to_vec())?;
    /// // A logo without its baseProfile, title or viewBox is not a BIMI logo: refused.
    /// let refused = Reissue::builder().logo(&logo).build().unwrap_err();
    /// assert!(refused.findings.iter().all(|f| f.path() == "vmc.logo"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn logo(mut self, logo: &Logo) -> Self {
        self.logo = Some(logo.clone());
        self
    }

    /// Comments for the approver.
    ///
    /// ```
    /// let reissue = digicert_mark_certs::Reissue::builder().comments("New logo").build()?;
    /// assert_eq!(reissue.body_text(), r#"{"comments":"New logo"}"#);
    /// # Ok::<(), digicert_mark_certs::findings::Report>(())
    /// ```
    pub fn comments(mut self, comments: impl Into<String>) -> Self {
        self.comments = Some(comments.into());
        self
    }

    /// Skip the approval step (the account must allow it).
    ///
    /// ```
    /// let reissue = digicert_mark_certs::Reissue::builder().skip_approval(true).build()?;
    /// assert_eq!(reissue.body().skip_approval.as_ref().map(|s| s.0), Some(true));
    /// # Ok::<(), digicert_mark_certs::findings::Report>(())
    /// ```
    pub fn skip_approval(mut self, skip: bool) -> Self {
        self.skip_approval = Some(skip);
        self
    }

    /// Checks everything and makes the body; every error found is in the report.
    ///
    /// ```
    /// let refused = digicert_mark_certs::Reissue::builder()
    ///     .dns_names(["exa mple.com", "*.example.com"])
    ///     .build()
    ///     .unwrap_err();
    /// assert_eq!(refused.errors().count(), 2);
    /// ```
    pub fn build(self) -> Result<Reissue, Report> {
        let mut report = Report::default();
        let mut body = serde_json::Map::new();
        if let Some(names) = &self.dns_names {
            if names.is_empty() {
                report.error(
                    "dns-names-empty",
                    Location::path("certificate.dns_names"),
                    "no domain is given; leave the domains out to keep the certificate's own, \
                     or name each mail domain",
                );
            }
            let mut seen: Vec<(String, usize)> = Vec::new();
            for (i, name) in names.iter().enumerate() {
                let at = format!("certificate.dns_names[{i}]");
                if let Err(why) = crate::order::check_dns_name(name) {
                    report.error(
                        "dns-name",
                        Location::path(&at),
                        format!(
                            "{} is not a domain a mark certificate can name: {why}",
                            shown(name)
                        ),
                    );
                }
                let folded = name.to_ascii_lowercase();
                if let Some((_, first)) = seen.iter().find(|(n, _)| *n == folded) {
                    report.warning(
                        "duplicate-dns-name",
                        Location::path(&at),
                        format!(
                            "{} repeats certificate.dns_names[{first}]; a domain given twice \
                             may cost more: remove one",
                            shown(name)
                        ),
                    );
                } else {
                    seen.push((folded, i));
                }
            }
            body.insert(
                "certificate".into(),
                serde_json::json!({ "dns_names": names }),
            );
        }
        if let Some(logo) = &self.logo {
            let found = logo.check();
            for mut finding in found.findings {
                finding.rule = format!("logo-{}", finding.rule).into();
                finding.location = finding.location.within("vmc.logo");
                report.push(finding);
            }
            body.insert("vmc".into(), serde_json::json!({ "logo": logo.encoded() }));
        }
        if let Some(comments) = &self.comments {
            body.insert("comments".into(), comments.clone().into());
        }
        if let Some(skip) = self.skip_approval {
            body.insert("skip_approval".into(), skip.into());
        }
        let mut value = serde_json::Value::Object(body);
        crate::order::check_schema("ReissueRequest", &mut value, &mut report);
        if !report.is_valid() {
            return Err(report);
        }
        let body: types::ReissueRequest = match serde_json::from_value(value) {
            Ok(body) => body,
            Err(e) => {
                report.error(
                    "not-json",
                    Location::none(),
                    format!("the reissue no longer reads as one: {e}"),
                );
                return Err(report);
            }
        };
        let text = match serde_json::to_string(&body) {
            Ok(text) => text,
            Err(e) => {
                report.error(
                    "not-json",
                    Location::none(),
                    format!("the reissue cannot be written as JSON: {e}"),
                );
                return Err(report);
            }
        };
        Ok(Reissue { body, text, report })
    }
}

/// How a reissue ended.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ReissueOutcome {
    /// DigiCert answered: the reissue is requested.
    Requested(types::ReissueResponse),
    /// The answer was lost or unclear, and the order read afterwards shows a reissue pending:
    /// it was made. Nothing was sent again.
    Found {
        /// What made the answer unclear.
        unclear: String,
        /// The order as read afterwards.
        order: types::OrderInfo,
        /// The pending reissued certificate that was not there before, if the list showed one.
        certificate: Option<types::ReissuedCertificate>,
    },
    /// The answer was lost or unclear, and the order read afterwards shows no new reissue. It
    /// was probably not made, but DigiCert may not show it yet: read the order again before
    /// reissuing. Nothing was sent again.
    NotSeen {
        /// What made the answer unclear.
        unclear: String,
        /// The order as read afterwards.
        order: types::OrderInfo,
    },
    /// The answer was lost or unclear, and the reads that would tell failed too.
    Unknown {
        /// What made the answer unclear.
        unclear: String,
        /// Why the reads did not tell.
        reason: String,
    },
}

impl ReissueOutcome {
    /// Whether the reissue is known to be made.
    ///
    /// ```
    /// use digicert_mark_certs::ReissueOutcome;
    ///
    /// let lost = ReissueOutcome::Unknown { unclear: "timeout".into(), reason: "503".into() };
    /// assert!(!lost.is_made());
    /// ```
    pub fn is_made(&self) -> bool {
        matches!(self, Self::Requested(_) | Self::Found { .. })
    }
}

impl MarkClient {
    /// Reissues the certificate of an issued order. The order is read first: an order that
    /// is not issued, or already has a reissue pending, is refused ([`Error::Invalid`]) with
    /// nothing sent. The reissue is a change, sent once (again only after HTTP 429). When its
    /// answer is lost or unclear, the order and its reissue list are read and what they show
    /// is returned ([`ReissueOutcome::Found`], [`ReissueOutcome::NotSeen`],
    /// [`ReissueOutcome::Unknown`]); it is never sent again.
    ///
    /// ```no_run
    /// use digicert_mark_certs::{Reissue, logo::Logo};
    ///
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// let reissue = Reissue::builder().logo(&Logo::from_file("new-logo.svg")?).build()?;
    /// let outcome = client.reissue(144457095, &reissue).await?;
    /// println!("made: {}", outcome.is_made());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn reissue(&self, order_id: i64, reissue: &Reissue) -> Result<ReissueOutcome, Error> {
        self.refuse_unless_sendable(&reissue.report)?;
        let before = self.order_info(order_id).await?;
        refuse_unless_reissuable(&before)?;
        // Best effort: the pending reissues already listed, so that one found later is new.
        let listed_before: Option<BTreeSet<i64>> = self
            .list_reissues(order_id, false)
            .await
            .ok()
            .map(|list| pending_ids(&list));
        let body = reissue.body.clone();
        let sent = self
            .call(
                Request::change("reissue_order", self),
                |api| {
                    let body = body.clone();
                    async move {
                        api.reissue_order()
                            .order_id(order_id)
                            .body(body)
                            .send()
                            .await
                    }
                },
                |client, answer| {
                    let status = answer.status.as_u16();
                    let placed: types::ReissueResponse = client.json(answer)?;
                    super::following::about_the_order(order_id, placed.id, status)?;
                    Ok(placed)
                },
            )
            .await;
        match sent {
            Ok(answer) => Ok(ReissueOutcome::Requested(answer)),
            Err(e) if e.is_change_unknown() || e.is_outcome_unknown() => {
                tracing::warn!(order_id, error = %e, "the reissue's answer is unclear; reading the order");
                Ok(self
                    .reissue_evidence(order_id, e.to_string(), listed_before)
                    .await)
            }
            Err(e) => Err(e),
        }
    }

    /// What the order and its reissue list say after an unclear reissue.
    async fn reissue_evidence(
        &self,
        order_id: i64,
        unclear: String,
        listed_before: Option<BTreeSet<i64>>,
    ) -> ReissueOutcome {
        let order = match self.order_info(order_id).await {
            Ok(order) => order,
            Err(e) => {
                return ReissueOutcome::Unknown {
                    unclear,
                    reason: format!("the order could not be read: {e}"),
                };
            }
        };
        let list = self.list_reissues(order_id, false).await;
        let new_pending = match (&list, &listed_before) {
            (Ok(list), Some(before)) => list
                .iter()
                .find(|c| is_pending(c) && c.id.is_some_and(|id| !before.contains(&id)))
                .cloned(),
            _ => None,
        };
        if order.status == OrderStatus::ReissuePending || new_pending.is_some() {
            return ReissueOutcome::Found {
                unclear,
                order,
                certificate: new_pending,
            };
        }
        match (list, listed_before) {
            (Ok(_), Some(_)) => ReissueOutcome::NotSeen { unclear, order },
            (Err(e), _) => ReissueOutcome::Unknown {
                unclear,
                reason: format!(
                    "the order shows no reissue, but its reissue list could not be read: {e}"
                ),
            },
            (Ok(_), None) => ReissueOutcome::Unknown {
                unclear,
                reason: "the order shows no reissue, but the reissue list before sending could \
                         not be read, so a new entry cannot be told from an old one"
                    .into(),
            },
        }
    }

    /// The reissued certificates of an order (archived ones too with `show_archived`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), digicert_mark_certs::Error> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// for certificate in client.list_reissues(144457095, false).await? {
    ///     println!("{:?} {:?}", certificate.id, certificate.status);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn list_reissues(
        &self,
        order_id: i64,
        show_archived: bool,
    ) -> Result<Vec<types::ReissuedCertificate>, Error> {
        let list: types::ReissueList = self
            .call(
                Request::read("list_reissues", self),
                |api| async move {
                    api.list_reissues()
                        .order_id(order_id)
                        .show_archived(show_archived)
                        .send()
                        .await
                },
                |client, answer| client.json(answer),
            )
            .await?;
        Ok(list.certificates)
    }

    /// Turns DigiCert's automatic reissue of the order on or off.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), digicert_mark_certs::Error> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// client.set_auto_reissue(144457095, true).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn set_auto_reissue(&self, order_id: i64, on: bool) -> Result<(), Error> {
        let body = types::AutoReissueUpdate {
            auto_reissue: i64::from(on),
        };
        let answer = self
            .call(
                Request::change("update_auto_reissue", self),
                |api| {
                    let body = body.clone();
                    async move {
                        api.update_auto_reissue()
                            .order_id(order_id)
                            .body(body)
                            .send()
                            .await
                    }
                },
                |_, answer| Ok(answer),
            )
            .await?;
        done(self, answer)
    }

    /// Asks DigiCert to revoke every certificate of the order, with comments saying why
    /// (required: blank comments are refused before anything is sent). Receivers stop
    /// showing the logo; it cannot be undone.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), digicert_mark_certs::Error> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// let request = client.revoke(144457095, "The mark is no longer used.", false).await?;
    /// println!("request {:?}", request.id);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn revoke(
        &self,
        order_id: i64,
        comments: &str,
        skip_approval: bool,
    ) -> Result<types::RevocationRequest, Error> {
        let comments = comments.trim();
        let refused = |message: String| {
            let mut report = Report::default();
            report.error("revoke-comments", Location::path("comments"), message);
            Error::Invalid(report)
        };
        if comments.is_empty() {
            return Err(refused(
                "a revocation needs comments saying why; DigiCert requires them".into(),
            ));
        }
        let body = types::RevokeRequest {
            comments: types::RevokeRequestComments::try_from(comments.to_owned())
                .map_err(|e| refused(format!("the comments are unusable: {e}")))?,
            skip_approval: Some(types::SkipApproval(skip_approval)),
        };
        self.call(
            Request::change("revoke_order", self),
            |api| {
                let body = body.clone();
                async move {
                    api.revoke_order()
                        .order_id(order_id)
                        .body(body)
                        .send()
                        .await
                }
            },
            |client, answer| client.json(answer),
        )
        .await
    }

    /// Changes how DigiCert validates control of the order's domains; answers the random
    /// value to publish for token methods. DigiCert's pages describe this for TLS orders.
    ///
    /// ```no_run
    /// use digicert_mark_certs::values::DcvMethod;
    ///
    /// # async fn run() -> Result<(), digicert_mark_certs::Error> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// let change = client.change_dcv_method(144457095, DcvMethod::DnsTxtToken).await?;
    /// println!("{:?}", change.dcv_random_value);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn change_dcv_method(
        &self,
        order_id: i64,
        method: DcvMethod,
    ) -> Result<types::DcvMethodChange, Error> {
        let body = types::DcvMethodUpdate { dcv_method: method };
        self.call(
            Request::change("update_dcv_method", self),
            |api| {
                let body = body.clone();
                async move {
                    api.update_dcv_method()
                        .order_id(order_id)
                        .body(body)
                        .send()
                        .await
                }
            },
            |client, answer| client.json(answer),
        )
        .await
    }

    /// Sends the order's domain validation emails again. DigiCert's pages describe this for
    /// TLS orders.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), digicert_mark_certs::Error> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// client.resend_dcv_emails(144457095).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn resend_dcv_emails(&self, order_id: i64) -> Result<(), Error> {
        let answer = self
            .call(
                Request::change("resend_dcv_emails", self),
                |api| async move { api.resend_dcv_emails().order_id(order_id).send().await },
                |_, answer| Ok(answer),
            )
            .await?;
        done(self, answer)
    }
}

/// Refuses a reissue of an order that is not issued, or that has one pending.
fn refuse_unless_reissuable(order: &types::OrderInfo) -> Result<(), Error> {
    let refuse = |code: &'static str, message: String| {
        let mut report = Report::default();
        report.error(code, Location::none(), message);
        Err(Error::Invalid(report))
    };
    let status = crate::redact::server_text(order.status.as_str(), 40);
    if order.status == OrderStatus::ReissuePending {
        return refuse(
            "reissue-pending",
            format!(
                "order {} already has a reissue pending; follow it with `markcert watch {}` \
                 instead of asking again",
                order.id, order.id
            ),
        );
    }
    if !order.status.is_issued() {
        return refuse(
            "reissue-not-issued",
            format!(
                "order {} is {status}: only an issued order is reissued (a pending order takes \
                 a new logo with `markcert logo upload`)",
                order.id
            ),
        );
    }
    Ok(())
}

/// A name given by the user, quoted and cut short for a message.
fn shown(name: &str) -> String {
    format!("\"{}\"", crate::redact::server_text(name, 80))
}

fn is_pending(certificate: &types::ReissuedCertificate) -> bool {
    certificate
        .status
        .as_deref()
        .is_some_and(|s| s.eq_ignore_ascii_case("pending"))
}

fn pending_ids(list: &[types::ReissuedCertificate]) -> BTreeSet<i64> {
    list.iter()
        .filter(|c| is_pending(c))
        .filter_map(|c| c.id)
        .collect()
}
