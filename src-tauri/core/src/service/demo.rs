//! The sales-demo book: a French direct partner with customers won before and after 21 July 2021,
//! a 2-tier distributor and its reseller, legacy and Azure plan subscriptions, roles and a transfer —
//! everything a prospect needs to see what phase 1 and phase 2 changed. Built through the same
//! services as real work, so every rule applies to it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::access::{Role, RoleGrant};
use crate::domain::customer::{Customer, NewCustomer};
use crate::domain::offer::Offer;
use crate::domain::partner::{LegalIdentity, NewPartner, Partner, Tier};
use crate::domain::settings::key;
use crate::domain::subscription::NewSubscription;
use crate::domain::transfer::NewTransfer;
use crate::import::sample::{SampleRow, UsageCsv};
use crate::service::{access, customers, partners, subscriptions, transfers};
use crate::store;
use crate::{CoreError, Ctx, Result};

/// Marks a book built by `demo seed`: only such a book may be reset.
pub const DEMO_KEY: &str = "demo.book";

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DemoSummary {
    pub partners: usize,
    pub customers: usize,
    pub subscriptions: usize,
    pub transfers: usize,
    #[ts(type = "number")]
    pub usage_rows: u64,
    pub invoices: usize,
    pub as_of: NaiveDate,
}

fn d(s: &str) -> NaiveDate {
    s.parse().expect("demo dates are valid")
}

/// Whether the book holds no partner yet (a demo is only seeded into an empty book).
pub async fn is_empty(ctx: &Ctx) -> Result<bool> {
    Ok(store::partners::count(&mut *store::read(&ctx.pool).await?).await? == 0)
}

/// Whether this book was built by `demo seed`.
pub async fn is_demo(ctx: &Ctx) -> Result<bool> {
    Ok(store::settings::get(&ctx.pool, DEMO_KEY).await?.is_some())
}

/// The demo's story starts with the office's CSP enrolment: an earlier `as_of` has no office.
const DEMO_STARTS: &str = "2016-04-11";

/// Seeds the demo into an empty book as it stood on `as_of` (default 2022-03-15, after both
/// phases): nothing dated after `as_of` is written, and `as_of` becomes the book's pinned business
/// date (the default date of its writes). The story is told in chapters, each written through the
/// services as real work is.
pub async fn seed(ctx: &Ctx, as_of: Option<NaiveDate>) -> Result<DemoSummary> {
    if !is_empty(ctx).await? {
        return Err(CoreError::conflict(
            "the demo goes into an empty book: this one already holds partners (use a new --db file)",
            "la démo se crée dans un registre vide : celui-ci contient déjà des partenaires (utilisez un nouveau fichier --db)",
        ));
    }
    let as_of = crate::service::check_date(as_of.unwrap_or_else(|| d("2022-03-15")))?;
    if as_of < d(DEMO_STARTS) {
        return Err(CoreError::validation(
            format!("the demo starts on {DEMO_STARTS}, when its office enrolled in CSP: choose a later date than {as_of}"),
            format!(
                "la démo commence le {DEMO_STARTS}, à l'inscription de son bureau au CSP : choisissez une date postérieure au {as_of}"
            ),
        ));
    }
    let story = Story { as_of };
    let mut tx = store::begin_write(&ctx.pool).await?;
    store::settings::set(&mut *tx, DEMO_KEY, "1").await?;
    tx.commit().await?;

    let partners = partners_chapter(ctx, &story).await?;
    let customers = customers_chapter(ctx, &story, &partners).await?;
    let ordered = subscriptions_chapter(ctx, &story, &partners, &customers).await?;
    let transfers = transfers_chapter(ctx, &story, &partners, &customers, &ordered).await?;
    // The price list is effective from 2021-01-01.
    if story.by("2021-01-01") {
        let strasse = customers.strasse.as_ref().map(|c| c.id.as_str()).unwrap_or("");
        markups_and_prices(ctx, &partners.office.id, &partners.distri.id, strasse).await?;
    }
    let (usage_rows, invoices) =
        usage_and_billing(ctx, as_of, &partners.office, ordered.get(4).and_then(|s| s.as_deref())).await?;
    support_chapter(ctx, as_of, &partners, &customers).await?;

    let mut tx = store::begin_write(&ctx.pool).await?;
    store::settings::set(&mut *tx, key::DEMO_TODAY, &as_of.to_string()).await?;
    tx.commit().await?;
    Ok(DemoSummary {
        partners: if partners.alpes.is_some() { 5 } else { 4 },
        customers: customers.count(),
        subscriptions: ordered.iter().flatten().count(),
        transfers,
        usage_rows,
        invoices,
        as_of,
    })
}

/// The demo's date: what happened by then is written, nothing after.
struct Story {
    as_of: NaiveDate,
}

impl Story {
    /// Whether something dated `on` had happened by the demo's date.
    fn by(&self, on: &str) -> bool {
        d(on) <= self.as_of
    }
}

