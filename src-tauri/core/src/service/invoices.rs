//! Invoices: list, show, issue (numbering), credit notes, payment. Every state change is one
//! IMMEDIATE transaction and leaves a line in the audit log.

use chrono::{Datelike, NaiveDate};
use sqlx::SqliteConnection;

use crate::domain::facts::{self, FrozenParty, FrozenPayment, InvoiceFacts};
use crate::domain::invoice::{self, InvoiceAction, InvoiceKind, InvoiceStatus};
pub use crate::domain::invoice::{Invoice, InvoiceEventView, InvoiceLineView, TaxLineView};
use crate::domain::Month;
use crate::files::{self, Existing};
use crate::store::invoices::{self as inv_store, InvoiceRecord, NewInvoice, NewLine, NewTax};
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
        line_count: r.lines,
        lines: Vec::new(),
        events: Vec::new(),
        currency: r.currency,
        id: r.id,
    }
}

async fn full(conn: &mut SqliteConnection, r: InvoiceRecord) -> Result<Invoice> {
    let id = r.id.clone();
    let mut inv = view(r);
    inv.lines = inv_store::lines(conn, &id)
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
        })
        .collect();
    inv.taxes = inv_store::taxes(conn, &id)
        .await?
        .into_iter()
        .map(|(rate, base, amount)| TaxLineView { rate: rate.0, base: base.0, amount: amount.0 })
        .collect();
    inv.events = inv_store::events(conn, &id)
        .await?
        .into_iter()
        .map(|e| InvoiceEventView { at: e.at, on_date: e.on_date, event: e.event, detail: e.detail })
        .collect();
    Ok(inv)
}

async fn record(conn: &mut SqliteConnection, id: &str) -> Result<InvoiceRecord> {
    inv_store::find(conn, id)
        .await?
        .ok_or_else(|| CoreError::not_found(format!("no invoice '{id}'"), format!("aucune facture « {id} »")))
}

/// One invoice (by ID or number), with its lines, taxes and history.
pub async fn show(ctx: &Ctx, id: &str) -> Result<Invoice> {
    let mut conn = ctx.pool.acquire().await?;
    let r = record(&mut conn, id).await?;
    full(&mut conn, r).await
}

/// Invoices and credit notes, optionally of one month and one status (without their lines).
pub async fn list(ctx: &Ctx, month: Option<&str>, status: Option<&str>) -> Result<Vec<Invoice>> {
    let month = month.map(|m| Month::parse(m).map(|m| m.to_string())).transpose()?;
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
    let mut conn = ctx.pool.acquire().await?;
    Ok(inv_store::list(&mut conn, month.as_deref(), status).await?.into_iter().map(view).collect())
}

/// Every document with what counting needs only (statuses, dates, month, currency, amounts; no
/// names, lines or events): the dashboard's read.
pub async fn list_for_counts(ctx: &Ctx) -> Result<Vec<Invoice>> {
    let mut conn = ctx.pool.acquire().await?;
    Ok(inv_store::list_for_counts(&mut conn).await?.into_iter().map(view).collect())
}

