//! The book on a date (DOMAIN.md "The book on a date"): the demo book, with a transition and a
//! cancellation added, read on a dozen dates around PHASE1, PHASE2, a transfer, a suspension, a
//! transition and a cancellation; every entity compared with what stood on each date. Also: the
//! demo seeded on an earlier date writes nothing dated after it, and the old `business.today`
//! setting leaves the book.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use csp_core::domain::access::{Role, RoleRevoke};
use csp_core::domain::offer::Offer;
use csp_core::domain::partner::{Partner, Tier};
use csp_core::domain::subscription::{Subscription, SubscriptionAction, SubscriptionStatus};
use csp_core::domain::transfer::TransferStatus;
use csp_core::service::customers::CustomerSearch;
use csp_core::service::partners::Transition;
use csp_core::service::{access, customers, dashboard, demo, invoices, partners, settings, subscriptions, transfers};
use csp_core::Ctx;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

struct Demo {
    ctx: Ctx,
    _dir: tempfile::TempDir,
}

/// The demo book (as of 2022-03-15) plus: Fjord Øst's subscription suspended on 2021-10-01 and
/// reactivated on 2021-10-15; Lumen Conseil (direct) turned indirect reseller under EuroDistri on
/// 2022-03-01; Straße's ERP subscription loses its customer's contributor role and is cancelled on
/// 2022-03-10.
async fn demo_book() -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let ctx = Ctx::open(&dir.path().join("demo.sqlite3")).await.unwrap();
    demo::seed(&ctx, None).await.unwrap();
    let book = Demo { ctx, _dir: dir };
    let fjord = book.sub("Fjord Øst — analytics").await;
    subscriptions::suspend(&book.ctx, &fjord, d("2021-10-01")).await.unwrap();
    subscriptions::reactivate(&book.ctx, &fjord, d("2021-10-15")).await.unwrap();
    let (lumen, distri) = (book.partner("Lumen Conseil SARL").await, book.partner("EuroDistri Cloud SA").await);
    partners::transition(&book.ctx, Transition { partner_id: lumen, provider_id: distri, on: d("2022-03-01") })
        .await
        .unwrap();
    let erp = book.sub("Straße — ERP").await;
    let revoke = RoleRevoke {
        subscription_id: erp.clone(),
        principal: "customer".into(),
        role: Role::Contributor,
        on: d("2022-03-10"),
        scope: None,
    };
    access::revoke(&book.ctx, revoke).await.unwrap();
    subscriptions::cancel(&book.ctx, &erp, d("2022-03-10")).await.unwrap();
    book
}

impl Demo {
    async fn sub(&self, name: &str) -> String {
        let all = subscriptions::list(&self.ctx, None).await.unwrap();
        all.into_iter().find(|s| s.name == name).unwrap_or_else(|| panic!("no subscription {name}")).id
    }

    async fn partner(&self, name: &str) -> String {
        partners::list(&self.ctx).await.unwrap().into_iter().find(|p| p.name == name).unwrap().id
    }

    async fn partners_on(&self, on: &str) -> BTreeMap<String, Partner> {
        let list = partners::list_as_of(&self.ctx, Some(d(on))).await.unwrap();
        list.into_iter().map(|p| (p.name.clone(), p)).collect()
    }

    async fn subs_on(&self, on: &str) -> BTreeMap<String, Subscription> {
        let list = subscriptions::list_as_of(&self.ctx, None, Some(d(on))).await.unwrap();
        list.into_iter().map(|s| (s.name.clone(), s)).collect()
    }

    async fn customers_on(&self, on: &str) -> BTreeMap<String, Vec<String>> {
        let list = customers::list_all_as_of(&self.ctx, None, None, Some(d(on))).await.unwrap();
        list.into_iter().map(|c| (c.name, c.relationships.into_iter().map(|r| r.partner_name).collect())).collect()
    }

    async fn transfers_on(&self, on: &str) -> Vec<(String, TransferStatus)> {
        let list = transfers::list_as_of(&self.ctx, None, Some(d(on))).await.unwrap();
        list.into_iter().map(|t| (t.customer_name, t.status)).collect()
    }
}