/// The demo's partners; Alpes Informatique only once it enrolled.
struct DemoPartners {
    office: Partner,
    distri: Partner,
    alpes: Option<Partner>,
    hanse: Partner,
    lumen: Partner,
}

/// The demo's customers, each once its relationship began.
struct DemoCustomers {
    dupre: Option<Customer>,
    lodz: Option<Customer>,
    strasse: Option<Customer>,
    fjord: Option<Customer>,
    atelier: Option<Customer>,
    chalet: Option<Customer>,
}

impl DemoCustomers {
    fn count(&self) -> usize {
        [&self.dupre, &self.lodz, &self.strasse, &self.fjord, &self.atelier, &self.chalet]
            .iter()
            .filter(|c| c.is_some())
            .count()
    }
}

/// A role on a whole subscription, granted on `on`.
fn grant(subscription_id: &str, principal: String, role: Role, on: &str) -> RoleGrant {
    RoleGrant {
        subscription_id: subscription_id.into(),
        principal,
        role,
        on: d(on),
        scope: None,
        acknowledge_owner_risk: false,
    }
}

/// The orders of the demo's plan, in its order: the subscription's ID once ordered.
type Ordered = Vec<Option<String>>;

/// The office (a French direct partner), a Belgian distributor and its French reseller, a German
/// direct partner and a second French one.
async fn partners_chapter(ctx: &Ctx, story: &Story) -> Result<DemoPartners> {
    let partner = |name: &str, tier: Tier, country: &str, currency: Option<&str>, enrolled: &str| NewPartner {
        name: name.into(),
        tier: Some(tier),
        country: country.into(),
        currency: currency.map(Into::into),
        enrolled_on: Some(d(enrolled)),
        ..Default::default()
    };
    let office = partners::add(
        ctx,
        NewPartner {
            mpn_id: Some("4790321".into()),
            mci: true,
            silver_since: Some(d("2020-02-01")),
            vat_id: Some("FR40303265045".into()),
            address: Some("12 rue de la Chaussée-d'Antin, 75009 Paris".into()),
            email: Some("facturation@nuage-azur.fr".into()),
            legal: Some(LegalIdentity {
                legal_form: Some("SAS".into()),
                share_capital: Some("120 000 €".into()),
                siren: Some("303265045".into()),
                siret: Some("30326504500027".into()),
                rcs: Some("RCS Paris 303 265 045".into()),
                iban: Some("FR76 3000 6000 0112 3456 7890 189".into()),
                bic: Some("AGRIFRPPXXX".into()),
                payment_terms_days: 30,
                late_payment_rate: Some("3 × le taux d'intérêt légal".into()),
                early_payment_discount: None,
            }),
            ..partner("Nuage Azur SAS", Tier::Direct, "FR", Some("EUR"), "2016-04-11")
        },
    )
    .await?;
    // Every French issuer of the demo carries the mentions its invoices must show.
    let french_identity = |form: &str, capital: &str, siren: &str, city: &str| LegalIdentity {
        legal_form: Some(form.into()),
        share_capital: Some(capital.into()),
        siren: Some(siren.into()),
        rcs: Some(format!("RCS {city} {} {} {}", &siren[..3], &siren[3..6], &siren[6..])),
        payment_terms_days: 30,
        ..LegalIdentity::default()
    };
    let distri = partners::add(
        ctx,
        NewPartner {
            mpn_id: Some("5120044".into()),
            vat_id: Some("BE0403170701".into()),
            address: Some("Avenue Louise 54, 1050 Bruxelles".into()),
            ..partner("EuroDistri Cloud SA", Tier::IndirectProvider, "BE", Some("EUR"), "2015-09-01")
        },
    )
    .await?;
    let alpes = if !story.by("2021-11-02") {
        None
    } else {
        Some(
            partners::add(
                ctx,
                NewPartner {
                    providers: vec![distri.id.clone()],
                    vat_id: Some("FR96552100554".into()),
                    address: Some("3 avenue d'Aix-les-Bains, 74000 Annecy".into()),
                    legal: Some(french_identity("SARL", "20 000 €", "552100554", "Annecy")),
                    ..partner("Alpes Informatique SARL", Tier::IndirectReseller, "FR", None, "2021-11-02")
                },
            )
            .await?,
        )
    };
    // Every issuer has the VAT ID and address its invoices (and their Factur-X) must state.
    let hanse = partners::add(
        ctx,
        NewPartner {
            vat_id: Some("DE811569869".into()),
            address: Some("Großer Burstah 31, 20457 Hamburg".into()),
            ..partner("Hanse IT GmbH", Tier::Direct, "DE", Some("EUR"), "2018-03-19")
        },
    )
    .await?;
    let lumen = partners::add(
        ctx,
        NewPartner {
            vat_id: Some("FR13542107651".into()),
            address: Some("9 rue Sainte-Catherine, 33000 Bordeaux".into()),
            legal: Some(french_identity("SARL", "8 000 €", "542107651", "Bordeaux")),
            ..partner("Lumen Conseil SARL", Tier::Direct, "FR", Some("EUR"), "2017-06-01")
        },
    )
    .await?;
    Ok(DemoPartners { office, distri, alpes, hanse, lumen })
}