/// The facts a document prints, read from the live book: what a draft shows, and what issuing
/// freezes into the document. `due_on`: the due date the issue gives (a draft has none yet).
async fn live_facts(
    conn: &mut SqliteConnection,
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

async fn country_names(conn: &mut SqliteConnection, code: &str) -> Result<(String, String)> {
    Ok(store::reference::country(conn, code).await?.map(|c| (c.name_en, c.name_fr)).unwrap_or_default())
}

/// Issues a draft inside the caller's IMMEDIATE transaction: checks the date against the series
/// (`INVOICE_DATE_ORDER`, `INVOICE_DATE_FUTURE`) and the mandatory mentions
/// (`INVOICE_MENTIONS_MISSING`), freezes the facts, then gives the next number and flips the
/// status. A refusal or a crash leaves the draft as it was, with no number consumed. `limit`: the
/// computer's date in a real book ([`Ctx::issue_limit`]).
async fn issue_in(
    conn: &mut SqliteConnection,
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
    inv_store::insert_facts(conn, &r.id, &frozen, logo.as_deref()).await?;
    let year = on.year();
    let seq = inv_store::next_number(conn, &r.issuer_id, &r.series, year).await?;
    let number = invoice::format_number(&r.series, year, seq);
    inv_store::mark_issued(conn, &r.id, &number, year, seq, on, due).await?;
    inv_store::log_event(conn, &r.id, Some(on), "issued", Some(&number)).await?;
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
    let first = Month::parse(month)?.first_day();
    let month = first.format("%Y-%m").to_string();
    crate::service::book::auto_backup(ctx, "issue").await?;
    let on = match on {
        Some(d) => d,
        None => ctx.write_date().await?,
    };
    let limit = ctx.issue_limit().await?;
    let mut tx = begin_write(&ctx.pool).await?;
    let ids = inv_store::draft_ids(&mut tx, &month, None).await?;
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
    tracing::info!(month, issued = out.len(), "batch issued");
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
    if r.issued_on.is_some_and(|d| on < d) {
        return Err(CoreError::validation(
            format!("a credit note cannot be dated before the invoice it cancels ({})", r.issued_on.unwrap_or(on)),
            format!("un avoir ne peut précéder la facture qu'il annule ({})", r.issued_on.unwrap_or(on)),
        ));
    }
    let cn_id = uuid::Uuid::new_v4().to_string();
    // The credit note mirrors the invoice with every amount and quantity negated.
    inv_store::insert_invoices(
        &mut tx,
        &[NewInvoice {
            id: cn_id.clone(),
            kind: InvoiceKind::CreditNote,
            issuer_id: r.issuer_id.clone(),
            customer_id: r.customer_id.clone(),
            reseller_id: r.reseller_id.clone(),
            month: r.month.clone(),
            currency: r.currency.clone(),
            subtotal: -r.subtotal.0,
            tax: -r.tax.0,
            total: -r.total.0,
            tax_mention: r.tax_mention,
            exchange: r.exchange_from.clone().zip(r.exchange_rate.map(|d| d.0)),
            credits_invoice_id: Some(r.id.clone()),
        }],
    )
    .await?;
    let mut next = inv_store::next_line_id(&mut tx).await?;
    let lines: Vec<NewLine> = inv_store::lines(&mut tx, &r.id)
        .await?
        .into_iter()
        .map(|l| {
            let id = next;
            next += 1;
            NewLine {
                id,
                invoice_id: cn_id.clone(),
                position: l.position,
                subscription_id: l.subscription_id,
                subscription_name: l.subscription_name,
                customer_id: l.customer_id,
                meter_id: l.meter_id,
                meter_name: l.meter_name,
                meter_category: l.meter_category,
                unit: l.unit,
                quantity: -l.quantity.0,
                unit_price: l.unit_price.0,
                markup_percent: l.markup_percent.0,
                tax_rate: l.tax_rate.0,
                amount: -l.amount.0,
            }
        })
        .collect();
    inv_store::insert_lines(&mut tx, &lines).await?;
    let taxes: Vec<NewTax> = inv_store::taxes(&mut tx, &r.id)
        .await?
        .into_iter()
        .map(|(rate, base, amount)| NewTax {
            invoice_id: cn_id.clone(),
            rate: rate.0,
            base: -base.0,
            amount: -amount.0,
        })
        .collect();
    inv_store::insert_taxes(&mut tx, &taxes).await?;
    inv_store::log_event(&mut tx, &cn_id, Some(on), "drafted", r.number.as_deref()).await?;
    let cn = record(&mut tx, &cn_id).await?;
    issue_in(&mut tx, &cn, on, limit, r.status == InvoiceStatus::Paid).await?;
    inv_store::mark_voided(&mut tx, &r.id, on).await?;
    inv_store::release_usage(&mut tx, &r.id).await?;
    let cn = record(&mut tx, &cn_id).await?;
    inv_store::log_event(&mut tx, &r.id, Some(on), "voided", cn.number.as_deref()).await?;
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
    inv_store::log_event(&mut tx, &r.id, Some(on), "paid", None).await?;
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
    inv_store::log_event(&mut tx, &r.id, Some(on), "platform", Some(status.as_str())).await?;
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
    let mut conn = ctx.pool.acquire().await?;
    let settings = store::settings::load(&mut conn).await?;
    let lang = lang_given
        .or_else(|| document::parse_lang(settings.invoice_language.as_deref()))
        .unwrap_or(crate::pdf::model::Lang::Fr);
    let (facts, logo) = match inv_store::facts(&mut conn, &inv.id).await? {
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

/// Where a PDF export is: documents written, of how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct ExportProgress {
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}

/// What `invoice export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExportFormat {
    /// Factur-X: a PDF/A-3 carrying `factur-x.xml` (EN 16931), what an approved platform takes.
    #[default]
    FacturX,
    /// The plain PDF.
    Pdf,
}

impl ExportFormat {
    pub fn parse(v: Option<&str>) -> Result<Self> {
        match v {
            None | Some("facturx") => Ok(ExportFormat::FacturX),
            Some("pdf") => Ok(ExportFormat::Pdf),
            Some(other) => Err(CoreError::validation(
                format!("unknown format '{other}' (facturx or pdf)"),
                format!("format inconnu « {other} » (facturx ou pdf)"),
            )),
        }
    }
}

/// Writes the Factur-X PDFs of the given invoices (IDs or numbers), or of every invoice and credit
/// note of `month`, into `dir` as `<number>.pdf` (a draft: `draft-<id>.pdf`, a plain PDF: it has
/// no number for a platform). A month's folder is ready for upload. Returns the files written.
pub async fn export(
    ctx: &Ctx,
    ids: &[String],
    month: Option<&str>,
    dir: &std::path::Path,
    lang: Option<&str>,
) -> Result<Vec<String>> {
    export_as(ctx, ids, month, dir, lang, ExportFormat::FacturX).await
}

/// [`export`] in the given format.
pub async fn export_as(
    ctx: &Ctx,
    ids: &[String],
    month: Option<&str>,
    dir: &std::path::Path,
    lang: Option<&str>,
    format: ExportFormat,
) -> Result<Vec<String>> {
    export_with_progress(ctx, ids, month, dir, lang, format, &|_| {}).await
}

/// Documents read from the book, then rendered this many at a time on the other cores.
const EXPORT_CHUNK: usize = 64;

/// [`export_as`], telling `progress` after each chunk of documents written.
pub async fn export_with_progress(
    ctx: &Ctx,
    ids: &[String],
    month: Option<&str>,
    dir: &std::path::Path,
    lang: Option<&str>,
    format: ExportFormat,
    progress: &(dyn Fn(ExportProgress) + Send + Sync),
) -> Result<Vec<String>> {
    let mut targets: Vec<String> = ids.to_vec();
    if let Some(m) = month {
        targets.extend(list(ctx, Some(m), None).await?.into_iter().map(|i| i.id));
    }
    if targets.is_empty() {
        return Err(CoreError::validation(
            "name the invoices to export, or a month that has some",
            "nommez les factures à exporter, ou un mois qui en a",
        ));
    }
    std::fs::create_dir_all(dir).map_err(|e| {
        CoreError::validation(
            format!("cannot create {}: {e}", dir.display()),
            format!("impossible de créer {} : {e}", dir.display()),
        )
    })?;
    let office = store::settings::load(&mut *ctx.pool.acquire().await?).await?.office_partner_id;
    // Every target is checked before the first is written: a batch that would overwrite another
    // document's file (or give two documents one name) writes nothing.
    let mut planned: Vec<(String, std::path::PathBuf)> = Vec::with_capacity(targets.len());
    let mut names = std::collections::HashSet::new();
    for id in &targets {
        let stored = record(&mut *ctx.pool.acquire().await?, id).await?;
        let stem = match &stored.number {
            Some(n) => n.clone(),
            None => format!("draft-{}", stored.id),
        };
        // Numbers are per issuer: another issuer's INV-2026-000001 must not overwrite the office's.
        let name = if office.as_deref() == Some(stored.issuer_id.as_str()) {
            format!("{stem}.pdf")
        } else {
            format!("{}-{stem}.pdf", file_slug(&stored.issuer_name))
        };
        if !names.insert(name.clone()) {
            if planned.iter().any(|(other, _)| *other == stored.id) {
                continue;
            }
            return Err(CoreError::conflict(
                format!("two documents of this export would both be written as {name}: export them to separate folders"),
                format!("deux documents de cet export seraient tous deux écrits sous {name} : exportez-les dans des dossiers distincts"),
            ));
        }
        let path = dir.join(name);
        let mark = crate::pdf::document_mark(&stored.id);
        files::check_target(&path, &Existing::ReplaceIf(&|head| files::contains(head, &mark)))?;
        planned.push((stored.id, path));
    }
    let total = planned.len() as u64;
    progress(ExportProgress { done: 0, total });
    let mut files = Vec::with_capacity(planned.len());
    for chunk in planned.chunks(EXPORT_CHUNK) {
        let mut jobs = Vec::with_capacity(chunk.len());
        for (id, path) in chunk {
            jobs.push(ExportJob { id: id.clone(), doc: document(ctx, id, lang).await?, path: path.clone(), format });
        }
        // Laying out and compressing a PDF is CPU work: off the async workers, on every core.
        let written = tokio::task::spawn_blocking(move || render_all(jobs))
            .await
            .map_err(|e| CoreError::Io(std::io::Error::other(e.to_string())))??;
        files.extend(written.into_iter().map(|p| p.display().to_string()));
        progress(ExportProgress { done: files.len() as u64, total });
    }
    Ok(files)
}

/// One document of an export: what it prints, where it goes, in which format.
struct ExportJob {
    id: String,
    doc: crate::pdf::model::InvoiceDocument,
    path: std::path::PathBuf,
    format: ExportFormat,
}

impl ExportJob {
    /// Renders the document (Factur-X only for an issued one: a draft has no number for a platform)
    /// and writes it whole, replacing only an earlier file of the same document.
    fn run(&self) -> Result<()> {
        let bytes = match (self.format, &self.doc.number) {
            (ExportFormat::FacturX, Some(_)) => crate::facturx::render_for(&self.doc, &self.id)?,
            _ => crate::pdf::render_for(&self.doc, &self.id)?,
        };
        let mark = crate::pdf::document_mark(&self.id);
        files::write_bytes(&self.path, Existing::ReplaceIf(&|head| files::contains(head, &mark)), &bytes)?;
        Ok(())
    }
}

/// Renders and writes the documents on as many threads as there are cores (at most one per
/// document); returns the paths in the documents' order, or the first failure.
fn render_all(jobs: Vec<ExportJob>) -> Result<Vec<std::path::PathBuf>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(jobs.len()).max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<std::sync::Mutex<Option<Result<()>>>> = jobs.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(job) = jobs.get(i) else { break };
                let r = job.run();
                if let Ok(mut slot) = results[i].lock() {
                    *slot = Some(r);
                }
            });
        }
    });
    let mut out = Vec::with_capacity(jobs.len());
    for (job, r) in jobs.into_iter().zip(results) {
        match r.into_inner().ok().flatten() {
            Some(Ok(())) => out.push(job.path),
            Some(Err(e)) => return Err(e),
            None => return Err(CoreError::Io(std::io::Error::other("a PDF was not rendered"))),
        }
    }
    Ok(out)
}

/// A file-name-safe form of a name: ASCII letters and digits, other runs become one hyphen.
fn file_slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}
