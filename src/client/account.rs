//! The account: its orders and organizations, read page by page with a bound, and when each
//! order's certificate ends (and whether a reissue or a renewal is due then).

use std::collections::BTreeSet;
use std::time::{SystemTime, UNIX_EPOCH};

use super::transport::Request;
use super::{Error, MarkClient};
use crate::types;

/// The product name ids of mark certificate orders, as answers show them. DigiCert may add
/// others: [`OrderQuery::product`] takes any.
pub const MARK_PRODUCTS: [&str; 2] = ["vmc_basic", "mark_certificate"];

/// Items asked for per page (DigiCert's most).
pub const LIST_PAGE_SIZE: u32 = 1000;

/// Pages read at most for one listing, whatever the server's totals say: a server whose pages
/// never end cannot keep a client reading.
pub const MAX_LIST_PAGES: u32 = 50;

/// What to list of the account's orders. [`OrderQuery::marks`] is every mark certificate
/// order; each status and product given is asked for separately and the answers merged.
///
/// ```
/// use digicert_mark_certs::OrderQuery;
///
/// let query = OrderQuery::marks().status("pending").status("issued");
/// assert_eq!(query.statuses(), ["pending", "issued"]);
/// assert_eq!(query.products(), ["vmc_basic", "mark_certificate"]);
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct OrderQuery {
    statuses: Vec<String>,
    products: Vec<String>,
    domain: Option<String>,
    page_size: u32,
    max_pages: u32,
}

impl OrderQuery {
    /// Every order of the mark certificate products ([`MARK_PRODUCTS`]).
    ///
    /// ```
    /// assert_eq!(digicert_mark_certs::OrderQuery::marks().products().len(), 2);
    /// ```
    pub fn marks() -> Self {
        Self {
            statuses: Vec::new(),
            products: MARK_PRODUCTS.iter().map(|p| (*p).to_owned()).collect(),
            domain: None,
            page_size: LIST_PAGE_SIZE,
            max_pages: MAX_LIST_PAGES,
        }
    }

    /// Only orders with this status (several calls: any of them).
    ///
    /// ```
    /// let query = digicert_mark_certs::OrderQuery::marks().status("pending");
    /// assert_eq!(query.statuses(), ["pending"]);
    /// ```
    pub fn status(mut self, status: impl Into<String>) -> Self {
        self.statuses.push(status.into());
        self
    }

    /// Also orders of this product name id (beyond [`MARK_PRODUCTS`]).
    ///
    /// ```
    /// let query = digicert_mark_certs::OrderQuery::marks().product("vmc_plus");
    /// assert_eq!(query.products().len(), 3);
    /// ```
    pub fn product(mut self, name_id: impl Into<String>) -> Self {
        let name_id = name_id.into();
        if !self.products.contains(&name_id) {
            self.products.push(name_id);
        }
        self
    }

    /// Only orders whose certificate names this domain.
    ///
    /// ```
    /// let query = digicert_mark_certs::OrderQuery::marks().domain("example.com");
    /// assert_eq!(query.domain_name(), Some("example.com"));
    /// ```
    pub fn domain(mut self, domain: impl Into<String>) -> Self {
        self.domain = Some(domain.into());
        self
    }

    /// Items per page (1 to [`LIST_PAGE_SIZE`]; other values are brought within).
    ///
    /// ```
    /// let query = digicert_mark_certs::OrderQuery::marks().page_size(0);
    /// assert_eq!(query.page_items(), 1);
    /// ```
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = size.clamp(1, LIST_PAGE_SIZE);
        self
    }

    /// Pages read at most, for each status and product (1 to [`MAX_LIST_PAGES`]).
    ///
    /// ```
    /// let query = digicert_mark_certs::OrderQuery::marks().max_pages(500);
    /// assert_eq!(query.page_bound(), 50);
    /// ```
    pub fn max_pages(mut self, pages: u32) -> Self {
        self.max_pages = pages.clamp(1, MAX_LIST_PAGES);
        self
    }

    /// The statuses asked for (none: any).
    ///
    /// ```
    /// assert!(digicert_mark_certs::OrderQuery::marks().statuses().is_empty());
    /// ```
    pub fn statuses(&self) -> &[String] {
        &self.statuses
    }

    /// The products asked for.
    ///
    /// ```
    /// assert_eq!(digicert_mark_certs::OrderQuery::marks().products()[0], "vmc_basic");
    /// ```
    pub fn products(&self) -> &[String] {
        &self.products
    }

    /// The domain asked for, if any.
    ///
    /// ```
    /// assert_eq!(digicert_mark_certs::OrderQuery::marks().domain_name(), None);
    /// ```
    pub fn domain_name(&self) -> Option<&str> {
        self.domain.as_deref()
    }

    /// Items per page.
    ///
    /// ```
    /// assert_eq!(digicert_mark_certs::OrderQuery::marks().page_items(), 1000);
    /// ```
    pub fn page_items(&self) -> u32 {
        self.page_size
    }

    /// Pages read at most for each status and product.
    ///
    /// ```
    /// assert_eq!(digicert_mark_certs::OrderQuery::marks().page_bound(), 50);
    /// ```
    pub fn page_bound(&self) -> u32 {
        self.max_pages
    }
}