/// Customers won before and after 21 July 2021 across the partners, and two customers who take a
/// second partner.
async fn customers_chapter(ctx: &Ctx, story: &Story, partners: &DemoPartners) -> Result<DemoCustomers> {
    let DemoPartners { office, alpes, hanse, lumen, .. } = partners;
    let customer = |partner_id: &str, name: &str, domain: &str, country: &str, since: &str| NewCustomer {
        partner_id: partner_id.into(),
        name: name.into(),
        domain: domain.into(),
        country: country.into(),
        relationship_since: Some(d(since)),
        ..Default::default()
    };
    let dupre = match story.by("2019-05-06") {
        false => None,
        true => Some(
            customers::onboard(
                ctx,
                NewCustomer {
                    siren: Some("732829320".into()),
                    vat_id: Some("FR44732829320".into()),
                    address: Some("4 place du Marché, 69002 Lyon".into()),
                    email: Some("compta@boulangerie-dupre.fr".into()),
                    ..customer(
                        &office.id,
                        "Boulangerie Dupré & Fils",
                        "boulangeriedupre.onmicrosoft.com",
                        "FR",
                        "2019-05-06",
                    )
                },
            )
            .await?,
        ),
    };
    let lodz = match story.by("2020-02-10") {
        false => None,
        true => Some(
            customers::onboard(
                ctx,
                NewCustomer {
                    vat_id: Some("PL5260250995".into()),
                    address: Some("ul. Piotrkowska 104, 90-001 Łódź".into()),
                    email: Some("faktury@lodzlogistics.pl".into()),
                    ..customer(
                        &hanse.id,
                        "Łódź Logistics Sp. z o.o.",
                        "lodzlogistics.onmicrosoft.com",
                        "PL",
                        "2020-02-10",
                    )
                },
            )
            .await?,
        ),
    };
    let strasse = match story.by("2021-09-14") {
        false => None,
        true => Some(
            customers::onboard(
                ctx,
                NewCustomer {
                    vat_id: Some("DE129273398".into()),
                    address: Some("Große Straße 5, 20095 Hamburg".into()),
                    email: Some("rechnung@strasse-soehne.de".into()),
                    ..customer(&office.id, "Straße & Söhne GmbH", "strassesoehne.onmicrosoft.com", "DE", "2021-09-14")
                },
            )
            .await?,
        ),
    };
    let fjord = match story.by("2020-11-23") {
        false => None,
        true => Some(
            customers::onboard(
                ctx,
                NewCustomer {
                    address: Some("Øvre Slottsgate 2, 0157 Oslo".into()),
                    email: Some("faktura@fjordost.no".into()),
                    ..customer(&office.id, "Fjord Øst AS", "fjordost.onmicrosoft.com", "NO", "2020-11-23")
                },
            )
            .await?,
        ),
    };
    let atelier = match story.by("2022-01-10") {
        false => None,
        true => Some(
            customers::onboard(
                ctx,
                NewCustomer {
                    address: Some("27 quai des Chartrons, 33000 Bordeaux".into()),
                    siren: Some("412233447".into()),
                    email: Some("atelier@lumiere-bordeaux.fr".into()),
                    ..customer(&office.id, "Atelier Lumière", "atelierlumiere.onmicrosoft.com", "FR", "2022-01-10")
                },
            )
            .await?,
        ),
    };
    let chalet = match (alpes, story.by("2021-12-01")) {
        (Some(alpes), true) => Some(
            customers::onboard(
                ctx,
                NewCustomer {
                    address: Some("88 route du Mont-Blanc, 74400 Chamonix".into()),
                    siren: Some("512345679".into()),
                    ..customer(
                        &alpes.id,
                        "Chalet Mont-Blanc SARL",
                        "chaletmontblanc.onmicrosoft.com",
                        "FR",
                        "2021-12-01",
                    )
                },
            )
            .await?,
        ),
        _ => None,
    };
    if let (Some(lodz), true) = (&lodz, story.by("2020-09-01")) {
        customers::link(
            ctx,
            customers::LinkRequest { customer_id: lodz.id.clone(), partner_id: office.id.clone(), on: d("2020-09-01") },
        )
        .await?;
    }
    if let (Some(dupre), true) = (&dupre, story.by("2021-03-01")) {
        customers::link(
            ctx,
            customers::LinkRequest { customer_id: dupre.id.clone(), partner_id: lumen.id.clone(), on: d("2021-03-01") },
        )
        .await?;
    }
    Ok(DemoCustomers { dupre, lodz, strasse, fjord, atelier, chalet })
}

