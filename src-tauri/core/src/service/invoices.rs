//! Invoices: list, show, issue (numbering), credit notes, payment, the printable document (its
//! files: `invoice_export`). Every state change is one IMMEDIATE transaction and leaves a line in the
//! audit log.

use chrono::{Datelike, NaiveDate};

use crate::domain::facts::{self, FrozenParty, FrozenPayment, InvoiceFacts};
use crate::domain::invoice::{self, InvoiceAction, InvoiceEvent, InvoiceFigures, InvoiceStatus};
pub use crate::domain::invoice::{Invoice, InvoiceEventView, InvoiceLineView, TaxLineView};
use crate::domain::Month;
use crate::store::invoices::{self as inv_store, InvoiceRecord};
use crate::store::{self, begin_write};
use crate::{CoreError, Ctx, Result};

/// The guard of every state change: the same list the view gives the window as its buttons.
fn allows(r: &InvoiceRecord, action: InvoiceAction) -> bool {
    invoice::allowed_actions(r.kind, r.status).contains(&action)
}

fn view(r: InvoiceRecord) -> Invoice {
    Invoice {
        kind: r.kind,
        status: r.status,
        allowed_actions: invoice::allowed_actions(r.kind, r.status),
        number: r.number,
        issuer_id: r.issuer_id,
        issuer_name: r.issuer_name,
        customer_id: r.customer_id,
        reseller_id: r.reseller_id,
        recipient_name: r.recipient_name,
        month: r.month,
        issued_on: r.issued_on,
        due_on: r.due_on,
        paid_on: r.paid_on,
        voided_on: r.voided_on,
        subtotal: r.subtotal.0,
        tax: r.tax.0,
        total: r.total.0,
        taxes: Vec::new(),
        tax_mention: r.tax_mention,
        exchange_rate: r.exchange_rate.map(|d| d.0),
        exchange_from: r.exchange_from,
        credits: r.credits_invoice_id,
        credits_number: r.credits_number,
        credited_by: r.credited_by,
        refund_due: r.refund_due,
        platform_status: r.platform_status,
        platform_on: r.platform_on,
        provisional: r.provisional && r.status == InvoiceStatus::Draft,
        line_count: r.lines,
        lines: Vec::new(),
        events: Vec::new(),
        currency: r.currency.to_string(),
        id: r.id,
    }
}

async fn full(conn: &mut store::Conn, r: InvoiceRecord) -> Result<Invoice> {
    let id = r.id.clone();
    let mut inv = view(r);
    inv.lines = store::invoice_lines::lines(conn, &id)
        .await?
        .into_iter()
        .map(|l| InvoiceLineView {
            position: l.position,
            subscription_id: l.subscription_id,
            subscription_name: l.subscription_name,
            meter_id: l.meter_id,
            meter_name: l.meter_name,
            meter_category: l.meter_category,
            unit: l.unit,
            quantity: l.quantity.0,
            unit_price: l.unit_price.0,
            markup_percent: l.markup_percent.0,
            tax_rate: l.tax_rate.0,
            amount: l.amount.0,
            usage_month: l.usage_month,
            withdrawn: l.withdrawn_group.is_some(),
        })
        .collect();
    inv.taxes = store::invoice_taxes::taxes(conn, &id)
        .await?
        .into_iter()
        .map(|(rate, base, amount)| TaxLineView { rate: rate.0, base: base.0, amount: amount.0 })
        .collect();
    inv.events = store::invoice_events::events(conn, &id)
        .await?
        .into_iter()
        .map(|e| InvoiceEventView { at: e.at, on_date: e.on_date, event: e.event, detail: e.detail })
        .collect();
    Ok(inv)
}

pub(crate) async fn record(conn: &mut store::Conn, id: &str) -> Result<InvoiceRecord> {
    inv_store::find(conn, id)
        .await?
        .ok_or_else(|| CoreError::not_found(format!("no invoice '{id}'"), format!("aucune facture « {id} »")))
}

/// One invoice (by ID or number), with its lines, taxes and history.
pub async fn show(ctx: &Ctx, id: &str) -> Result<Invoice> {
    let mut conn = store::read(&ctx.pool).await?;
    let r = record(&mut conn, id).await?;
    full(&mut conn, r).await
}