fn names<T>(m: &BTreeMap<String, T>) -> Vec<&str> {
    m.keys().map(String::as_str).collect()
}

fn principals(s: &Subscription, partners: &BTreeMap<String, Partner>) -> Vec<String> {
    let name_of = |id: &str| partners.values().find(|p| p.id == id).map(|p| p.name.clone()).unwrap_or(id.into());
    s.roles
        .iter()
        .map(|r| match r.principal.strip_prefix("partner:") {
            Some(id) => format!("{}:{}", name_of(id), r.role.as_str()),
            None => format!("{}:{}", r.principal, r.role.as_str()),
        })
        .collect()
}

const ALL_PARTNERS: [&str; 5] =
    ["Alpes Informatique SARL", "EuroDistri Cloud SA", "Hanse IT GmbH", "Lumen Conseil SARL", "Nuage Azur SAS"];

#[tokio::test]
async fn every_entity_reads_as_it_stood_on_each_date() {
    let book = demo_book().await;
    let everyone = book.partners_on("2022-03-15").await;

    // 2021-07-20, the eve of PHASE1: four partners (Alpes enrols in November), three customers,
    // four subscriptions, no transfer, no invoice.
    let p = book.partners_on("2021-07-20").await;
    assert_eq!(names(&p), ["EuroDistri Cloud SA", "Hanse IT GmbH", "Lumen Conseil SARL", "Nuage Azur SAS"]);
    assert_eq!(p["Lumen Conseil SARL"].tier, Tier::Direct);
    assert!(p["EuroDistri Cloud SA"].resellers.is_empty());
    let c = book.customers_on("2021-07-20").await;
    assert_eq!(names(&c), ["Boulangerie Dupré & Fils", "Fjord Øst AS", "Łódź Logistics Sp. z o.o."]);
    assert_eq!(c["Boulangerie Dupré & Fils"], ["Nuage Azur SAS", "Lumen Conseil SARL"]);
    assert_eq!(c["Łódź Logistics Sp. z o.o."], ["Hanse IT GmbH", "Nuage Azur SAS"]);
    let s = book.subs_on("2021-07-20").await;
    assert_eq!(
        names(&s),
        ["Dupré — production", "Fjord Øst — analytics", "Nuage Azur — services partagés", "Łódź — WMS"]
    );
    let wms = &s["Łódź — WMS"];
    assert_eq!((wms.partner_name.as_str(), wms.billing_partner_name.as_str()), ("Hanse IT GmbH", "Hanse IT GmbH"));
    assert_eq!((wms.offer, wms.status), (Offer::Legacy, SubscriptionStatus::Active));
    assert_eq!(principals(wms, &everyone), ["Hanse IT GmbH:owner"]);
    assert!(book.transfers_on("2021-07-20").await.is_empty());
    let dash = dashboard::summary(&book.ctx, d("2021-07-20")).await.unwrap();
    assert_eq!((dash.partners, dash.customers, dash.active_subscriptions), (4, 3, 4));
    let by_offer: Vec<_> = dash.active_by_offer.iter().map(|o| (o.offer, o.count)).collect();
    assert_eq!(by_offer, [(Offer::Legacy, 2), (Offer::AzurePlan, 1), (Offer::Apss, 1)]);
    let st = &dash.invoices_by_status;
    assert_eq!((st.draft, st.issued, st.paid, st.voided, dash.usage_rows), (0, 0, 0, 0, 0));

    // 2021-09-20: Straße is onboarded and orders the Azure plan; Dupré's second legacy subscription
    // (1 September) is there. The customer's contributor role comes the next day.
    let s = book.subs_on("2021-09-20").await;
    assert_eq!(s.len(), 6);
    assert_eq!(principals(&s["Straße — ERP"], &everyone), ["Nuage Azur SAS:owner"]);
    assert_eq!(book.customers_on("2021-09-20").await.len(), 4);
    let s = book.subs_on("2021-09-21").await;
    assert_eq!(principals(&s["Straße — ERP"], &everyone), ["Nuage Azur SAS:owner", "customer:contributor"]);

    // 2021-10-05: Fjord Øst's subscription is suspended (a dashboard does not count it active);
    // reactivated on the 15th.
    let s = book.subs_on("2021-10-05").await;
    let fjord = &s["Fjord Øst — analytics"];
    assert_eq!(fjord.status, SubscriptionStatus::Suspended);
    assert_eq!(fjord.allowed_actions, [SubscriptionAction::Reactivate, SubscriptionAction::Cancel]);
    assert_eq!(fjord.events.len(), 1);
    assert_eq!(dashboard::summary(&book.ctx, d("2021-10-05")).await.unwrap().active_subscriptions, 5);
    assert_eq!(book.subs_on("2021-10-15").await["Fjord Øst — analytics"].status, SubscriptionStatus::Active);

    // 2021-12-03: Alpes (enrolled 2 November under EuroDistri) and its customer Chalet.
    let p = book.partners_on("2021-12-03").await;
    assert_eq!(names(&p), ALL_PARTNERS);
    assert_eq!(
        p["Alpes Informatique SARL"].providers.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(),
        ["EuroDistri Cloud SA"]
    );
    assert_eq!(p["EuroDistri Cloud SA"].resellers.len(), 1);
    let chalet = &book.subs_on("2021-12-03").await["Chalet — réservations"];
    assert_eq!(chalet.billing_partner_name, "EuroDistri Cloud SA");
    assert_eq!(book.customers_on("2021-12-03").await.len(), 5);

    // 2022-01-31, the eve of PHASE2: December's invoices are issued and paid; January is not over.
    let december = invoices::list(&book.ctx, Some("2021-12"), None).await.unwrap().len() as i64;
    let january = invoices::list(&book.ctx, Some("2022-01"), None).await.unwrap().len() as i64;
    let february = invoices::list(&book.ctx, Some("2022-02"), None).await.unwrap().len() as i64;
    assert!(december > 0 && january > 0 && february > 0);
    let st = dashboard::summary(&book.ctx, d("2022-01-31")).await.unwrap().invoices_by_status;
    assert_eq!((st.draft, st.issued, st.paid), (0, 0, december));
    assert_eq!(book.customers_on("2022-01-31").await.len(), 6);
    // PHASE2: January's invoices are issued that day.
    let st = dashboard::summary(&book.ctx, d("2022-02-01")).await.unwrap().invoices_by_status;
    assert_eq!((st.draft, st.issued, st.paid), (0, january, december));

    // The Łódź transfer: requested 7 February, accepted on the 9th, completed on the 14th (the
    // legacy subscription converted); Nuage Azur gets its owner role on the 15th.
    assert!(book.transfers_on("2022-02-06").await.is_empty());
    let lodz = "Łódź Logistics Sp. z o.o.".to_string();
    assert_eq!(book.transfers_on("2022-02-08").await, [(lodz.clone(), TransferStatus::Pending)]);
    assert_eq!(book.transfers_on("2022-02-10").await, [(lodz.clone(), TransferStatus::Accepted)]);
    let t = transfers::list_as_of(&book.ctx, None, Some(d("2022-02-10"))).await.unwrap().remove(0);
    assert!(t.outcomes.is_empty() && t.completed_on.is_none());
    assert_eq!(t.allowed_actions, [csp_core::domain::transfer::TransferAction::Complete]);
    let wms = &book.subs_on("2022-02-13").await["Łódź — WMS"];
    assert_eq!((wms.partner_name.as_str(), wms.offer), ("Hanse IT GmbH", Offer::Legacy));
    let wms = &book.subs_on("2022-02-14").await["Łódź — WMS"];
    assert_eq!((wms.partner_name.as_str(), wms.billing_partner_name.as_str()), ("Nuage Azur SAS", "Nuage Azur SAS"));
    assert_eq!(wms.offer, Offer::AzurePlan);
    assert_eq!(principals(wms, &everyone), ["Hanse IT GmbH:owner"], "access is not moved");
    let wms = &book.subs_on("2022-02-15").await["Łódź — WMS"];
    assert_eq!(principals(wms, &everyone), ["Hanse IT GmbH:owner", "Nuage Azur SAS:owner"]);
    assert_eq!(book.transfers_on("2022-02-14").await, [(lodz.clone(), TransferStatus::Completed)]);

    // The transition of Lumen Conseil on 1 March 2022: its tier, provider link and the exemption of
    // its relationship with Dupré start that day. February is over: its invoices are drafts.
    let p = book.partners_on("2022-02-28").await;
    assert_eq!((p["Lumen Conseil SARL"].tier, p["Lumen Conseil SARL"].providers.len()), (Tier::Direct, 0));
    let p = book.partners_on("2022-03-01").await;
    assert_eq!(p["Lumen Conseil SARL"].tier, Tier::IndirectReseller);
    assert_eq!(p["Lumen Conseil SARL"].providers[0].name, "EuroDistri Cloud SA");
    assert_eq!(p["EuroDistri Cloud SA"].resellers.len(), 2);
    let dupre = |on: &'static str| {
        let ctx = book.ctx.clone();
        async move {
            let all = customers::list_all_as_of(&ctx, None, None, Some(d(on))).await.unwrap();
            let c = all.into_iter().find(|c| c.name.starts_with("Boulangerie")).unwrap();
            c.relationships.into_iter().find(|r| r.partner_name == "Lumen Conseil SARL").unwrap().transition_exempt_from
        }
    };
    assert_eq!(dupre("2022-02-28").await, None);
    assert_eq!(dupre("2022-03-01").await, Some(d("2022-03-01")));
    let st = dashboard::summary(&book.ctx, d("2022-03-01")).await.unwrap().invoices_by_status;
    assert_eq!((st.draft, st.issued, st.paid), (february, january, december));

    // The cancellation of Straße's ERP on 10 March: the day before it is active with its
    // customer's role and may be suspended or cancelled; from that day it is cancelled, with the
    // role gone and nothing left to do.
    let erp =
        subscriptions::show_as_of(&book.ctx, &book.sub("Straße — ERP").await, Some(d("2022-03-09"))).await.unwrap();
    assert_eq!((erp.status, erp.cancelled_on), (SubscriptionStatus::Active, None));
    assert_eq!(principals(&erp, &everyone), ["Nuage Azur SAS:owner", "customer:contributor"]);
    assert_eq!(erp.allowed_actions, [SubscriptionAction::Suspend, SubscriptionAction::Cancel]);
    let erp = &book.subs_on("2022-03-10").await["Straße — ERP"];
    assert_eq!((erp.status, erp.cancelled_on), (SubscriptionStatus::Cancelled, Some(d("2022-03-10"))));
    assert_eq!(principals(erp, &everyone), ["Nuage Azur SAS:owner"]);
    assert!(erp.allowed_actions.is_empty());
    assert_eq!(erp.role_history.len(), 2, "the history stays whole");
    let before = dashboard::summary(&book.ctx, d("2022-03-09")).await.unwrap().active_subscriptions;
    let after = dashboard::summary(&book.ctx, d("2022-03-10")).await.unwrap().active_subscriptions;
    assert_eq!((before, after), (8, 7));

    // 2022-03-15, the demo's date: Lumen's request for Dupré's legacy subscription (14 March) is
    // pending; the latest state (no date) is the same book.
    assert_eq!(book.transfers_on("2022-03-13").await.len(), 1);
    let t = book.transfers_on("2022-03-15").await;
    assert_eq!(t[0], ("Boulangerie Dupré & Fils".to_string(), TransferStatus::Pending));
    // Expired once its 29 days are over.
    assert_eq!(book.transfers_on("2022-04-13").await[0].1, TransferStatus::Expired);
    let latest = subscriptions::list(&book.ctx, None).await.unwrap();
    assert_eq!(latest, subscriptions::list_as_of(&book.ctx, None, Some(d("2022-03-15"))).await.unwrap());
    assert_eq!(
        partners::list(&book.ctx).await.unwrap(),
        partners::list_as_of(&book.ctx, Some(d("2022-03-15"))).await.unwrap()
    );
}