/// Legacy and Azure plan orders (and the office's shared-services subscription), and the roles the
/// customers are given on them.
async fn subscriptions_chapter(
    ctx: &Ctx,
    story: &Story,
    partners: &DemoPartners,
    customers: &DemoCustomers,
) -> Result<Ordered> {
    let DemoPartners { office, alpes, hanse, .. } = partners;
    let DemoCustomers { dupre, lodz, strasse, fjord, atelier, chalet } = customers;
    let order = |partner_id: &str, customer_id: Option<&str>, offer: Offer, on: &str, name: &str| NewSubscription {
        partner_id: partner_id.into(),
        customer_id: customer_id.map(Into::into),
        offer: Some(offer),
        on: Some(d(on)),
        name: Some(name.into()),
        id: None,
        provider_id: None,
    };
    // (partner, customer, offer, order date, name); the customer `None` is the office's own tenant.
    let office_id = Some(office.id.as_str());
    let alpes_id = alpes.as_ref().map(|p| p.id.as_str());
    let id_of = |c: &Option<Customer>| c.as_ref().map(|c| c.id.clone());
    let plan: [PlannedOrder<'_>; 8] = [
        (office_id, id_of(dupre).map(Some), Offer::Legacy, "2019-05-20", "Dupré — production"),
        (office_id, id_of(dupre).map(Some), Offer::Legacy, "2021-09-01", "Dupré — caisse en ligne"),
        (Some(hanse.id.as_str()), id_of(lodz).map(Some), Offer::Legacy, "2020-03-02", "Łódź — WMS"),
        (office_id, id_of(strasse).map(Some), Offer::AzurePlan, "2021-09-20", "Straße — ERP"),
        (office_id, id_of(fjord).map(Some), Offer::AzurePlan, "2021-02-01", "Fjord Øst — analytics"),
        (office_id, id_of(atelier).map(Some), Offer::AzurePlan, "2022-01-12", "Atelier — site web"),
        (alpes_id, id_of(chalet).map(Some), Offer::AzurePlan, "2021-12-03", "Chalet — réservations"),
        (office_id, Some(None), Offer::Apss, "2018-01-15", "Nuage Azur — services partagés"),
    ];
    let mut ordered: Vec<Option<String>> = Vec::new();
    for (partner_id, customer_id, offer, on, name) in plan {
        ordered.push(match (partner_id, customer_id, story.by(on)) {
            (Some(p), Some(c), true) => {
                Some(subscriptions::order(ctx, order(p, c.as_deref(), offer, on, name)).await?.id)
            }
            _ => None,
        });
    }
    let (strasse_plan, atelier_plan) = (ordered[3].clone(), ordered[5].clone());

    if let (Some(sub), true) = (&strasse_plan, story.by("2021-09-21")) {
        access::grant(ctx, grant(sub, "customer".into(), Role::Contributor, "2021-09-21")).await?;
    }
    if let (Some(sub), true) = (&atelier_plan, story.by("2022-01-12")) {
        access::grant(ctx, grant(sub, "customer".into(), Role::Reader, "2022-01-12")).await?;
    }
    if let (Some(sub), true) = (&atelier_plan, story.by("2022-01-15")) {
        access::grant(
            ctx,
            RoleGrant {
                scope: Some("rg-web".into()),
                ..grant(sub, "customer".into(), Role::Contributor, "2022-01-15")
            },
        )
        .await?;
    }
    Ok(ordered)
}

/// Łódź moves from Hanse IT to Nuage Azur in February 2022 (its legacy subscription is converted);
/// Lumen Conseil asks for Dupré's legacy subscription. Returns how many requests were made.
async fn transfers_chapter(
    ctx: &Ctx,
    story: &Story,
    partners: &DemoPartners,
    customers: &DemoCustomers,
    ordered: &Ordered,
) -> Result<usize> {
    let DemoPartners { office, hanse, lumen, .. } = partners;
    let DemoCustomers { dupre, lodz, .. } = customers;
    let as_of = story.as_of;
    let (dupre_legacy, lodz_legacy) = (&ordered[0], &ordered[2]);
    // Łódź moves from Hanse IT to Nuage Azur in February 2022: its legacy subscription is converted.
    let mut transfer_count = 0;
    if let (Some(lodz), Some(sub), true) = (lodz, lodz_legacy, story.by("2022-02-07")) {
        let t = transfers::create(
            ctx,
            NewTransfer {
                customer_id: lodz.id.clone(),
                source_partner_id: hanse.id.clone(),
                target_partner_id: office.id.clone(),
                subscription_ids: vec![sub.clone()],
                on: Some(d("2022-02-07")),
            },
        )
        .await?;
        transfer_count += 1;
        if story.by("2022-02-09") {
            transfers::accept(ctx, &t.id, d("2022-02-09")).await?;
        }
        if story.by("2022-02-14") {
            transfers::complete(ctx, &t.id, d("2022-02-14")).await?;
        }
        if story.by("2022-02-15") {
            access::grant(ctx, grant(sub, format!("partner:{}", office.id), Role::Owner, "2022-02-15")).await?;
        }
    }
    // A pending request from Lumen Conseil for Dupré's legacy subscription, made the day before the
    // demo's date (from 20 February 2022).
    if let (Some(dupre), Some(sub), true) = (dupre, dupre_legacy, story.by("2022-02-20")) {
        transfers::create(
            ctx,
            NewTransfer {
                customer_id: dupre.id.clone(),
                source_partner_id: office.id.clone(),
                target_partner_id: lumen.id.clone(),
                subscription_ids: vec![sub.clone()],
                on: Some(as_of.pred_opt().unwrap_or(as_of).max(d("2022-02-20"))),
            },
        )
        .await?;
        transfer_count += 1;
    }
    Ok(transfer_count)
}