/// Invoices and credit notes, optionally of one month and one status (without their lines).
pub async fn list(ctx: &Ctx, month: Option<&str>, status: Option<&str>) -> Result<Vec<Invoice>> {
    let month = month.map(Month::parse).transpose()?;
    let status = status
        .map(|s| {
            InvoiceStatus::parse(s).ok_or_else(|| {
                CoreError::validation(
                    format!("unknown status '{s}' (draft, issued, paid, voided)"),
                    format!("statut inconnu « {s} » (draft, issued, paid, voided)"),
                )
            })
        })
        .transpose()?;
    let mut conn = store::read(&ctx.pool).await?;
    Ok(inv_store::list(&mut conn, month, status).await?.into_iter().map(view).collect())
}

/// What the dashboard counts of every document (`store::invoices::figures`).
pub async fn figures(ctx: &Ctx) -> Result<Vec<InvoiceFigures>> {
    let mut conn = store::read(&ctx.pool).await?;
    inv_store::figures(&mut conn).await
}

/// The facts a document prints, read from the live book: what a draft shows, and what issuing
/// freezes into the document. `due_on`: the due date the issue gives (a draft has none yet).
async fn live_facts(
    conn: &mut store::Conn,
    r: &InvoiceRecord,
    due_on: Option<NaiveDate>,
    refund_due: bool,
) -> Result<(InvoiceFacts, Option<Vec<u8>>)> {
    let settings = store::settings::load(conn).await?;
    let issuer = crate::service::partners::record(conn, &r.issuer_id).await?;
    let legal = issuer.legal();
    let (ic_en, ic_fr) = country_names(conn, &issuer.country).await?;
    let issuer_facts = FrozenParty {
        name: issuer.name.clone(),
        address: issuer.address.clone(),
        delivery_address: None,
        country_code: issuer.country.clone(),
        country_name_en: ic_en,
        country_name_fr: ic_fr,
        vat_id: issuer.vat_id.clone(),
        siren: legal.siren.clone(),
        siret: legal.siret.clone(),
        legal_form: legal.legal_form.clone(),
        share_capital: legal.share_capital.clone(),
        rcs: legal.rcs.clone(),
        email: issuer.email.clone(),
    };
    let recipient = if let Some(cid) = &r.customer_id {
        let c = crate::service::customers::record(conn, cid).await?;
        let (en, fr) = country_names(conn, &c.country).await?;
        FrozenParty {
            name: c.name,
            address: c.address,
            delivery_address: c.delivery_address,
            country_code: c.country,
            country_name_en: en,
            country_name_fr: fr,
            vat_id: c.vat_id,
            siren: c.siren,
            email: c.email,
            ..FrozenParty::default()
        }
    } else {
        let rid = r.reseller_id.clone().unwrap_or_default();
        let p = crate::service::partners::record(conn, &rid).await?;
        let (en, fr) = country_names(conn, &p.country).await?;
        FrozenParty {
            siren: p.siren.clone(),
            siret: p.siret.clone(),
            name: p.name,
            address: p.address,
            country_code: p.country,
            country_name_en: en,
            country_name_fr: fr,
            vat_id: p.vat_id,
            email: p.email,
            ..FrozenParty::default()
        }
    };
    // The logo in Settings is the operating partner's: printed on its documents only.
    let office = settings.office_partner_id.as_deref() == Some(issuer.id.as_str());
    let logo = if office {
        settings
            .issuer
            .logo_path
            .as_ref()
            .filter(|p| p.to_ascii_lowercase().ends_with(".png"))
            .and_then(|p| std::fs::read(p).ok())
    } else {
        None
    };
    let facts = InvoiceFacts {
        frozen_by: "issue".to_string(),
        issuer: issuer_facts,
        recipient,
        payment: FrozenPayment {
            terms_days: legal.payment_terms_days,
            due_on,
            iban: legal.iban,
            bic: legal.bic,
            late_payment_rate: legal.late_payment_rate,
            early_payment_discount: legal.early_payment_discount,
            refund_due,
            vat_on_debits: office && settings.issuer.vat_on_debits,
        },
    };
    Ok((facts, logo))
}