#[tokio::test]
async fn what_did_not_exist_yet_is_not_found_on_that_date_and_the_customers_page_counts_right() {
    let book = demo_book().await;
    let atelier = book.sub("Atelier — site web").await;
    let e = subscriptions::show_as_of(&book.ctx, &atelier, Some(d("2022-01-11"))).await.unwrap_err();
    assert_eq!(e.code(), "NOT_FOUND");
    assert!(e.to_string().contains("not ordered yet on 2022-01-11"), "{e}");
    let alpes = book.partner("Alpes Informatique SARL").await;
    let e = partners::show_as_of(&book.ctx, &alpes, Some(d("2021-11-01"))).await.unwrap_err();
    assert_eq!(e.code(), "NOT_FOUND");
    assert_eq!(partners::show_as_of(&book.ctx, &alpes, Some(d("2021-11-02"))).await.unwrap().id, alpes);
    // The office is there whatever the date (the window needs it), with the tier of the date.
    let office = partners::operating_as_of(&book.ctx, Some(d("2010-01-01"))).await.unwrap().unwrap();
    assert_eq!((office.name.as_str(), office.tier), ("Nuage Azur SAS", Tier::Direct));
    // The customers page: a page and its total as of the date, the partners of that date.
    let page = |on: &str, partner: Option<String>| CustomerSearch {
        as_of: Some(d(on)),
        partner_id: partner,
        limit: Some(50),
        ..Default::default()
    };
    let p = customers::search(&book.ctx, page("2021-07-20", None)).await.unwrap();
    assert_eq!((p.total, p.rows.len()), (3, 3));
    let lodz = p.rows.iter().find(|r| r.name.starts_with("Łódź")).unwrap();
    assert_eq!(lodz.since, Some(d("2020-02-10")));
    let office_id = office.id.clone();
    let p = customers::search(&book.ctx, page("2020-06-01", Some(office_id.clone()))).await.unwrap();
    assert_eq!((p.total, p.rows.len()), (1, 1), "Łódź links Nuage Azur in September 2020");
    let p = customers::search(&book.ctx, page("2020-09-01", Some(office_id))).await.unwrap();
    assert_eq!(p.total, 2);
    let e = customers::search(&book.ctx, page("2021-07-20", None)).await.unwrap();
    assert!(e.rows.iter().all(|r| !r.partners.is_empty()));
    let chalet = customers::list_all(&book.ctx, None, Some("Chalet".into())).await.unwrap().remove(0);
    let e = customers::show_as_of(&book.ctx, &chalet.id, Some(d("2021-11-30"))).await.unwrap_err();
    assert_eq!(e.code(), "NOT_FOUND");
    let t = transfers::list(&book.ctx, None).await.unwrap();
    let e = transfers::show_as_of(&book.ctx, &t[0].id, Some(d("2022-01-01"))).await.unwrap_err();
    assert_eq!(e.code(), "NOT_FOUND");
}