/// The support desk's cases, once every party of the story is in the book.
async fn support_chapter(
    ctx: &Ctx,
    as_of: NaiveDate,
    partners: &DemoPartners,
    customers: &DemoCustomers,
) -> Result<()> {
    if let (Some(alpes), Some(dupre), Some(strasse), Some(chalet), Some(atelier)) =
        (&partners.alpes, &customers.dupre, &customers.strasse, &customers.chalet, &customers.atelier)
    {
        support_cases(
            ctx,
            as_of,
            [&partners.office.id, &partners.distri.id, &alpes.id],
            [&dupre.id, &strasse.id, &chalet.id, &atelier.id],
        )
        .await?;
    }
    Ok(())
}

/// An order of the demo: partner of record and customer (each `None` when not in the book yet on the
/// demo's date; the customer `Some(None)` for the partner's own tenant), offer, order date, name.
type PlannedOrder<'a> = (Option<&'a str>, Option<Option<String>>, Offer, &'a str, &'a str);

/// The demo's price list: a few common meters, in euros.
const PRICE_LIST: &str = "MeterId,MeterName,MeterCategory,Unit,Currency,ERP,EffectiveFrom,EffectiveTo,PecEligible
0e59ad56-03c1-4a4b-8d66-f5bb1e2e2e4a,D2s v5,Virtual Machines,1 Hour,EUR,0.096,2021-01-01,,yes
3f0d1b8c-5b27-4e0a-9c52-1c2f6d0b7a11,LRS Data Stored,Storage,1 GB/Month,EUR,0.0184,2021-01-01,,yes
6b1e4c2a-7d3f-4e8b-9a0c-5f2e1d3c4b6a,General Purpose Gen5 vCore,SQL Database,1 Hour,EUR,0.2196,2021-01-01,,yes
8c2d5e3f-1a4b-4c6d-8e9f-0a1b2c3d4e5f,Standard Data Transfer Out,Bandwidth,1 GB,EUR,0.0781,2021-01-01,,no
";

/// (meter id, name, category, unit, ERP, quantity per sampled week)
const METERS: &[(&str, &str, &str, &str, &str, &str)] = &[
    ("0e59ad56-03c1-4a4b-8d66-f5bb1e2e2e4a", "D2s v5", "Virtual Machines", "1 Hour", "0.096", "168"),
    ("3f0d1b8c-5b27-4e0a-9c52-1c2f6d0b7a11", "LRS Data Stored", "Storage", "1 GB/Month", "0.0184", "2048.5"),
    ("6b1e4c2a-7d3f-4e8b-9a0c-5f2e1d3c4b6a", "General Purpose Gen5 vCore", "SQL Database", "1 Hour", "0.2196", "168"),
    ("8c2d5e3f-1a4b-4c6d-8e9f-0a1b2c3d4e5f", "Standard Data Transfer Out", "Bandwidth", "1 GB", "0.0781", "152.25"),
];

async fn markups_and_prices(ctx: &Ctx, office: &str, distri: &str, strasse: &str) -> Result<()> {
    crate::service::prices::import_from(ctx, PRICE_LIST.as_bytes()).await?;
    let rule = |issuer: &str, customer: Option<&str>, category: Option<&str>, percent: i64| {
        crate::service::prices::MarkupInput {
            issuer_id: issuer.into(),
            customer_id: customer.map(Into::into),
            category: category.map(Into::into),
            reseller_id: None,
            percent: rust_decimal::Decimal::new(percent, 0),
        }
    };
    crate::service::prices::markup_set(ctx, rule(office, None, None, 12)).await?;
    if !strasse.is_empty() {
        crate::service::prices::markup_set(ctx, rule(office, Some(strasse), Some("Storage"), -5)).await?;
    }
    crate::service::prices::markup_set(ctx, rule(distri, None, None, 8)).await?;
    Ok(())
}

