//! Invoices: list, show, issue (numbering), credit notes, payment. Every state change is one
//! IMMEDIATE transaction and leaves a line in the audit log.

use chrono::{Datelike, NaiveDate};
use sqlx::SqliteConnection;

use crate::domain::invoice::{self, InvoiceAction, InvoiceKind, InvoiceStatus};
pub use crate::domain::invoice::{Invoice, InvoiceEventView, InvoiceLineView, TaxLineView};
use crate::domain::Month;
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

async fn payment_terms(conn: &mut SqliteConnection) -> Result<u32> {
    Ok(store::settings::load(conn).await?.issuer.payment_terms_days)
}

/// Gives the next number of the series and flips the document to issued. The caller's IMMEDIATE
/// transaction makes both one step: a crash leaves the invoice draft with no number consumed.
async fn assign_number(conn: &mut SqliteConnection, r: &InvoiceRecord, on: NaiveDate) -> Result<String> {
    let year = on.year();
    if let Some(last) = inv_store::last_issue_date(conn, &r.issuer_id, &r.series, year).await? {
        if on < last {
            return Err(CoreError::conflict(
                format!("{} numbers follow the dates: the last one was issued on {last}, after {on}", r.series),
                format!("les numéros {} suivent les dates : le dernier a été émis le {last}, après le {on}", r.series),
            ));
        }
    }
    let seq = inv_store::next_number(conn, &r.issuer_id, &r.series, year).await?;
    let number = invoice::format_number(&r.series, year, seq);
    let due = on + chrono::Days::new(u64::from(payment_terms(conn).await?));
    inv_store::mark_issued(conn, &r.id, &number, year, seq, on, due).await?;
    inv_store::log_event(conn, &r.id, Some(on), "issued", Some(&number)).await?;
    Ok(number)
}

/// Issues a draft: number given now (per issuer, series and year of `on`, default the business
/// today), due date from the payment terms.
pub async fn issue(ctx: &Ctx, id: &str, on: Option<NaiveDate>) -> Result<Invoice> {
    let on = match on {
        Some(d) => d,
        None => ctx.today().await?,
    };
    let mut tx = begin_write(&ctx.pool).await?;
    let r = record(&mut tx, id).await?;
    if !allows(&r, InvoiceAction::Issue) {
        return Err(CoreError::conflict(
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
        ));
    }
    assign_number(&mut tx, &r, on).await?;
    let r = record(&mut tx, &r.id).await?;
    let inv = full(&mut tx, r).await?;
    tx.commit().await?;
    tracing::info!(id = %inv.id, number = ?inv.number, "invoice issued");
    Ok(inv)
}

/// Issues every draft of a month, each in its own transaction, in a stable order (issuer,
/// recipient name). Stops at the first refusal; what was issued before stays issued.
pub async fn issue_all(ctx: &Ctx, month: &str, on: Option<NaiveDate>) -> Result<Vec<Invoice>> {
    let first = Month::parse(month)?.first_day();
    let month = first.format("%Y-%m").to_string();
    let ids = {
        let mut conn = ctx.pool.acquire().await?;
        inv_store::draft_ids(&mut conn, &month, None).await?
    };
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.push(issue(ctx, &id, on).await?);
    }
    Ok(out)
}