/// Every `YYYY-MM-DD` value of every table (derived due dates aside) is on or before `on`.
async fn latest_date_stored(ctx: &Ctx, on: NaiveDate) -> Vec<String> {
    let tables: Vec<(String,)> = sqlx::query_as(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'",
    )
    .fetch_all(&ctx.pool)
    .await
    .unwrap();
    let mut later = Vec::new();
    for (table,) in tables {
        let cols: Vec<(i64, String, String, i64, Option<String>, i64)> =
            sqlx::query_as(&format!("PRAGMA table_info(\"{table}\")")).fetch_all(&ctx.pool).await.unwrap();
        for (_, col, ..) in cols {
            // A due date or a response target is a deadline the facts give, not a fact of its own;
            // the VAT rates are the law's calendar, reference data like the countries.
            // A usage row's billing period ends with its month, whatever the day.
            if col.starts_with("due_")
                || col == "charge_end"
                || (table == "settings" && col == "key")
                || table == "vat_rates"
            {
                continue;
            }
            let sql = format!(
                "SELECT MAX(\"{col}\") FROM \"{table}\" WHERE typeof(\"{col}\") = 'text' \
                 AND \"{col}\" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"
            );
            let (max,): (Option<String>,) = sqlx::query_as(&sql).fetch_one(&ctx.pool).await.unwrap();
            if let Some(m) = max.filter(|m| m.as_str() > on.to_string().as_str()) {
                later.push(format!("{table}.{col} = {m}"));
            }
        }
    }
    later
}