/// Three months of Partner Center usage (December 2021 to February 2022) for every customer
/// subscription, sampled weekly, with Microsoft's pre-tax amount of each row; only the days up to
/// `as_of`.
async fn usage_rows(ctx: &Ctx, as_of: NaiveDate) -> Result<Vec<SampleRow>> {
    let mut rows = Vec::new();
    for sub in subscriptions::list(ctx, None).await? {
        let Some(customer_id) = &sub.customer_id else { continue };
        let customer = customers::show(ctx, customer_id).await?;
        let mut day = d("2021-12-01");
        while day < d("2022-03-01") && day <= as_of {
            if crate::domain::subscription::check_usage_date(sub.created_on, sub.cancelled_on, day).is_ok() {
                for (i, (id, name, category, unit, price, qty)) in METERS.iter().enumerate() {
                    // Not every subscription uses every meter: vary by subscription and meter.
                    if (sub.id.as_bytes()[0] as usize + i) % 3 == 2 {
                        continue;
                    }
                    let mut row =
                        SampleRow::new(&customer.tenant_id, &sub.id).on(day).meter(id, name, category).qty(qty, price);
                    row.customer_name = customer.name.clone();
                    row.customer_domain = customer.domain.clone();
                    row.customer_country = customer.country.clone();
                    row.subscription_name = sub.name.clone();
                    row.unit = (*unit).into();
                    row.billing_pre_tax_total = pre_tax(qty, price);
                    rows.push(row);
                }
            }
            day = day + chrono::Days::new(7);
        }
    }
    Ok(rows)
}

/// Whether Microsoft's billed file for the month of `day` is out by `as_of` (the 8th of the next month).
fn billed_by(day: NaiveDate, as_of: NaiveDate) -> bool {
    crate::domain::Month::containing(day).is_some_and(|m| m.last_day() + chrono::Days::new(8) <= as_of)
}

/// Microsoft's pre-tax amount of a row: quantity × unit price, to the cent.
fn pre_tax(qty: &str, price: &str) -> String {
    match (crate::domain::money::parse(qty), crate::domain::money::parse(price)) {
        (Some(q), Some(p)) => crate::domain::money::round(q * p, "EUR").to_string(),
        _ => String::new(),
    }
}

/// Imports rows as one Partner Center file, through the same path as a real one.
async fn import(ctx: &Ctx, rows: impl Iterator<Item = SampleRow>, file_name: &str) -> Result<u64> {
    let mut csv = UsageCsv::current();
    let mut n = 0;
    for r in rows {
        csv.push(&r);
        n += 1;
    }
    if n == 0 {
        return Ok(0);
    }
    let result = crate::service::usage::import_from(
        ctx,
        std::io::Cursor::new(csv.finish()),
        file_name,
        crate::service::usage::ImportOptions::default(),
        &|_| {},
    )
    .await?;
    Ok(result.imported)
}

/// Microsoft's invoice numbers of the story's months.
const JANUARY_INVOICE: &str = "G012200117";
const FEBRUARY_INVOICE: &str = "G013200203";

/// The usage and the three months' billing, as they went: on 3 February Partner Center had
/// December billed and the rest unbilled; December was invoiced (and paid), January invoiced on
/// 1 February from its unbilled usage; then the month-end of January (see [`january_month_end`]);
/// February drafted once over. Returns the rows stored and the invoices drafted.
async fn usage_and_billing(ctx: &Ctx, as_of: NaiveDate, office: &Partner, fjord: Option<&str>) -> Result<(u64, usize)> {
    let rows = usage_rows(ctx, as_of).await?;
    let first_file = as_of.min(d("2022-02-03"));
    let unbilled_then =
        rows.iter().cloned().map(|r| if billed_by(r.usage_date, first_file) { r } else { r.unbilled() });
    let mut stored = import(ctx, unbilled_then, "demo-daily-rated-usage.csv").await?;
    let mut count = 0;
    for (month, issue_on, paid_on) in [
        ("2021-12", Some("2022-01-03"), Some("2022-01-28")),
        ("2022-01", Some("2022-02-01"), None),
        ("2022-02", None, None),
    ] {
        if month == "2022-02" {
            stored += january_month_end(ctx, as_of, &rows, office, fjord).await?;
        }
        if crate::domain::Month::parse(month)?.last_day() >= as_of {
            continue;
        }
        let run = crate::service::billing::run(ctx, month, None).await?;
        count += run.invoices.len();
        if let Some(on) = issue_on.filter(|on| d(on) <= as_of) {
            for invoice in crate::service::invoices::issue_all(ctx, month, Some(d(on))).await? {
                if let Some(paid) = paid_on.filter(|p| d(p) <= as_of) {
                    crate::service::invoices::pay(ctx, &invoice.id, d(paid)).await?;
                }
            }
        }
    }
    Ok((stored, count))
}