async fn country_names(conn: &mut store::Conn, code: &str) -> Result<(String, String)> {
    Ok(store::reference::country(conn, code).await?.map(|c| (c.name_en, c.name_fr)).unwrap_or_default())
}

/// Issues a draft inside the caller's IMMEDIATE transaction: checks the date against the series
/// (`INVOICE_DATE_ORDER`, `INVOICE_DATE_FUTURE`) and the mandatory mentions
/// (`INVOICE_MENTIONS_MISSING`), freezes the facts, then gives the next number and flips the
/// status. A refusal or a crash leaves the draft as it was, with no number consumed. `limit`: the
/// computer's date in a real book ([`Ctx::issue_limit`]).
async fn issue_in(
    conn: &mut store::Conn,
    r: &InvoiceRecord,
    on: NaiveDate,
    limit: Option<NaiveDate>,
    refund_due: bool,
) -> Result<String> {
    crate::service::check_date(on)?;
    let last = inv_store::last_issue_date(conn, &r.issuer_id, &r.series).await?;
    facts::check_issue_date(&r.series, on, last, limit)?;
    let terms = crate::service::partners::record(conn, &r.issuer_id).await?.payment_terms_days;
    let due = on.checked_add_days(chrono::Days::new(u64::from(terms))).ok_or_else(|| {
        CoreError::validation(
            format!("the issue date {on} is too far in the future"),
            format!("la date d'émission {on} est trop lointaine"),
        )
    })?;
    let (frozen, logo) = live_facts(conn, r, Some(due), refund_due).await?;
    facts::check_mentions(&frozen)?;
    store::invoice_facts::insert_facts(conn, &r.id, &frozen, logo.as_deref()).await?;
    let year = on.year();
    let seq = store::invoice_numbers::next_number(conn, &r.issuer_id, &r.series, year).await?;
    let number = invoice::format_number(&r.series, year, seq);
    inv_store::mark_issued(conn, &r.id, &number, year, seq, on, due).await?;
    store::invoice_events::log_event(conn, &r.id, Some(on), InvoiceEvent::Issued, Some(&number)).await?;
    Ok(number)
}

fn not_a_draft(r: &InvoiceRecord) -> CoreError {
    CoreError::conflict(
        format!(
            "invoice {} is already {}: only a draft can be issued",
            r.number.as_deref().unwrap_or(&r.id),
            r.status.as_str()
        ),
        format!(
            "la facture {} est déjà {} : seul un brouillon peut être émis",
            r.number.as_deref().unwrap_or(&r.id),
            r.status.as_str()
        ),
    )
}

/// Issues a draft: number given now (per issuer, series and year of `on`; default: the computer's
/// date in a real book, the business date in a demo book), due date from the issuer's terms.
pub async fn issue(ctx: &Ctx, id: &str, on: Option<NaiveDate>) -> Result<Invoice> {
    let on = match on {
        Some(d) => d,
        None => ctx.write_date().await?,
    };
    let limit = ctx.issue_limit().await?;
    let mut tx = begin_write(&ctx.pool).await?;
    let r = record(&mut tx, id).await?;
    if !allows(&r, InvoiceAction::Issue) {
        return Err(not_a_draft(&r));
    }
    issue_in(&mut tx, &r, on, limit, false).await?;
    store::seal::append(&mut tx, &r.id).await?;
    let r = record(&mut tx, &r.id).await?;
    let inv = full(&mut tx, r).await?;
    tx.commit().await?;
    tracing::info!(id = %inv.id, number = ?inv.number, "invoice issued");
    Ok(inv)
}

