//! Microsoft's invoices: the new-commerce invoice reconciliation file imported as it is, once
//! (DOMAIN.md "Month-end: Microsoft's bill against the book").

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::{money, Currency};
use crate::import::microsoft::{self, Charge};
use crate::store::microsoft_invoices::{NewCharge, NewMicrosoftInvoice};
use crate::store::{self, begin_write};
use crate::{CoreError, Ctx, Result};

/// One invoice of the file, as kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MicrosoftInvoiceSummary {
    pub number: String,
    pub currency: String,
    #[ts(type = "string")]
    pub total: Decimal,
    /// Its charges (the file's rows).
    #[ts(type = "number")]
    pub lines: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MicrosoftImportResult {
    pub invoices: Vec<MicrosoftInvoiceSummary>,
    /// Charges for subscriptions the book does not hold: kept, and reported as not billed.
    #[ts(type = "number")]
    pub unknown_subscriptions: u64,
}

/// Imports Microsoft's invoice file: each invoice number in it is kept with its charges, verbatim.
/// The same file again changes nothing and answers the same; another content for a number already
/// held is `CONFLICT`; a bad cell refuses the file (`row N, column NAME: …`); nothing is half-stored.
pub async fn import(ctx: &Ctx, path: &Path) -> Result<MicrosoftImportResult> {
    let file = std::fs::File::open(path).map_err(|e| {
        CoreError::validation(
            format!("cannot read {}: {e}", path.display()),
            format!("lecture impossible de {} : {e}", path.display()),
        )
    })?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    import_from(ctx, std::io::BufReader::new(file), &name).await
}

/// [`import`] from any reader (tests, the demo).
pub async fn import_from(ctx: &Ctx, input: impl std::io::Read, file_name: &str) -> Result<MicrosoftImportResult> {
    let charges = microsoft::read(input)?;
    let mut tx = begin_write(&ctx.pool).await?;
    let partners = store::microsoft_invoices::billing_partners(&mut tx).await?;
    let office = store::settings::load(&mut tx).await?.office_partner_id;
    let invoices = group(&charges, &partners, file_name)?;
    let unknown = charges.iter().filter(|c| !partners.contains_key(&c.subscription_id.to_lowercase())).count();
    let mut summaries = Vec::with_capacity(invoices.len());
    for (mut inv, mpn) in invoices {
        inv.billing_partner_id = match billing_partner(&mut tx, &inv, &partners, &mpn, office.as_deref()).await? {
            Some(p) => p,
            None => {
                return Err(CoreError::validation(
                    format!(
                        "Microsoft's invoice {} names no subscription of the book and no partner's MPN ID: set the operating partner first",
                        inv.number
                    ),
                    format!(
                        "la facture Microsoft {} ne nomme aucun abonnement du carnet ni l'ID MPN d'un partenaire : définissez d'abord le partenaire exploitant",
                        inv.number
                    ),
                ))
            }
        };
        match store::microsoft_invoices::get(&mut tx, &inv.number).await? {
            Some(kept) if kept.content_hash == inv.content_hash() => {}
            Some(_) => {
                return Err(CoreError::conflict(
                    format!(
                        "Microsoft's invoice {} is already in the book with other charges: nothing was imported",
                        inv.number
                    ),
                    format!(
                        "la facture Microsoft {} est déjà dans le carnet avec d'autres charges : rien n'a été importé",
                        inv.number
                    ),
                ))
            }
            None => store::microsoft_invoices::insert(&mut tx, &inv).await?,
        }
        summaries.push(MicrosoftInvoiceSummary {
            number: inv.number.clone(),
            currency: inv.currency.to_string(),
            total: inv.total,
            lines: inv.charges.len() as u64,
        });
    }
    tx.commit().await?;
    tracing::info!(file = file_name, invoices = summaries.len(), unknown, "Microsoft invoice imported");
    Ok(MicrosoftImportResult { invoices: summaries, unknown_subscriptions: unknown as u64 })
}

/// The file's charges per invoice number, in the order the numbers first appear, with the first
/// MPN ID each names. One invoice has one currency.
fn group(
    charges: &[Charge],
    partners: &HashMap<String, String>,
    file_name: &str,
) -> Result<Vec<(NewMicrosoftInvoice, String)>> {
    let mut order: Vec<String> = Vec::new();
    let mut by_number: BTreeMap<String, (NewMicrosoftInvoice, String)> = BTreeMap::new();
    for c in charges {
        let currency = Currency::from_code(&c.currency)?;
        let entry = by_number.entry(c.invoice_number.clone()).or_insert_with(|| {
            order.push(c.invoice_number.clone());
            (
                NewMicrosoftInvoice {
                    number: c.invoice_number.clone(),
                    billing_partner_id: String::new(),
                    currency,
                    subtotal: Decimal::ZERO,
                    tax: Decimal::ZERO,
                    total: Decimal::ZERO,
                    period_start: c.charge_start,
                    period_end: c.charge_end,
                    file_name: file_name.to_string(),
                    charges: Vec::new(),
                },
                c.mpn_id.clone(),
            )
        });
        let (inv, mpn) = entry;
        if currency != inv.currency {
            return Err(crate::import::usage::row_error(
                c.row,
                "Currency",
                format!("invoice {} is in {}, this charge in {}", inv.number, inv.currency, c.currency),
                format!("la facture {} est en {}, cette charge en {}", inv.number, inv.currency, c.currency),
            ));
        }
        if mpn.is_empty() {
            mpn.clone_from(&c.mpn_id);
        }
        inv.subtotal = money::add(inv.subtotal, c.subtotal)?;
        inv.tax = money::add(inv.tax, c.tax_total)?;
        inv.total = money::add(inv.total, c.total)?;
        inv.period_start = inv.period_start.min(c.charge_start);
        inv.period_end = inv.period_end.max(c.charge_end);
        inv.charges.push(NewCharge {
            customer_id: c.customer_id.clone(),
            subscription_id: c.subscription_id.clone(),
            known: partners.contains_key(&c.subscription_id.to_lowercase()),
            charge_type: c.charge_type.clone(),
            subtotal: c.subtotal,
            tax: c.tax_total,
            total: c.total,
            charge_start: c.charge_start,
            charge_end: c.charge_end,
            cells: c.cells.clone(),
        });
    }
    Ok(order.into_iter().filter_map(|n| by_number.remove(&n)).collect())
}

/// Whose invoice it is: the billing partner of the subscriptions it names (the first the book
/// holds), else the partner whose MPN ID it names, else the operating partner.
async fn billing_partner(
    tx: &mut store::Conn,
    inv: &NewMicrosoftInvoice,
    partners: &HashMap<String, String>,
    mpn: &str,
    office: Option<&str>,
) -> Result<Option<String>> {
    if let Some(p) = inv.charges.iter().find_map(|c| partners.get(&c.subscription_id.to_lowercase())) {
        return Ok(Some(p.clone()));
    }
    if !mpn.is_empty() {
        if let Some(p) = store::partners::find_by_mpn(tx, mpn).await? {
            return Ok(Some(p.id));
        }
    }
    Ok(office.map(str::to_string))
}