/// January's month-end, for the sales demo's month-end screen: the office's owner role on Fjord
/// Øst lapsed for a week (PEC lost); Microsoft's billed file (8 February) bills the unbilled rows,
/// but for one of Fjord Øst's that January's issued invoice billed (withdrawn: credited in
/// February) and adds a row of 28 January (late: on February's invoice); Microsoft's invoice for
/// January also charges a licence the book does not hold. February's billed file follows on 8 March.
async fn january_month_end(
    ctx: &Ctx,
    as_of: NaiveDate,
    rows: &[SampleRow],
    office: &Partner,
    fjord: Option<&str>,
) -> Result<u64> {
    let (Some(fjord), true) = (fjord, as_of >= d("2022-02-08")) else { return Ok(0) };
    let owner = format!("partner:{}", office.id);
    access::revoke(
        ctx,
        crate::domain::access::RoleRevoke {
            subscription_id: fjord.to_string(),
            principal: owner.clone(),
            role: Role::Owner,
            on: d("2022-01-10"),
            scope: None,
        },
    )
    .await?;
    access::grant(ctx, grant(fjord, owner, Role::Owner, "2022-01-17")).await?;

    let in_month = |r: &&SampleRow, m: &str| r.usage_date.format("%Y-%m").to_string() == m;
    // One row withdrawn: Fjord Øst's first meter on 19 January.
    let first_meter =
        rows.iter().find(|r| r.subscription_id == fjord && r.usage_date == d("2022-01-19")).map(|r| r.meter_id.clone());
    let withdrawn = |r: &SampleRow| {
        r.subscription_id == fjord && r.usage_date == d("2022-01-19") && Some(&r.meter_id) == first_meter.as_ref()
    };
    let late = rows.iter().find(|r| r.subscription_id == fjord && in_month(r, "2022-01")).cloned().map(|r| {
        let price = r.unit_price.clone();
        let r = r.on(d("2022-01-28")).qty("36", &price);
        let amount = pre_tax(&r.quantity, &r.unit_price);
        SampleRow { billing_pre_tax_total: amount, ..r }
    });
    // Microsoft bills each billing partner on its own invoice: the office's subscriptions (as they
    // stood in January) on the one below, the distributor's on another.
    let office_subs: std::collections::BTreeSet<String> = subscriptions::list_as_of(ctx, None, Some(d("2022-01-31")))
        .await?
        .into_iter()
        .filter(|s| s.billing_partner_id == office.id)
        .map(|s| s.id)
        .collect();
    let january: Vec<SampleRow> = rows
        .iter()
        .filter(|r| in_month(r, "2022-01") && !withdrawn(r))
        .cloned()
        .chain(late)
        .map(|r| {
            let number = if office_subs.contains(&r.subscription_id) { JANUARY_INVOICE } else { "G012200118" };
            r.billed(number)
        })
        .collect();
    let mut stored = import(ctx, january.iter().cloned(), "demo-daily-rated-usage-2022-01-billed.csv").await?;

    // Microsoft's invoice to the office for January: its subscriptions, and a licence the book lacks.
    let mut per_sub: std::collections::BTreeMap<(String, String), rust_decimal::Decimal> = Default::default();
    for r in january.iter().filter(|r| office_subs.contains(&r.subscription_id)) {
        let amount = crate::domain::money::parse(&r.billing_pre_tax_total).unwrap_or_default();
        *per_sub.entry((r.customer_id.clone(), r.subscription_id.clone())).or_default() += amount;
    }
    let tenant = per_sub.keys().next().map(|(t, _)| t.clone()).unwrap_or_default();
    let mut file = String::from(
        "PartnerId,CustomerId,InvoiceNumber,MpnId,ProductName,SkuName,ChargeType,UnitPrice,Quantity,Subtotal,TaxTotal,\
         Total,Currency,PriceAdjustmentDescription,SubscriptionId,ChargeStartDate,ChargeEndDate\r\n",
    );
    let mpn = office.mpn_id.clone().unwrap_or_default();
    for ((customer, sub), subtotal) in &per_sub {
        let tax = crate::domain::money::round(*subtotal * rust_decimal::Decimal::new(20, 2), "EUR");
        file.push_str(&format!(
            "{},{customer},{JANUARY_INVOICE},{mpn},Azure plan,Azure plan,usage,,,{subtotal},{tax},{},EUR,,{sub},01/01/2022,01/31/2022\r\n",
            office.id,
            *subtotal + tax,
        ));
    }
    file.push_str(&format!(
        "{},{tenant},{JANUARY_INVOICE},{mpn},Microsoft 365 Business Standard,Microsoft 365 Business Standard,cycleCharge,\
         10.30,10,103.00,20.60,123.60,EUR,\"[{{\"\"PriceAdjustmentType\"\":\"\"PromotionDiscount\"\",\"\"Amount\"\":\"\"-11.40\"\"}}]\",\
         5c7d1f4a-0000-4000-8000-00000000a365,01/01/2022,01/31/2022\r\n",
        office.id
    ));
    crate::service::microsoft::import_from(ctx, file.as_bytes(), "invoice-reconciliation-G012200117.csv").await?;

    if as_of >= d("2022-03-08") {
        let february = rows.iter().filter(|r| in_month(r, "2022-02")).cloned().map(|r| r.billed(FEBRUARY_INVOICE));
        stored += import(ctx, february, "demo-daily-rated-usage-2022-02-billed.csv").await?;
    }
    Ok(stored)
}

/// Starts the demo over: a book built by `demo seed` is deleted and seeded again. Any other book is
/// refused, so a real book can never be wiped by mistake. Returns the reopened context.
pub async fn reset(ctx: Ctx, as_of: Option<NaiveDate>) -> Result<(Ctx, DemoSummary)> {
    as_of.map(crate::service::check_date).transpose()?;
    if !is_demo(&ctx).await? && !is_empty(&ctx).await? {
        return Err(CoreError::conflict(
            "only a demo book (made by `demo seed`) can be reset; this one holds real data",
            "seul un registre de démonstration (créé par `demo seed`) peut être réinitialisé ; celui-ci contient des données réelles",
        ));
    }
    let path = ctx.db_path().to_path_buf();
    ctx.pool.close().await;
    store::db::remove(&path)?;
    let ctx = Ctx::open(&path).await?;
    let summary = seed(&ctx, as_of).await?;
    Ok((ctx, summary))
}