/// Issues every draft of a month in one transaction, in a stable order (issuer, recipient name):
/// all or nothing — one refusal leaves every draft a draft and consumes no number.
pub async fn issue_all(ctx: &Ctx, month: &str, on: Option<NaiveDate>) -> Result<Vec<Invoice>> {
    let month = Month::parse(month)?;
    crate::service::book::auto_backup(ctx, "issue").await?;
    let on = match on {
        Some(d) => d,
        None => ctx.write_date().await?,
    };
    let limit = ctx.issue_limit().await?;
    let mut tx = begin_write(&ctx.pool).await?;
    let ids = inv_store::draft_ids(&mut tx, month, None).await?;
    let mut issued = Vec::with_capacity(ids.len());
    for id in &ids {
        let r = record(&mut tx, id).await?;
        let number = issue_in(&mut tx, &r, on, limit, false).await.map_err(|e| name_document(e, &r))?;
        store::seal::append(&mut tx, &r.id).await?;
        issued.push((r.id.clone(), number));
    }
    let mut out = Vec::with_capacity(issued.len());
    for (id, _) in &issued {
        let r = record(&mut tx, id).await?;
        out.push(full(&mut tx, r).await?);
    }
    tx.commit().await?;
    tracing::info!(month = %month, issued = out.len(), "batch issued");
    Ok(out)
}

/// In a batch, a refusal names the draft it is about (its recipient), keeping its code.
fn name_document(e: CoreError, r: &InvoiceRecord) -> CoreError {
    match e {
        CoreError::Rule { rule, msg } => CoreError::Rule {
            rule,
            msg: crate::error::Msg {
                en: format!("draft for {}: {}", r.recipient_name, msg.en),
                fr: format!("brouillon pour {} : {}", r.recipient_name, msg.fr),
                field: msg.field,
            },
        },
        other => other,
    }
}

/// A credit note for an issued or paid invoice: issued at once (`CN-…`), it names the invoice,
/// voids it, and releases its usage so the next billing run drafts a corrected invoice. When the
/// invoice was already paid, the credit note records that its amount is owed back (refund due).
pub async fn credit(ctx: &Ctx, id: &str, on: Option<NaiveDate>) -> Result<Invoice> {
    let on = match on {
        Some(d) => d,
        None => ctx.write_date().await?,
    };
    let limit = ctx.issue_limit().await?;
    let mut tx = begin_write(&ctx.pool).await?;
    let r = record(&mut tx, id).await?;
    if !allows(&r, InvoiceAction::Credit) {
        return Err(CoreError::conflict(
            format!(
                "only an issued or paid invoice can be credited; {} is a {} {}",
                r.number.as_deref().unwrap_or(&r.id),
                r.status.as_str(),
                r.kind.as_str().replace('_', " ")
            ),
            format!(
                "seule une facture émise ou payée peut recevoir un avoir ; {} est {} ({})",
                r.number.as_deref().unwrap_or(&r.id),
                r.status.as_str(),
                r.kind.as_str()
            ),
        ));
    }
    let cn_id = uuid::Uuid::new_v4().to_string();
    let lines = store::invoice_lines::lines(&mut tx, &r.id).await?;
    let taxes = store::invoice_taxes::taxes(&mut tx, &r.id).await?;
    let first_line = store::invoice_lines::next_line_id(&mut tx).await?;
    let cn = crate::billing::credit_note::draft(&r, lines, taxes, &cn_id, first_line, on)?;
    inv_store::insert_invoices(&mut tx, &[cn.invoice]).await?;
    store::invoice_lines::insert_lines(&mut tx, &cn.lines).await?;
    store::invoice_taxes::insert_taxes(&mut tx, &cn.taxes).await?;
    store::invoice_events::log_event(&mut tx, &cn_id, Some(on), InvoiceEvent::Drafted, r.number.as_deref()).await?;
    let cn = record(&mut tx, &cn_id).await?;
    issue_in(&mut tx, &cn, on, limit, r.status == InvoiceStatus::Paid).await?;
    inv_store::mark_voided(&mut tx, &r.id, on).await?;
    store::usage_groups::release_usage(&mut tx, &r.id).await?;
    let cn = record(&mut tx, &cn_id).await?;
    store::invoice_events::log_event(&mut tx, &r.id, Some(on), InvoiceEvent::Voided, cn.number.as_deref()).await?;
    store::seal::append(&mut tx, &cn_id).await?;
    store::seal::append(&mut tx, &r.id).await?;
    let out = full(&mut tx, cn).await?;
    tx.commit().await?;
    tracing::info!(invoice = %r.id, credit_note = ?out.number, "invoice credited");
    Ok(out)
}