/// Items read page by page: what was read, how many pages, and whether the listing is
/// complete (false when the page bound stopped it, or pages stopped advancing before the
/// server's total).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Listing<T> {
    /// The items, each once.
    pub items: Vec<T>,
    /// Pages read.
    pub pages: u32,
    /// Whether every page was read.
    pub complete: bool,
}

/// One page, as the paging loop needs it.
struct Page<T> {
    items: Vec<T>,
    total: Option<i64>,
}

/// Reads pages from offset 0 until the server's total is reached, a page comes back short or
/// empty, or `max_pages` is reached.
async fn read_pages<T, F, Fut>(
    page_size: u32,
    max_pages: u32,
    mut read: F,
) -> Result<(Vec<T>, u32, bool), Error>
where
    F: FnMut(u32) -> Fut,
    Fut: Future<Output = Result<Page<T>, Error>>,
{
    let mut items = Vec::new();
    let mut offset: u32 = 0;
    let mut pages = 0;
    loop {
        if pages >= max_pages {
            return Ok((items, pages, false));
        }
        let page = read(offset).await?;
        pages += 1;
        let got = u32::try_from(page.items.len()).unwrap_or(u32::MAX);
        items.extend(page.items);
        let next = offset.saturating_add(got);
        let reached_total = page.total.is_some_and(|total| i64::from(next) >= total);
        if got == 0 {
            // An empty page ends the listing; short of the total, it is incomplete.
            let complete = page.total.is_none_or(|total| i64::from(offset) >= total);
            return Ok((items, pages, complete));
        }
        if reached_total || (page.total.is_none() && got < page_size) {
            return Ok((items, pages, true));
        }
        offset = next;
    }
}

impl MarkClient {
    /// The account's orders that `query` asks for, every page read up to the query's bound.
    /// Each order appears once, however many of the asked statuses and products list it.
    ///
    /// ```no_run
    /// use digicert_mark_certs::OrderQuery;
    ///
    /// # async fn run() -> Result<(), digicert_mark_certs::Error> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// let listing = client.list_orders(&OrderQuery::marks().status("issued")).await?;
    /// for order in &listing.items {
    ///     println!("{} {}", order.id, order.status);
    /// }
    /// if !listing.complete {
    ///     println!("more orders than the page bound");
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn list_orders(
        &self,
        query: &OrderQuery,
    ) -> Result<Listing<types::OrderListItem>, Error> {
        let statuses: Vec<Option<&str>> = if query.statuses.is_empty() {
            vec![None]
        } else {
            query.statuses.iter().map(|s| Some(s.as_str())).collect()
        };
        let mut seen = BTreeSet::new();
        let mut listing = Listing {
            items: Vec::new(),
            pages: 0,
            complete: true,
        };
        for product in &query.products {
            for status in &statuses {
                let (items, pages, complete) =
                    read_pages(query.page_size, query.max_pages, |offset| {
                        self.order_page(query, product, *status, offset)
                    })
                    .await?;
                listing.pages += pages;
                listing.complete &= complete;
                for item in items {
                    if seen.insert(item.id) {
                        listing.items.push(item);
                    }
                }
            }
        }
        Ok(listing)
    }

    async fn order_page(
        &self,
        query: &OrderQuery,
        product: &str,
        status: Option<&str>,
        offset: u32,
    ) -> Result<Page<types::OrderListItem>, Error> {
        let limit = query.page_size;
        let domain = query.domain.clone();
        let list: types::OrderList = self
            .call(
                Request::read("list_orders", self),
                |api| {
                    let domain = domain.clone();
                    async move {
                        let mut request = api
                            .list_orders()
                            .filters_product_name_id(product)
                            .offset(u64::from(offset))
                            .limit(
                                std::num::NonZeroU64::MIN
                                    .saturating_add(u64::from(limit.max(1)) - 1),
                            );
                        if let Some(status) = status {
                            request = request.filters_status(status);
                        }
                        if let Some(domain) = domain {
                            request = request.filters_domain_name(domain);
                        }
                        request.send().await
                    }
                },
                |client, answer| client.json(answer),
            )
            .await?;
        Ok(Page {
            total: list.page.as_ref().and_then(|p| p.total),
            items: list.orders,
        })
    }