/// The support desk's story: a case Nuage Azur took to Microsoft and closed; a reseller's own
/// question its distributor answered; a customer of the reseller Alpes Informatique whose outage
/// Alpes escalated to its provider EuroDistri, which took it to Microsoft; a billing question still
/// unanswered (overdue) and a fresh one. Nothing dated after `as_of` is written.
async fn support_cases(ctx: &Ctx, as_of: NaiveDate, partners: [&String; 3], customers: [&String; 4]) -> Result<()> {
    use crate::domain::support::{EscalationTarget, NewCase, Severity};
    use crate::service::support;
    let [office, distri, alpes] = partners;
    let [dupre, strasse, chalet, atelier] = customers;
    let first_subscription = |customer: &String| {
        let customer = customer.clone();
        async move { Ok::<_, CoreError>(subscriptions::list(ctx, Some(&customer)).await?.first().map(|s| s.id.clone())) }
    };
    let open =
        |partner: &str, customer: Option<&str>, reseller: Option<&str>, title: &str, severity, on: &str| NewCase {
            partner_id: partner.into(),
            customer_id: customer.map(Into::into),
            reseller_id: reseller.map(Into::into),
            title: title.into(),
            severity: Some(severity),
            subscription_id: None,
            on: Some(d(on)),
        };
    let due = |on: &str| d(on) <= as_of;

    if due("2022-02-03") {
        let c = support::open(
            ctx,
            NewCase {
                subscription_id: first_subscription(strasse).await?,
                ..open(
                    office,
                    Some(strasse),
                    None,
                    "ERP : machines virtuelles très lentes",
                    Severity::High,
                    "2022-02-03",
                )
            },
        )
        .await?;
        support::note(
            ctx,
            &c.id,
            "Disques saturés sur la VM SQL ; diagnostic Azure lancé avec le client.",
            d("2022-02-03"),
        )
        .await?;
        if due("2022-02-04") {
            support::escalate(ctx, &c.id, EscalationTarget::Microsoft, d("2022-02-04"), Some("2202040010003471"))
                .await?;
        }
        if due("2022-02-10") {
            support::resolve(ctx, &c.id, d("2022-02-10")).await?;
        }
        if due("2022-02-15") {
            support::close(ctx, &c.id, d("2022-02-15")).await?;
        }
    }
    if due("2022-03-01") {
        let c = support::open(
            ctx,
            open(
                distri,
                None,
                Some(alpes),
                "Accès délégué (GDAP) pour un nouveau client",
                Severity::Normal,
                "2022-03-01",
            ),
        )
        .await?;
        support::note(
            ctx,
            &c.id,
            "Relation d'administration déléguée envoyée ; le client doit l'approuver.",
            d("2022-03-01"),
        )
        .await?;
        if due("2022-03-02") {
            support::resolve(ctx, &c.id, d("2022-03-02")).await?;
        }
    }
    if due("2022-03-10") {
        let c = support::open(
            ctx,
            NewCase {
                subscription_id: first_subscription(chalet).await?,
                ..open(
                    alpes,
                    Some(chalet),
                    None,
                    "Réservations en ligne indisponibles",
                    Severity::Critical,
                    "2022-03-10",
                )
            },
        )
        .await?;
        support::note(
            ctx,
            &c.id,
            "Le site renvoie des erreurs 503 ; redémarrage de l'App Service sans effet.",
            d("2022-03-10"),
        )
        .await?;
        support::escalate(ctx, &c.id, EscalationTarget::Provider, d("2022-03-10"), None).await?;
        if due("2022-03-11") {
            support::escalate(ctx, &c.id, EscalationTarget::Microsoft, d("2022-03-11"), Some("2203110040001234"))
                .await?;
        }
        if due("2022-03-14") {
            support::note(
                ctx,
                &c.id,
                "Microsoft : incident de plateforme dans la région, correctif en cours.",
                d("2022-03-14"),
            )
            .await?;
        }
    }
    if due("2022-03-14") {
        support::open(
            ctx,
            NewCase {
                subscription_id: first_subscription(dupre).await?,
                ..open(
                    office,
                    Some(dupre),
                    None,
                    "Facture de février : écart sur la consommation",
                    Severity::Normal,
                    "2022-03-14",
                )
            },
        )
        .await?;
    }
    if due("2022-03-15") {
        support::open(
            ctx,
            open(
                office,
                Some(atelier),
                None,
                "Ajouter un contributeur au groupe rg-web",
                Severity::Normal,
                "2022-03-15",
            ),
        )
        .await?;
    }
    Ok(())
}