#[tokio::test]
async fn the_demo_seeded_on_a_date_holds_nothing_dated_after_it() {
    for (on, partners_n, customers_n, subs_n, transfers_n) in
        [("2021-07-20", 4, 3, 4, 0), ("2021-12-15", 5, 5, 7, 0), ("2022-02-10", 5, 6, 8, 1), ("2022-03-15", 5, 6, 8, 2)]
    {
        let dir = tempfile::tempdir().unwrap();
        let ctx = Ctx::open(&dir.path().join("demo.sqlite3")).await.unwrap();
        let summary = demo::seed(&ctx, Some(d(on))).await.unwrap();
        assert_eq!(
            (summary.partners, summary.customers, summary.subscriptions, summary.transfers),
            (partners_n, customers_n, subs_n, transfers_n),
            "{on}"
        );
        assert_eq!(latest_date_stored(&ctx, d(on)).await, Vec::<String>::new(), "{on}");
        // What the book holds is what it held on that date.
        assert_eq!(
            subscriptions::list(&ctx, None).await.unwrap(),
            subscriptions::list_as_of(&ctx, None, Some(d(on))).await.unwrap()
        );
        assert_eq!(ctx.today().await.unwrap(), d(on), "a demo's writes default to its date");
    }
    let dir = tempfile::tempdir().unwrap();
    let ctx = Ctx::open(&dir.path().join("demo.sqlite3")).await.unwrap();
    let e = demo::seed(&ctx, Some(d("2015-01-01"))).await.unwrap_err();
    assert_eq!(e.code(), "VALIDATION");
    // The full demo holds later facts than an early date: the check above can fail.
    demo::seed(&ctx, None).await.unwrap();
    assert!(!latest_date_stored(&ctx, d("2021-07-20")).await.is_empty());
}

