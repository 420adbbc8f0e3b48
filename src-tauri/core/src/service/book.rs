//! The book as a record: `book verify` (the seal chain, gapless numbers, the database's protections),
//! `book backup`, `book restore`, and the automatic copies taken before risky writes.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::book::{self, Finding, Numbered};
use crate::store;
use crate::{CoreError, Ctx, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct VerifyResult {
    pub ok: bool,
    /// Issued, paid and voided invoices and credit notes, all sealed.
    #[ts(type = "number")]
    pub issued_documents: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupResult {
    pub path: String,
    #[ts(type = "number")]
    pub bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RestoreResult {
    pub restored: bool,
    /// The copy of the book as it was before the restore.
    pub backup: String,
}

/// Recomputes the seal chain and each issued document's seal, checks the numbering and the triggers:
/// `{ok: true}` or `INTEGRITY` naming each document that fails.
pub async fn verify(ctx: &Ctx) -> Result<VerifyResult> {
    let expected = store::integrity::migrations_triggers().await?;
    // One read transaction: a snapshot, so a write committed meanwhile cannot look like a fault.
    let mut tx = ctx.pool.begin().await?;
    let (findings, documents) = findings(&mut tx, &expected).await?;
    tx.commit().await?;
    if !findings.is_empty() {
        tracing::warn!(problems = findings.len(), "book verification failed");
        return Err(book::integrity_error(&findings));
    }
    Ok(VerifyResult { ok: true, issued_documents: documents })
}

async fn findings(conn: &mut store::Conn, expected: &BTreeMap<String, String>) -> Result<(Vec<Finding>, u64)> {
    let mut out = Vec::new();
    let docs = store::invoices::issued_documents(conn).await?;
    // A document is named by its number and its ID (the number itself may be what was edited).
    let name: HashMap<&str, &str> = docs.iter().map(|d| (d.id.as_str(), d.number.as_deref().unwrap_or("-"))).collect();
    let named = |id: &str| match name.get(id) {
        Some(number) => format!("{number} ({id})"),
        None => format!("({id})"),
    };

    // The chain: each link follows from the previous one; the last seal of each document is its state.
    let chain = store::seal::chain(conn).await?;
    let mut prev = store::seal::GENESIS.to_string();
    let mut expected_seq = 1;
    let mut latest: HashMap<String, String> = HashMap::new();
    for s in &chain {
        let link = store::seal::link_hash(&prev, s.seq, &s.invoice_id, &s.event, &s.record_hash);
        if s.seq != expected_seq || s.hash != link {
            out.push(Finding::ChainBroken { seq: s.seq, document: named(&s.invoice_id) });
        }
        expected_seq = s.seq.saturating_add(1);
        prev = s.hash.clone();
        latest.insert(s.invoice_id.clone(), s.record_hash.clone());
    }
    let reader = store::seal::RecordReader::new(conn).await?;
    for d in &docs {
        match latest.get(&d.id) {
            None => out.push(Finding::Unsealed { document: named(&d.id) }),
            Some(sealed) => {
                if *sealed != reader.hash(conn, &d.id).await? {
                    out.push(Finding::RecordChanged { document: named(&d.id) });
                }
            }
        }
    }
    let mut gone: Vec<&String> = latest.keys().filter(|id| !name.contains_key(id.as_str())).collect();
    gone.sort();
    out.extend(gone.into_iter().map(|id| Finding::SealedDocumentMissing { document: named(id) }));

    // Closed months: their sealed figures, as closed.
    for c in store::month_end::closings(conn).await? {
        if store::month_end::hash_of(&c.figures) != c.hash {
            out.push(Finding::ClosedMonthChanged { issuer: c.issuer_id, month: c.month });
        }
    }

    // Numbering.
    let numbered: Vec<Numbered> = docs
        .iter()
        .map(|d| Numbered {
            issuer_id: d.issuer_id.clone(),
            series: d.series.clone(),
            year: d.number_year.unwrap_or(0),
            seq: d.number_seq.unwrap_or(0),
            number: d.number.clone().unwrap_or_default(),
        })
        .collect();
    out.extend(book::check_numbering(&numbered, &store::invoice_numbers::counters(conn).await?));

    // Protections: the migrations' triggers, word for word, and no other.
    let actual = store::integrity::triggers(conn).await?;
    for (trigger, sql) in expected {
        match actual.get(trigger) {
            None => out.push(Finding::Protection { trigger: trigger.clone(), state: book::MISSING }),
            Some(s) if s != sql => out.push(Finding::Protection { trigger: trigger.clone(), state: book::ALTERED }),
            Some(_) => {}
        }
    }
    for trigger in actual.keys().filter(|t| !expected.contains_key(*t)) {
        out.push(Finding::Protection { trigger: trigger.clone(), state: book::UNKNOWN });
    }

    // References to partners, customers or documents that are gone.
    for (table, row, parent) in store::integrity::dangling_references(conn).await? {
        out.push(Finding::DanglingReference { table, row, parent });
    }
    Ok((out, u64::try_from(docs.len()).unwrap_or(u64::MAX)))
}

/// `book backup --out FILE`: a consistent copy while the book is in use; never overwrites FILE.
pub async fn backup(ctx: &Ctx, out: &Path) -> Result<BackupResult> {
    let bytes = store::backup::write(ctx.db_path(), out).await?;
    tracing::info!(path = %out.display(), bytes, "book backed up");
    Ok(BackupResult { path: out.display().to_string(), bytes })
}

/// The automatic copy before a billing run or a batch issue (the last few are kept next to the book).
pub async fn auto_backup(ctx: &Ctx, reason: &str) -> Result<PathBuf> {
    auto_backup_then(ctx, reason, || {}).await
}

/// [`auto_backup`], calling `snapshot` once the copy holds the book (before it reaches the disk).
pub async fn auto_backup_then(ctx: &Ctx, reason: &str, snapshot: impl FnOnce() + Send + 'static) -> Result<PathBuf> {
    let path = store::backup::automatic_then(ctx.db_path(), reason, snapshot).await?;
    tracing::info!(path = %path.display(), reason, "automatic backup");
    Ok(path)
}

/// `book restore FILE`: the copy must open, pass `quick_check`, be no newer than this program and pass
/// `book verify`; then the current book is backed up and replaced. `current` is the open book, if it
/// opens (a damaged book is copied as it is); its pool is closed, and the caller opens the book again.
pub async fn restore(current: Option<&Ctx>, book_path: &Path, file: &Path) -> Result<RestoreResult> {
    if !file.is_file() {
        return Err(CoreError::not_found(
            format!("{} is not a file", file.display()),
            format!("{} n'est pas un fichier", file.display()),
        ));
    }
    let dir = book_path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
    std::fs::create_dir_all(&dir)?;
    // The candidate is checked as a copy beside the book: the chosen file is never written to, and
    // the final rename stays on one file system.
    let candidate = dir.join(format!(".restore-{}.sqlite3", std::process::id()));
    store::db::remove(&candidate)?;
    std::fs::copy(file, &candidate)?;
    let checked = async {
        let copy = Ctx::open(&candidate).await?;
        let verified = verify(&copy).await;
        copy.pool.close().await;
        verified
    }
    .await;
    if let Err(e) = checked {
        store::db::remove(&candidate)?;
        return Err(e);
    }
    let backup = match current {
        Some(ctx) => {
            let backup = auto_backup(ctx, "restore").await?;
            ctx.pool.close().await;
            Some(backup)
        }
        None if book_path.exists() => Some(store::backup::automatic_raw(book_path, "restore")?),
        None => None,
    };
    // The closed pool checkpointed its WAL; companions left by a crash belong to the old file and
    // must not be replayed onto the restored one.
    for suffix in ["-wal", "-shm"] {
        let mut p = book_path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
    std::fs::rename(&candidate, book_path)?;
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    let backup = backup.map(|b| b.display().to_string()).unwrap_or_default();
    tracing::info!(from = %file.display(), backup = %backup, "book restored");
    Ok(RestoreResult { restored: true, backup })
}