    /// The account's organizations (their ids go in `organization.id` of an order), every
    /// page read up to [`MAX_LIST_PAGES`].
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), digicert_mark_certs::Error> {
    /// let client = digicert_mark_certs::MarkClient::from_env()?;
    /// for organization in client.list_organizations().await?.items {
    ///     println!("{} {:?}", organization.id, organization.name);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn list_organizations(&self) -> Result<Listing<types::OrganizationSummary>, Error> {
        let (items, pages, complete) =
            read_pages(LIST_PAGE_SIZE, MAX_LIST_PAGES, |offset| async move {
                let list: types::OrganizationList = self
                    .call(
                        Request::read("list_organizations", self),
                        |api| async move {
                            api.list_organizations()
                                .offset(u64::from(offset))
                                .limit(
                                    std::num::NonZeroU64::MIN
                                        .saturating_add(u64::from(LIST_PAGE_SIZE) - 1),
                                )
                                .send()
                                .await
                        },
                        |client, answer| client.json(answer),
                    )
                    .await?;
                Ok(Page {
                    total: list.page.as_ref().and_then(|p| p.total),
                    items: list.organizations,
                })
            })
            .await?;
        let mut seen = BTreeSet::new();
        let items = items.into_iter().filter(|o| seen.insert(o.id)).collect();
        Ok(Listing {
            items,
            pages,
            complete,
        })
    }
}

/// What keeps an order's mark covered when its certificate ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Due {
    /// The order's plan runs past the certificate: reissue (`markcert reissue`).
    Reissue,
    /// The plan ends with the certificate, or its end is not known: renew
    /// (`markcert renew`), a new paid order.
    Renewal,
}

/// When an order's certificate ends, and what is due then.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Expiry {
    /// The certificate's last day (`YYYY-MM-DD`), as DigiCert gives it.
    pub ends: Option<String>,
    /// Whole days from now to that day (negative once it has passed).
    pub days_left: Option<i64>,
    /// The last day the order's plan covers, given or worked out from the order's date and
    /// years.
    pub plan_ends: Option<String>,
    /// What keeps the mark covered when the certificate ends; none without an end date.
    pub due: Option<Due>,
}

impl Expiry {
    /// From the dates DigiCert gives: the certificate's `valid_till`, the order's
    /// `order_valid_till`, else its `date_created` and `validity_years`. Unreadable dates
    /// count as not given.
    ///
    /// ```
    /// use std::time::SystemTime;
    /// use digicert_mark_certs::{Due, Expiry};
    ///
    /// let expiry = Expiry::from_dates(Some("2027-01-10"), None, Some("2026-01-08T10:00:00+00:00"), Some(1), SystemTime::now());
    /// assert_eq!(expiry.due, Some(Due::Renewal));
    /// assert_eq!(expiry.plan_ends.as_deref(), Some("2027-01-08"));
    /// ```
    pub fn from_dates(
        valid_till: Option<&str>,
        order_valid_till: Option<&str>,
        date_created: Option<&str>,
        validity_years: Option<i64>,
        now: SystemTime,
    ) -> Self {
        let ends = valid_till.and_then(parse_day);
        let plan = order_valid_till.and_then(parse_day).or_else(|| {
            let (y, m, d) = date_created.and_then(parse_day)?;
            let years = validity_years.filter(|y| (1..=10).contains(y))?;
            Some((y + years, m, d))
        });
        let today = days_since_epoch(now);
        let days_left = ends.map(|(y, m, d)| days_from_civil(y, m, d) - today);
        let due = ends.map(|end| match plan {
            Some(plan) if days_from_civil_t(plan) > days_from_civil_t(end) + 1 => Due::Reissue,
            _ => Due::Renewal,
        });
        Self {
            ends: ends.map(format_day),
            days_left,
            plan_ends: plan.map(format_day),
            due,
        }
    }

