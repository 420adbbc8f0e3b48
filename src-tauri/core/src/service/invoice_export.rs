//! Exporting invoices and credit notes as files: Factur-X (PDF/A-3 with its EN 16931 XML) or plain
//! PDF, each written whole and never over another document's file, rendered on every core.

use crate::files::{self, Existing};
use crate::service::invoices::{document, list, record};
use crate::store;
use crate::{CoreError, Ctx, Result};

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
    let office = store::settings::load(&mut *store::read(&ctx.pool).await?).await?.office_partner_id;
    // Every target is checked before the first is written: a batch that would overwrite another
    // document's file (or give two documents one name) writes nothing.
    let mut planned: Vec<(String, std::path::PathBuf)> = Vec::with_capacity(targets.len());
    let mut names = std::collections::HashSet::new();
    for id in &targets {
        let stored = record(&mut *store::read(&ctx.pool).await?, id).await?;
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