/// Records the payment of an issued invoice.
pub async fn pay(ctx: &Ctx, id: &str, on: NaiveDate) -> Result<Invoice> {
    crate::service::check_date(on)?;
    let mut tx = begin_write(&ctx.pool).await?;
    let r = record(&mut tx, id).await?;
    if !allows(&r, InvoiceAction::Pay) {
        return Err(CoreError::conflict(
            format!(
                "only an issued invoice can be paid; {} is {}",
                r.number.as_deref().unwrap_or(&r.id),
                r.status.as_str()
            ),
            format!(
                "seule une facture émise peut être payée ; {} est {}",
                r.number.as_deref().unwrap_or(&r.id),
                r.status.as_str()
            ),
        ));
    }
    if r.issued_on.is_some_and(|d| on < d) {
        return Err(CoreError::validation(
            format!("the payment date {on} is before the issue date"),
            format!("la date de paiement {on} précède la date d'émission"),
        ));
    }
    inv_store::mark_paid(&mut tx, &r.id, on).await?;
    store::invoice_events::log_event(&mut tx, &r.id, Some(on), InvoiceEvent::Paid, None).await?;
    store::seal::append(&mut tx, &r.id).await?;
    let r = record(&mut tx, &r.id).await?;
    let inv = full(&mut tx, r).await?;
    tx.commit().await?;
    Ok(inv)
}

/// Records the status the user's approved e-invoicing platform gave an issued document, on `on`
/// (a dated event of its history; the last one is the document's platform status).
pub async fn platform(ctx: &Ctx, id: &str, status: &str, on: NaiveDate) -> Result<Invoice> {
    let status = crate::domain::invoice::PlatformStatus::parse(status)?;
    let mut tx = begin_write(&ctx.pool).await?;
    let r = record(&mut tx, id).await?;
    crate::domain::invoice::check_platform_status(r.number.as_deref().unwrap_or(&r.id), r.status, r.issued_on, on)?;
    store::invoice_events::log_event(&mut tx, &r.id, Some(on), InvoiceEvent::Platform, Some(status.as_str())).await?;
    store::seal::append(&mut tx, &r.id).await?;
    let r = record(&mut tx, &r.id).await?;
    let inv = full(&mut tx, r).await?;
    tx.commit().await?;
    tracing::info!(invoice = %inv.id, status = status.as_str(), "platform status recorded");
    Ok(inv)
}

/// The printable document of an invoice (language: `lang`, else the `invoice.language` setting,
/// else French). An issued document prints from its frozen facts only; a draft from live data.
pub async fn document(ctx: &Ctx, id: &str, lang: Option<&str>) -> Result<crate::pdf::model::InvoiceDocument> {
    use crate::billing::document;
    let lang_given = match lang {
        None => None,
        Some(l) => Some(document::parse_lang(Some(l)).ok_or_else(|| {
            CoreError::validation(
                format!("unknown language '{l}' (fr or en)"),
                format!("langue inconnue « {l} » (fr ou en)"),
            )
        })?),
    };
    let inv = show(ctx, id).await?;
    let mut conn = store::read(&ctx.pool).await?;
    let settings = store::settings::load(&mut conn).await?;
    let lang = lang_given
        .or_else(|| document::parse_lang(settings.invoice_language.as_deref()))
        .unwrap_or(crate::pdf::model::Lang::Fr);
    let (facts, logo) = match store::invoice_facts::facts(&mut conn, &inv.id).await? {
        Some(frozen) => frozen,
        None if inv.status == InvoiceStatus::Draft => {
            let r = record(&mut conn, &inv.id).await?;
            live_facts(&mut conn, &r, None, false).await?
        }
        None => {
            return Err(CoreError::conflict(
                format!("invoice {} is issued but has no frozen facts", inv.number.as_deref().unwrap_or(&inv.id)),
                format!(
                    "la facture {} est émise mais n'a pas de données figées",
                    inv.number.as_deref().unwrap_or(&inv.id)
                ),
            ))
        }
    };
    Ok(document::build(&inv, &facts, lang, logo))
}