    /// The expiry of an order as Order info gives it.
    ///
    /// ```
    /// use std::time::SystemTime;
    /// use digicert_mark_certs::{Expiry, types::OrderInfo};
    ///
    /// let order: OrderInfo = serde_json::from_str(r#"{"id": 1, "status": "pending"}"#)?;
    /// assert_eq!(Expiry::of_order(&order, SystemTime::now()).due, None);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn of_order(order: &types::OrderInfo, now: SystemTime) -> Self {
        Self::from_dates(
            order
                .certificate
                .as_ref()
                .and_then(|c| c.valid_till.as_deref()),
            order.order_valid_till.as_deref(),
            order.date_created.as_deref(),
            order.validity_years,
            now,
        )
    }

    /// The expiry of an order as the order list gives it.
    ///
    /// ```
    /// use std::time::SystemTime;
    /// use digicert_mark_certs::{Expiry, types::OrderListItem};
    ///
    /// let order: OrderListItem = serde_json::from_str(
    ///     r#"{"id": 1, "status": "issued", "certificate": {"valid_till": "2020-01-01"}}"#,
    /// )?;
    /// assert!(Expiry::of_listed(&order, SystemTime::now()).days_left.unwrap() < 0);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn of_listed(order: &types::OrderListItem, now: SystemTime) -> Self {
        Self::from_dates(
            order
                .certificate
                .as_ref()
                .and_then(|c| c.valid_till.as_deref()),
            order.order_valid_till.as_deref(),
            order.date_created.as_deref(),
            order.validity_years,
            now,
        )
    }

    /// Whether the certificate ends within `days` days (or has ended).
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use digicert_mark_certs::{Due, Expiry};
    ///
    /// // 2026-12-01, a certificate ending 2026-12-31 on a plan running to 2028-11-20.
    /// let now = UNIX_EPOCH + Duration::from_secs(1_796_083_200);
    /// let expiry = Expiry::from_dates(Some("2026-12-31"), Some("2028-11-20"), None, None, now);
    /// assert_eq!(expiry.days_left, Some(30));
    /// assert_eq!(expiry.due, Some(Due::Reissue));
    /// assert!(expiry.is_within(30));
    /// ```
    pub fn is_within(&self, days: i64) -> bool {
        self.days_left.is_some_and(|left| left <= days)
    }
}

/// A `YYYY-MM-DD` day at the start of the text (a date-time's date counts).
fn parse_day(text: &str) -> Option<(i64, u32, u32)> {
    let bytes = text.as_bytes();
    if bytes.len() < 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    if bytes.len() > 10 && !matches!(bytes[10], b'T' | b't' | b' ') {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(range)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (y, m, d) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let days_in_month = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => return None,
    };
    if !(1..=days_in_month).contains(&d) {
        return None;
    }
    Some((y, u32::try_from(m).ok()?, u32::try_from(d).ok()?))
}

fn format_day((y, m, d): (i64, u32, u32)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

fn days_since_epoch(now: SystemTime) -> i64 {
    match now.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs() / 86_400).unwrap_or(i64::MAX),
        Err(before) => -i64::try_from(before.duration().as_secs().div_ceil(86_400)).unwrap_or(0),
    }
}

fn days_from_civil_t((y, m, d): (i64, u32, u32)) -> i64 {
    days_from_civil(y, m, d)
}

/// Days from 1970-01-01 to a day of the proleptic Gregorian calendar.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    // Years counted from March, so that the leap day ends the year.
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month = i64::from(month);
    let shifted_month = if month > 2 { month - 3 } else { month + 9 };
    let day_of_year = (153 * shifted_month + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn days_are_counted_from_the_epoch() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(2026, 12, 1), 20_788);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        let now = UNIX_EPOCH + Duration::from_secs(20_788 * 86_400 + 3600);
        assert_eq!(days_since_epoch(now), 20_788);
    }

    #[test]
    fn only_real_days_are_read() {
        assert_eq!(parse_day("2028-02-29"), Some((2028, 2, 29)));
        assert_eq!(parse_day("2027-08-19T18:16:07+00:00"), Some((2027, 8, 19)));
        for bad in [
            "2027-02-29",
            "2027-13-01",
            "2027-00-10",
            "27-01-01",
            "2027/01/01",
            "2027-01-01x",
            "+027-01-01",
            "",
        ] {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
    }

    #[tokio::test]
    async fn a_listing_that_never_ends_stops_at_the_bound() {
        let mut asked = Vec::new();
        let (items, pages, complete) = read_pages(2, 5, |offset| {
            asked.push(offset);
            async move {
                Ok::<_, Error>(Page {
                    items: vec![offset, offset + 1],
                    total: Some(i64::MAX),
                })
            }
        })
        .await
        .unwrap();
        assert_eq!((items.len(), pages, complete), (10, 5, false));
        assert_eq!(asked, [0, 2, 4, 6, 8]);
    }

    #[tokio::test]
    async fn a_listing_ends_at_the_total_or_an_empty_page() {
        let (items, pages, complete) = read_pages(2, 50, |offset| async move {
            let items = if offset < 5 {
                vec![offset, offset + 1]
            } else {
                vec![]
            };
            Ok::<_, Error>(Page {
                items,
                total: Some(5),
            })
        })
        .await
        .unwrap();
        assert_eq!((items.len(), pages, complete), (6, 3, true));
        // Pages that stop before the total: incomplete.
        let (_, pages, complete) = read_pages(2, 50, |offset| async move {
            let items = if offset == 0 { vec![0, 1] } else { vec![] };
            Ok::<_, Error>(Page {
                items,
                total: Some(100),
            })
        })
        .await
        .unwrap();
        assert_eq!((pages, complete), (2, false));
    }
}