/// A credit note for an issued invoice: issued at once (`CN-…`), it names the invoice, voids it,
/// and releases its usage so the next billing run drafts a corrected invoice.
pub async fn credit(ctx: &Ctx, id: &str, on: Option<NaiveDate>) -> Result<Invoice> {
    let on = match on {
        Some(d) => d,
        None => ctx.today().await?,
    };
    let mut tx = begin_write(&ctx.pool).await?;
    let r = record(&mut tx, id).await?;
    if !allows(&r, InvoiceAction::Credit) {
        return Err(CoreError::conflict(
            format!(
                "only an issued invoice can be credited; {} is a {} {}",
                r.number.as_deref().unwrap_or(&r.id),
                r.status.as_str(),
                r.kind.as_str().replace('_', " ")
            ),
            format!(
                "seule une facture émise peut recevoir un avoir ; {} est {} ({})",
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
    assign_number(&mut tx, &cn, on).await?;
    inv_store::mark_voided(&mut tx, &r.id, on).await?;
    inv_store::release_usage(&mut tx, &r.id).await?;
    let cn = record(&mut tx, &cn_id).await?;
    inv_store::log_event(&mut tx, &r.id, Some(on), "voided", cn.number.as_deref()).await?;
    let out = full(&mut tx, cn).await?;
    tx.commit().await?;
    tracing::info!(invoice = %r.id, credit_note = ?out.number, "invoice credited");
    Ok(out)
}

/// Records the payment of an issued invoice.
pub async fn pay(ctx: &Ctx, id: &str, on: NaiveDate) -> Result<Invoice> {
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
    let r = record(&mut tx, &r.id).await?;
    let inv = full(&mut tx, r).await?;
    tx.commit().await?;
    Ok(inv)
}

/// The printable document of an invoice (language: `lang`, else the `invoice.language` setting,
/// else French).
pub async fn document(ctx: &Ctx, id: &str, lang: Option<&str>) -> Result<crate::pdf::model::InvoiceDocument> {
    use crate::billing::document::{self, PartyFacts};
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
    let country_name = |c: Option<crate::store::reference::Country>| {
        c.map(|c| if lang == crate::pdf::model::Lang::Fr { c.name_fr } else { c.name_en }).unwrap_or_default()
    };
    let issuer = crate::service::partners::record(&mut conn, &inv.issuer_id).await?;
    let issuer_country = country_name(store::reference::country(&mut conn, &issuer.country).await?);
    let issuer_facts = PartyFacts {
        name: &issuer.name,
        address: issuer.address.as_deref(),
        country_code: &issuer.country,
        country_name: issuer_country,
        vat_id: issuer.vat_id.as_deref(),
        siren: None,
        email: issuer.email.as_deref(),
    };
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
    let doc = if let Some(cid) = &inv.customer_id {
        let c = crate::service::customers::record(&mut conn, cid).await?;
        let cn = country_name(store::reference::country(&mut conn, &c.country).await?);
        let facts = PartyFacts {
            name: &c.name,
            address: c.address.as_deref(),
            country_code: &c.country,
            country_name: cn,
            vat_id: c.vat_id.as_deref(),
            siren: c.siren.as_deref(),
            email: c.email.as_deref(),
        };
        document::build(&inv, &issuer_facts, &facts, &settings, office, lang, logo)
    } else {
        let rid = inv.reseller_id.clone().unwrap_or_default();
        let r = crate::service::partners::record(&mut conn, &rid).await?;
        let cn = country_name(store::reference::country(&mut conn, &r.country).await?);
        let facts = PartyFacts {
            name: &r.name,
            address: r.address.as_deref(),
            country_code: &r.country,
            country_name: cn,
            vat_id: r.vat_id.as_deref(),
            siren: None,
            email: r.email.as_deref(),
        };
        document::build(&inv, &issuer_facts, &facts, &settings, office, lang, logo)
    };
    Ok(doc)
}

/// Where a PDF export is: documents written, of how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ExportProgress {
    pub done: u64,
    pub total: u64,
}

/// Writes the PDFs of the given invoices (IDs or numbers), or of every invoice and credit note of
/// `month`, into `dir` as `<number>.pdf` (a draft: `draft-<id>.pdf`). Returns the files written.
pub async fn export(
    ctx: &Ctx,
    ids: &[String],
    month: Option<&str>,
    dir: &std::path::Path,
    lang: Option<&str>,
) -> Result<Vec<String>> {
    export_with_progress(ctx, ids, month, dir, lang, &|_| {}).await
}

/// Documents read from the book, then rendered this many at a time on the other cores.
const EXPORT_CHUNK: usize = 64;

/// [`export`], telling `progress` after each chunk of documents written.
pub async fn export_with_progress(
    ctx: &Ctx,
    ids: &[String],
    month: Option<&str>,
    dir: &std::path::Path,
    lang: Option<&str>,
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
    let total = targets.len() as u64;
    progress(ExportProgress { done: 0, total });
    let mut files = Vec::with_capacity(targets.len());
    for chunk in targets.chunks(EXPORT_CHUNK) {
        let mut jobs = Vec::with_capacity(chunk.len());
        for id in chunk {
            let doc = document(ctx, id, lang).await?;
            let stored = record(&mut *ctx.pool.acquire().await?, id).await?;
            let stem = match &doc.number {
                Some(n) => n.clone(),
                None => format!("draft-{}", stored.id),
            };
            // Numbers are per issuer: another issuer's INV-2026-000001 must not overwrite the office's.
            let name = if office.as_deref() == Some(stored.issuer_id.as_str()) {
                format!("{stem}.pdf")
            } else {
                format!("{}-{stem}.pdf", file_slug(&stored.issuer_name))
            };
            jobs.push((doc, dir.join(name)));
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

/// Renders and writes the documents on as many threads as there are cores (at most one per
/// document); returns the paths in the documents' order, or the first failure.
fn render_all(jobs: Vec<(crate::pdf::model::InvoiceDocument, std::path::PathBuf)>) -> Result<Vec<std::path::PathBuf>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(jobs.len()).max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<std::sync::Mutex<Option<Result<()>>>> = jobs.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some((doc, path)) = jobs.get(i) else { break };
                let r = crate::pdf::render(doc).and_then(|bytes| Ok(std::fs::write(path, bytes)?));
                if let Ok(mut slot) = results[i].lock() {
                    *slot = Some(r);
                }
            });
        }
    });
    let mut out = Vec::with_capacity(jobs.len());
    for ((_, path), r) in jobs.into_iter().zip(results) {
        match r.into_inner().ok().flatten() {
            Some(Ok(())) => out.push(path),
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