#[tokio::test]
async fn the_as_of_date_is_no_setting_and_leaves_old_books() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.sqlite3");
    let ctx = Ctx::open(&path).await.unwrap().with_computer_date(d("2026-11-30"));
    let e = settings::set(&ctx, "business.today", "2022-03-01").await.unwrap_err();
    assert_eq!(e.code(), "VALIDATION");
    assert!(!settings::show(&ctx).await.unwrap().contains_key("business.today"));
    assert_eq!(ctx.today().await.unwrap(), d("2026-11-30"), "a real book's writes default to the computer's date");

    // A book written before the change: its `business.today` (a window's viewing date) is dropped.
    let old = |ctx: Ctx, value: &'static str| async move {
        sqlx::query("INSERT INTO settings (key, value) VALUES ('business.today', ?)")
            .bind(value)
            .execute(&ctx.pool)
            .await
            .unwrap();
        sqlx::query("DELETE FROM _sqlx_migrations WHERE version = 36").execute(&ctx.pool).await.unwrap();
        ctx.pool.close().await;
    };
    old(ctx, "2022-03-01").await;
    let ctx = Ctx::open(&path).await.unwrap().with_computer_date(d("2026-11-30"));
    assert_eq!(ctx.today().await.unwrap(), d("2026-11-30"));
    assert!(!settings::show(&ctx).await.unwrap().contains_key("business.today"));
    ctx.pool.close().await;

    // A demo book keeps its pinned date under its own key.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.sqlite3");
    let ctx = Ctx::open(&path).await.unwrap();
    demo::seed(&ctx, Some(d("2022-02-10"))).await.unwrap();
    sqlx::query("DELETE FROM settings WHERE key = 'demo.today'").execute(&ctx.pool).await.unwrap();
    old(ctx, "2022-02-10").await;
    let ctx = Ctx::open(&path).await.unwrap().with_computer_date(d("2026-11-30"));
    assert_eq!(ctx.today().await.unwrap(), d("2022-02-10"));
    assert_eq!(ctx.write_date().await.unwrap(), d("2022-02-10"));
    assert!(!settings::show(&ctx).await.unwrap().contains_key("business.today"));
}
