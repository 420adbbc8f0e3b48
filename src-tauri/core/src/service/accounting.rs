//! `accounting export`: an issuer's sales journal as a French FEC file for its accountant.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::fec;
use crate::domain::invoice::{InvoiceKind, InvoiceStatus};
use crate::service::invoices;
use crate::store;
use crate::{CoreError, Ctx, Result};

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct FecExport {
    /// Entries written (sales and payments).
    pub entries: u32,
    pub path: String,
}

/// The period an accountant's export covers by default: one month, first day to last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AccountingPeriod {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The export period of `month` (`YYYY-MM`).
pub async fn period(month: &str) -> Result<AccountingPeriod> {
    let (from, to) = crate::domain::Month::parse(month)?.bounds();
    Ok(AccountingPeriod { from, to })
}

/// Writes the FEC of `issuer` (default: the operating partner) for documents issued, and
/// payments received, from `from` to `to`. `out` is the file, or a folder that receives
/// `<SIREN>FEC<YYYYMMDD>.txt`. The file is written whole (temporary file, then renamed) and an
/// existing file is never overwritten.
pub async fn export(ctx: &Ctx, from: NaiveDate, to: NaiveDate, out: &Path, issuer: Option<&str>) -> Result<FecExport> {
    if to < from {
        return Err(CoreError::validation(
            format!("the period ends ({to}) before it starts ({from})"),
            format!("la période finit ({to}) avant de commencer ({from})"),
        ));
    }
    let settings = store::settings::load(&mut *store::read(&ctx.pool).await?).await?;
    let issuer_id = match issuer.or(settings.office_partner_id.as_deref()) {
        Some(id) => id.to_string(),
        None => {
            return Err(CoreError::validation(
                "name the issuer (--issuer): no operating partner is set",
                "indiquez l'émetteur (--issuer) : aucun partenaire exploitant n'est défini",
            ))
        }
    };
    let partner = crate::service::partners::record(&mut *store::read(&ctx.pool).await?, &issuer_id).await?;
    // The SIREN names the file: the issuer's own (its legal identity), else the one a French VAT ID
    // holds.
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let siren = partner
        .siren
        .as_deref()
        .map(digits)
        .filter(|s| s.len() == 9)
        .or_else(|| partner.vat_id.as_deref().filter(|v| v.starts_with("FR")).map(|v| digits(&v[4.min(v.len())..])))
        .filter(|s| s.len() == 9)
        .ok_or_else(|| {
            CoreError::validation(
                format!("{} has no SIREN: the FEC file is named after it", partner.name),
                format!("{} n'a pas de SIREN : le fichier FEC porte son nom", partner.name),
            )
        })?;

    let mut docs = Vec::new();
    for summary in invoices::list(ctx, None, None).await? {
        let issued = match summary.issued_on {
            Some(d) if summary.status != InvoiceStatus::Draft && summary.issuer_id == partner.id => d,
            _ => continue,
        };
        let paid_in_period = summary.paid_on.filter(|p| (from..=to).contains(p));
        if !(from..=to).contains(&issued) && paid_in_period.is_none() {
            continue;
        }
        let inv = invoices::show(ctx, &summary.id).await?;
        let per_euro = match (inv.exchange_from.as_deref(), inv.exchange_rate) {
            (Some(fec::BOOK_CURRENCY), Some(rate)) => Some(rate),
            _ => None,
        };
        docs.push((
            (from..=to).contains(&issued),
            fec::Document {
                number: inv.number.clone().unwrap_or_else(|| inv.id.clone()),
                credit_note: inv.kind == InvoiceKind::CreditNote,
                issued_on: issued,
                paid_on: paid_in_period,
                recipient_id: inv.customer_id.clone().or(inv.reseller_id.clone()).unwrap_or_default(),
                recipient_name: inv.recipient_name.clone(),
                currency: inv.currency.clone(),
                per_euro,
                subtotal: inv.subtotal,
                taxes: inv.taxes.iter().map(|t| (t.rate, t.amount)).collect(),
            },
        ));
    }
    // A payment of an invoice issued before the period still needs the sales figures to state
    // its amount; only its payment entry is kept.
    let lines = fec::journal(&docs.iter().map(|(_, d)| d.clone()).collect::<Vec<_>>())?;
    let issued_in_period: std::collections::BTreeSet<&str> =
        docs.iter().filter(|(inside, _)| *inside).map(|(_, d)| d.number.as_str()).collect();
    let kept: Vec<fec::Line> =
        lines.into_iter().filter(|l| l.journal != "VE" || issued_in_period.contains(l.piece.as_str())).collect();
    let kept = renumber(kept);
    let entries = {
        let mut seen = std::collections::BTreeSet::new();
        kept.iter().filter(|l| seen.insert((l.journal, l.entry))).count()
    };
    let path: PathBuf = if out.is_dir() { out.join(fec::file_name(&siren, to)) } else { out.to_path_buf() };
    write_new(&path, fec::render(&kept).as_bytes())?;
    Ok(FecExport { entries: u32::try_from(entries).unwrap_or(u32::MAX), path: path.display().to_string() })
}

/// Entry numbers run without gaps per journal once entries outside the period are left out.
fn renumber(lines: Vec<fec::Line>) -> Vec<fec::Line> {
    let mut last: std::collections::BTreeMap<&'static str, (u32, u32)> = std::collections::BTreeMap::new();
    lines
        .into_iter()
        .map(|mut l| {
            let (old, new) = last.entry(l.journal).or_insert((0, 0));
            if l.entry != *old {
                *old = l.entry;
                *new += 1;
            }
            l.entry = *new;
            l
        })
        .collect()
}

/// Writes a new file whole: a temporary file beside it, then a rename that refuses to replace.
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let io = |e: std::io::Error| {
        CoreError::validation(
            format!("cannot write {}: {e}", path.display()),
            format!("impossible d'écrire {} : {e}", path.display()),
        )
    };
    if path.exists() {
        return Err(CoreError::conflict(
            format!("{} already exists: it is not overwritten", path.display()),
            format!("{} existe déjà : il n'est pas remplacé", path.display()),
        ));
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io)?;
    let tmp = dir.join(format!(".{}.tmp", uuid::Uuid::new_v4()));
    std::fs::write(&tmp, bytes).map_err(io)?;
    // A hard link fails if the target appeared meanwhile: no other file is ever replaced.
    let linked = std::fs::hard_link(&tmp, path);
    let _ = std::fs::remove_file(&tmp);
    linked.map_err(io)
}
