//! The book as a record, through `cspctl` and an outside SQLite client (`sqlite3`): backup, restore
//! and verify; a tamper corpus that the database refuses, and that `book verify` finds once the
//! triggers are dropped; kill -9 at random moments of a billing run, a batch issue and a backup.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use csp_acceptance::Book;

/// `sqlite3 DB SQL`, as anyone with the file could run it: (exit code, stdout, stderr).
fn sqlite(db: &Path, sql: &str) -> (i32, String, String) {
    let out = Command::new("sqlite3").arg(db).arg(sql).output().expect("sqlite3 is installed (make deps)");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).trim().to_string(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn one(db: &Path, sql: &str) -> String {
    let (code, out, err) = sqlite(db, sql);
    assert_eq!(code, 0, "{sql}: {err}");
    out
}

/// The SQL that writes the statements dropping every trigger of a book.
const DROP_ALL_TRIGGERS: &str =
    "SELECT group_concat('DROP TRIGGER \"' || name || '\";', ' ') FROM sqlite_master WHERE type = 'trigger'";

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Copies a closed book to `to`: its file and, when one was left beside it, its WAL (committed pages
/// the file may not hold yet; SQLite replays them on open). The shared-memory index is rebuilt.
fn copy(from: &Path, to: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", to.display()));
    }
    std::fs::copy(from, to).unwrap();
    let wal = PathBuf::from(format!("{}-wal", from.display()));
    // A log removed meanwhile (its book closed) held nothing the book lacks.
    match std::fs::copy(&wal, format!("{}-wal", to.display())) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => panic!("copy {}: {e}", wal.display()),
        _ => {}
    }
}

/// Runs cspctl on another file of the same folder.
fn cspctl(db: &Path, args: &[&str]) -> csp_acceptance::Outcome {
    let out = Command::new(csp_acceptance::target_debug().join("cspctl"))
        .arg("--db")
        .arg(db)
        .arg("--json")
        .args(args)
        .env_remove("CSPDESK_DB")
        .output()
        .expect("run cspctl");
    csp_acceptance::Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The demo book, with one of its issued invoices credited: issued, paid, voided documents and a
/// credit note.
fn demo_with_credit_note() -> Book {
    let book = Book::new();
    book.ok(&["demo", "seed"]);
    let invoice =
        one(&book.db, "SELECT id FROM invoices WHERE status = 'issued' AND kind = 'invoice' ORDER BY number LIMIT 1");
    let issued_on = one(&book.db, &format!("SELECT issued_on FROM invoices WHERE id = '{invoice}'"));
    book.ok(&["invoice", "credit", &invoice, "--on", &issued_on]);
    book
}

#[test]
fn backup_restore_and_verify_a_book_in_use() {
    let book = demo_with_credit_note();
    let verified = book.ok(&["book", "verify"]);
    assert_eq!(verified["ok"], true);
    let issued = one(&book.db, "SELECT COUNT(*) FROM invoices WHERE status <> 'draft'");
    assert_eq!(verified["issued_documents"].to_string(), issued);

    // A backup is a whole book; it never overwrites a file.
    let copy_path = book.dir.path().join("copy.sqlite3");
    let backup = book.ok(&["book", "backup", "--out", copy_path.to_str().unwrap()]);
    assert_eq!(backup["path"], copy_path.to_str().unwrap());
    assert_eq!(backup["bytes"].as_u64(), Some(std::fs::metadata(&copy_path).unwrap().len()));
    let before = bytes(&copy_path);
    assert_eq!(book.run(&["book", "backup", "--out", copy_path.to_str().unwrap()]).error_code(), "CONFLICT");
    assert_eq!(bytes(&copy_path), before, "an existing file is left as it was");

    // Pay an invoice after the backup; restoring the backup brings the book back to before it.
    let unpaid = one(&book.db, "SELECT id FROM invoices WHERE status = 'issued' AND kind = 'invoice' LIMIT 1");
    let issued_on = one(&book.db, &format!("SELECT issued_on FROM invoices WHERE id = '{unpaid}'"));
    book.ok(&["invoice", "pay", &unpaid, "--on", &issued_on]);
    let restored = book.ok(&["book", "restore", copy_path.to_str().unwrap()]);
    assert_eq!(restored["restored"], true);
    let safety = PathBuf::from(restored["backup"].as_str().unwrap());
    assert!(safety.exists(), "the book as it was before the restore is kept: {safety:?}");
    assert_eq!(one(&book.db, &format!("SELECT status FROM invoices WHERE id = '{unpaid}'")), "issued");
    assert_eq!(bytes(&copy_path), before, "the restored file itself is not written to");
    // The copy of the replaced book still has the payment: nothing is lost by a restore.
    assert_eq!(one(&safety, &format!("SELECT status FROM invoices WHERE id = '{unpaid}'")), "paid");
    assert_eq!(book.ok(&["book", "verify"])["ok"], true);

    // Refused copies leave the book as it is: damaged, tampered, newer, missing.
    let book_bytes = bytes(&book.db);
    let damaged = book.dir.path().join("damaged.sqlite3");
    let mut b = before.clone();
    for x in b.iter_mut().skip(4096).take(8192) {
        *x = 0x5a;
    }
    std::fs::write(&damaged, b).unwrap();
    let o = book.run(&["book", "restore", damaged.to_str().unwrap()]);
    assert_eq!(o.code, 1, "{o:?}");
    let tampered = book.dir.path().join("tampered.sqlite3");
    copy(&copy_path, &tampered);
    let drop_all = one(&tampered, DROP_ALL_TRIGGERS);
    one(&tampered, &format!("{drop_all} UPDATE invoice_lines SET quantity = '1000' WHERE invoice_id = (SELECT id FROM invoices WHERE status = 'paid' LIMIT 1)"));
    let o = book.run(&["book", "restore", tampered.to_str().unwrap()]);
    assert_eq!(o.error_code(), "INTEGRITY");
    assert!(o.json()["error"]["message"].as_str().unwrap().contains("no longer match its seal"), "{o:?}");
    let newer = book.dir.path().join("newer.sqlite3");
    copy(&copy_path, &newer);
    one(&newer, "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (9999, 'future', 1, x'00', 0)");
    assert_eq!(book.run(&["book", "restore", newer.to_str().unwrap()]).error_code(), "SCHEMA_TOO_NEW");
    assert_eq!(book.run(&["book", "restore", "/nonexistent/book.sqlite3"]).error_code(), "NOT_FOUND");
    assert_eq!(bytes(&book.db), book_bytes, "a refused restore changes nothing");

    // A damaged book is refused at open, and a good copy can still replace it.
    std::fs::write(&book.db, {
        let mut b = book_bytes.clone();
        for x in b.iter_mut().skip(4096).take(8192) {
            *x = 0xa5;
        }
        b
    })
    .unwrap();
    assert_eq!(book.run(&["book", "verify"]).code, 1);
    let restored = book.ok(&["book", "restore", copy_path.to_str().unwrap()]);
    assert!(restored["backup"].as_str().unwrap().ends_with("-unopened.sqlite3"), "{restored}");
    assert_eq!(book.ok(&["book", "verify"])["ok"], true);
}

#[test]
fn automatic_backups_before_billing_runs_and_batch_issues_keep_the_last_ten() {
    let book = Book::new();
    book.ok(&["demo", "seed"]);
    let dir = book.dir.path().join("backups");
    for _ in 0..6 {
        book.ok(&["billing", "run", "--month", "2026-02"]);
    }
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".sqlite3"))
        .collect();
    assert_eq!(names.len(), 10, "{names:?}");
    assert!(names.iter().any(|n| n.contains("-billing-run")), "{names:?}");
    for n in &names {
        assert!(n.starts_with("book-20"), "named with their date: {n}");
        let o = cspctl(&dir.join(n), &["book", "verify"]);
        assert_eq!(o.code, 0, "{n} opens and verifies: {o:?}");
    }
}

/// One tampering: SQL on the ids of the demo book, and what `book verify` must name once the
/// triggers are gone.
struct Case {
    what: &'static str,
    sql: String,
    names: String,
}

#[test]
fn tamper_corpus_is_refused_by_the_database_or_found_by_verify() {
    let book = demo_with_credit_note();
    let db = &book.db;
    let q = |sql: &str| one(db, sql);
    let issued = q("SELECT id FROM invoices WHERE status = 'issued' AND kind = 'invoice' AND customer_id IS NOT NULL ORDER BY number LIMIT 1");
    let paid = q("SELECT id FROM invoices WHERE status = 'paid' ORDER BY number LIMIT 1");
    let voided = q("SELECT id FROM invoices WHERE status = 'voided' LIMIT 1");
    let cn = q("SELECT id FROM invoices WHERE kind = 'credit_note' LIMIT 1");
    let draft = q("SELECT id FROM invoices WHERE status = 'draft' LIMIT 1");
    let issued_line = q(&format!("SELECT id FROM invoice_lines WHERE invoice_id = '{issued}' LIMIT 1"));
    let paid_line = q(&format!("SELECT id FROM invoice_lines WHERE invoice_id = '{paid}' LIMIT 1"));
    let draft_line = q(&format!("SELECT id FROM invoice_lines WHERE invoice_id = '{draft}' LIMIT 1"));
    let paid_rate = q(&format!("SELECT rate FROM invoice_taxes WHERE invoice_id = '{paid}' LIMIT 1"));
    let draft_rate = q(&format!("SELECT rate FROM invoice_taxes WHERE invoice_id = '{draft}' LIMIT 1"));
    let paid_event = q(&format!("SELECT id FROM invoice_events WHERE invoice_id = '{paid}' AND event = 'paid'"));
    let issued_event = q(&format!("SELECT id FROM invoice_events WHERE invoice_id = '{issued}' AND event = 'issued'"));
    let issuer = q(&format!("SELECT issuer_id FROM invoices WHERE id = '{paid}'"));
    let customer = q("SELECT customer_id FROM invoices WHERE customer_id IS NOT NULL AND status <> 'draft' LIMIT 1");
    // Another customer than the issued invoice's own: the edit must change something.
    let other_customer = q(&format!(
        "SELECT id FROM customers WHERE id NOT IN ('{customer}', (SELECT customer_id FROM invoices WHERE id = '{issued}')) LIMIT 1"
    ));
    let year = q(&format!("SELECT number_year FROM invoices WHERE id = '{paid}'"));
    let paid_seal = q(&format!("SELECT seq FROM seals WHERE invoice_id = '{paid}' ORDER BY seq LIMIT 1"));
    let numbers = format!("numbers INV {year} of issuer {issuer}");
    let c = |what: &'static str, sql: String, names: &str| Case { what, sql, names: names.to_string() };
    // Each edit writes a value no document of the demo holds, so it always changes something.
    let cases = vec![
        // invoices
        c("amount of an issued invoice", format!("UPDATE invoices SET total = '98765.43' WHERE id = '{issued}'"), &issued),
        c("amounts of a paid invoice", format!("UPDATE invoices SET subtotal = '1.00', tax = '0.20', total = '1.20' WHERE id = '{paid}'"), &paid),
        c("number of an issued invoice", format!("UPDATE invoices SET number = 'INV-2099-000001' WHERE id = '{issued}'"), &issued),
        c("position in the series", format!("UPDATE invoices SET number_seq = number_seq + 100 WHERE id = '{issued}'"), &issued),
        c("customer of an issued invoice", format!("UPDATE invoices SET customer_id = '{other_customer}' WHERE id = '{issued}'"), &issued),
        c("issue date (backdating)", format!("UPDATE invoices SET issued_on = '2020-01-01' WHERE id = '{issued}'"), &issued),
        c("due date", format!("UPDATE invoices SET due_on = '2099-01-01' WHERE id = '{paid}'"), &paid),
        c("payment date", format!("UPDATE invoices SET paid_on = '2099-01-01' WHERE id = '{paid}'"), &paid),
        c("unpaying a paid invoice", format!("UPDATE invoices SET status = 'issued', paid_on = NULL WHERE id = '{paid}'"), &paid),
        c("back to draft", format!("UPDATE invoices SET status = 'draft', number = NULL WHERE id = '{issued}'"), &issued),
        c("voided without a credit note", format!("UPDATE invoices SET status = 'voided', voided_on = '2026-02-01' WHERE id = '{issued}'"), &issued),
        c("payment date without payment", format!("UPDATE invoices SET paid_on = '2026-02-01' WHERE id = '{issued}'"), &issued),
        c("un-voiding", format!("UPDATE invoices SET status = 'issued', voided_on = NULL WHERE id = '{voided}'"), &voided),
        c("void date", format!("UPDATE invoices SET voided_on = '2099-01-01' WHERE id = '{voided}'"), &voided),
        c("key of an issued invoice", format!("UPDATE invoices SET id = 'forged' WHERE id = '{issued}'"), &issued),
        c("creation time", format!("UPDATE invoices SET created_at = '2000-01-01T00:00:00Z' WHERE id = '{paid}'"), &paid),
        c("tax mention", format!("UPDATE invoices SET tax_mention = tax_mention || ' edited' WHERE id = '{paid}'"), &paid),
        c("exchange rate", format!("UPDATE invoices SET exchange_rate = '2' WHERE id = '{paid}'"), &paid),
        c("kind", format!("UPDATE invoices SET kind = 'credit_note' WHERE id = '{issued}'"), &issued),
        c("credited invoice of a credit note", format!("UPDATE invoices SET credits_invoice_id = '{paid}' WHERE id = '{cn}'"), &cn),
        c("amount of a credit note", format!("UPDATE invoices SET total = '98765.43' WHERE id = '{cn}'"), &cn),
        c("deleting an issued invoice", format!("DELETE FROM invoices WHERE id = '{issued}'"), &issued),
        c("deleting a credit note", format!("DELETE FROM invoices WHERE id = '{cn}'"), &cn),
        c(
            "inserting an invoice already issued",
            format!(
                "INSERT INTO invoices (id, kind, status, issuer_id, customer_id, reseller_id, month, currency, series, number, number_year, number_seq, issued_on, subtotal, tax, total, tax_mention) \
                 SELECT 'forged-issued', kind, 'issued', issuer_id, customer_id, reseller_id, month, currency, series, 'INV-{year}-999999', number_year, 999999, issued_on, subtotal, tax, total, tax_mention FROM invoices WHERE id = '{paid}'"
            ),
            "forged-issued",
        ),
        // lines
        c("quantity of a line", format!("UPDATE invoice_lines SET quantity = '1000' WHERE id = {issued_line}"), &issued),
        c("price of a line", format!("UPDATE invoice_lines SET unit_price = '98765.43' WHERE id = {paid_line}"), &paid),
        c("amount of a line", format!("UPDATE invoice_lines SET amount = '98765.43' WHERE id = {paid_line}"), &paid),
        c("description of a line", format!("UPDATE invoice_lines SET meter_name = 'Something else' WHERE id = {paid_line}"), &paid),
        c("deleting a line", format!("DELETE FROM invoice_lines WHERE id = {paid_line}"), &paid),
        c(
            "inserting a line",
            format!("INSERT INTO invoice_lines (invoice_id, position, subscription_id, meter_id, meter_name, meter_category, unit, quantity, unit_price, markup_percent, tax_rate, amount) \
                     VALUES ('{paid}', 99, 's', 'm', 'm', 'c', 'u', '1', '1', '0', '0', '1.00')"),
            &paid,
        ),
        c("moving a draft's line into an issued invoice", format!("UPDATE invoice_lines SET invoice_id = '{issued}' WHERE id = {draft_line}"), &issued),
        c("moving an issued invoice's line out", format!("UPDATE invoice_lines SET invoice_id = '{draft}' WHERE id = {issued_line}"), &issued),
        // taxes
        c("tax amount", format!("UPDATE invoice_taxes SET amount = '98765.43' WHERE invoice_id = '{paid}' AND rate = '{paid_rate}'"), &paid),
        c("deleting a tax row", format!("DELETE FROM invoice_taxes WHERE invoice_id = '{paid}'"), &paid),
        c("inserting a tax row", format!("INSERT INTO invoice_taxes (invoice_id, rate, base, amount) VALUES ('{paid}', '0.99', '1', '1')"), &paid),
        c("moving a draft's tax row into an issued invoice", format!("UPDATE invoice_taxes SET invoice_id = '{issued}', rate = '0.77' WHERE invoice_id = '{draft}' AND rate = '{draft_rate}'"), &issued),
        // history
        c("editing the history", format!("UPDATE invoice_events SET detail = 'edited' WHERE id = {paid_event}"), &paid),
        c("redating the history", format!("UPDATE invoice_events SET on_date = '2000-01-01' WHERE id = {issued_event}"), &issued),
        c("deleting the payment from the history", format!("DELETE FROM invoice_events WHERE id = {paid_event}"), &paid),
        c("deleting the whole history", format!("DELETE FROM invoice_events WHERE invoice_id = '{issued}'"), &issued),
        c("a payment in the history only", format!("INSERT INTO invoice_events (invoice_id, on_date, event) VALUES ('{issued}', '2026-02-01', 'paid')"), &issued),
        c("a second issue in the history", format!("INSERT INTO invoice_events (invoice_id, on_date, event, detail) VALUES ('{paid}', '2026-02-01', 'issued', 'again')"), &paid),
        // numbering
        c("counter going backwards", format!("UPDATE invoice_numbers SET last_seq = last_seq - 1 WHERE issuer_id = '{issuer}' AND series = 'INV' AND year = {year}"), &numbers),
        c("counter jumping ahead", format!("UPDATE invoice_numbers SET last_seq = last_seq + 5 WHERE issuer_id = '{issuer}' AND series = 'INV' AND year = {year}"), &numbers),
        c("deleting a counter", format!("DELETE FROM invoice_numbers WHERE issuer_id = '{issuer}' AND series = 'INV' AND year = {year}"), &numbers),
        // seals
        c("editing a seal", format!("UPDATE seals SET record_hash = '00' WHERE seq = {paid_seal}"), "does not follow the chain"),
        c("deleting a seal", format!("DELETE FROM seals WHERE seq = {paid_seal}"), "does not follow the chain"),
        c("inserting a seal for a draft", format!("INSERT INTO seals (seq, invoice_id, event, record_hash, hash) SELECT MAX(seq) + 1, '{draft}', 'issued', 'x', 'y' FROM seals"), "does not follow the chain"),
        // the parties documents name
        c("deleting the issuer", format!("DELETE FROM partners WHERE id = '{issuer}'"), "names partners"),
        c("deleting a billed customer", format!("DELETE FROM customers WHERE id = '{customer}'"), "names customers"),
        c("renaming an issuer's key", format!("UPDATE partners SET id = 'forged' WHERE id = '{issuer}'"), "names partners"),
    ];

    let work = book.dir.path().join("tamper.sqlite3");
    let drop_all = q(DROP_ALL_TRIGGERS);
    let base = bytes(db);
    let (mut refused, mut found) = (0, 0);
    let mut failures = Vec::new();
    for case in &cases {
        // 1. With the book's protections: refused, and the file is byte-identical.
        copy(db, &work);
        let (code, _, err) = sqlite(&work, &format!("{}; SELECT changes();", case.sql));
        let wal = std::fs::metadata(format!("{}-wal", work.display())).map(|m| m.len()).unwrap_or(0);
        if code != 0 && bytes(&work) == base && wal == 0 {
            refused += 1;
        } else {
            failures.push(format!("{}: not refused (exit {code}, wal {wal} bytes) {err}", case.what));
        }
        // 2. With every trigger dropped: the edit goes through, and `book verify` names the document.
        copy(db, &work);
        let (code, changed, err) = sqlite(&work, &format!("{drop_all} {}; SELECT changes();", case.sql));
        assert!(code == 0 && changed != "0", "{}: the edit applies without triggers ({changed}): {err}", case.what);
        let o = cspctl(&work, &["book", "verify"]);
        let message = o.json()["error"]["message"].as_str().unwrap_or_default().to_string();
        if o.code == 1 && o.json()["error"]["code"] == "INTEGRITY" && message.contains(&case.names) {
            found += 1;
        } else {
            failures.push(format!("{}: verify did not name {} ({message})", case.what, case.names));
        }
    }
    println!(
        "tamper corpus: {} cases tried; {refused} refused by the database with the file byte-identical; \
         {found} found by book verify with every trigger dropped",
        cases.len()
    );
    for case in &cases {
        println!("  {}", case.what);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(bytes(db), base, "the original book was never written to");
}

/// splitmix64: a small seeded generator, so a failing round can be replayed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) % n
    }
}

const ROUNDS: usize = 50;

/// A book with `n` customers' usage for October 2026 (adopted from a usage file), closed.
fn usage_book(n: usize) -> Book {
    let book = Book::new();
    book.direct_partner("Contoso Cloud SAS");
    let mut text = String::from(
        "CustomerId,CustomerName,CustomerDomainName,CustomerCountry,SubscriptionId,EntitlementDescription,UsageDate,MeterId,\
         MeterName,MeterCategory,Unit,Quantity,UnitPrice,PricingCurrency,BillingCurrency,PCToBCExchangeRate,\
         PartnerEarnedCreditPercentage,CreditType,Tags\r\n",
    );
    for i in 0..n {
        for (date, meter, qty) in [("10/01/2026", "vm", "10"), ("10/02/2026", "st", "3.5")] {
            text.push_str(&format!(
                "aaaaaaaa-0000-4000-8000-{i:012},Customer {i:03},customer-{i:03}.onmicrosoft.com,FR,bbbbbbbb-0000-4000-8000-{i:012},\
                 Azure plan {i},{date},{meter},Meter {meter},Compute,1 Hour,{qty},0.096,EUR,EUR,1,0,Credit Not Applied,\r\n"
            ));
        }
    }
    let file = book.dir.path().join("usage.csv");
    std::fs::write(&file, text).unwrap();
    book.ok(&["usage", "import", file.to_str().unwrap(), "--adopt"]);
    // Adopted customers come without a billing address, which a French invoice must show.
    book.address_every_customer();
    book
}

/// How long `args` takes on a copy of `db` run to its end, in milliseconds: the kills are drawn
/// within that time, so they land while the work runs however fast or loaded the machine is.
fn duration_of(db: &Path, args: &[&str]) -> u64 {
    let probe = db.with_extension("probe.sqlite3");
    copy(db, &probe);
    let started = std::time::Instant::now();
    let o = cspctl(&probe, args);
    assert_eq!(o.code, 0, "{args:?}: {o:?}");
    u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX).max(20)
}

/// Starts cspctl on `db`, kills it (SIGKILL) after a random delay below `max_ms`; true if it was
/// still running.
fn kill_during(db: &Path, args: &[&str], rng: &mut Rng, max_ms: u64) -> bool {
    let mut child = Command::new(csp_acceptance::target_debug().join("cspctl"))
        .arg("--db")
        .arg(db)
        .arg("--json")
        .args(args)
        .env_remove("CSPDESK_DB")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(rng.below(max_ms)));
    let running = child.try_wait().unwrap().is_none();
    child.kill().ok();
    child.wait().unwrap();
    running
}

/// After a kill: the book opens, `book verify` passes (seals, gapless numbers, protections), and no
/// document is half-issued.
fn assert_whole(db: &Path, round: usize, what: &str) {
    let o = cspctl(db, &["book", "verify"]);
    assert_eq!(o.code, 0, "{what}, round {round}: {o:?}");
    let half = one(
        db,
        "SELECT COUNT(*) FROM invoices WHERE (status = 'draft') <> (number IS NULL) \
         OR (status <> 'draft' AND NOT EXISTS (SELECT 1 FROM seals s WHERE s.invoice_id = invoices.id))",
    );
    assert_eq!(half, "0", "{what}, round {round}: half-issued documents");
}

#[test]
fn kill_9_during_a_billing_run() {
    let book = usage_book(40);
    let work = book.dir.path().join("work.sqlite3");
    let mut rng = Rng(0x5eed_0001);
    let mut interrupted = 0;
    let run = ["billing", "run", "--month", "2026-10"];
    let window = duration_of(&book.db, &run) * 5 / 4;
    for round in 0..ROUNDS {
        copy(&book.db, &work);
        if kill_during(&work, &run, &mut rng, window) {
            interrupted += 1;
        }
        assert_whole(&work, round, "billing run");
    }
    println!("kill -9 during a billing run: {ROUNDS} rounds, {interrupted} killed while running");
    assert!(interrupted > ROUNDS / 4, "the kills land while the run is running ({interrupted})");
}

#[test]
fn kill_9_during_a_batch_issue() {
    let book = usage_book(40);
    book.ok(&["billing", "run", "--month", "2026-10"]);
    let work = book.dir.path().join("work.sqlite3");
    let mut rng = Rng(0x5eed_0002);
    let (mut interrupted, mut partial) = (0, 0);
    let args = ["invoice", "issue", "--all", "--month", "2026-10", "--on", "2026-11-02"];
    let window = duration_of(&book.db, &args) * 5 / 4;
    for round in 0..ROUNDS {
        copy(&book.db, &work);
        if kill_during(&work, &args, &mut rng, window) {
            interrupted += 1;
        }
        assert_whole(&work, round, "batch issue");
        let issued: usize = one(&work, "SELECT COUNT(*) FROM invoices WHERE status <> 'draft'").parse().unwrap();
        if issued > 0 && issued < 40 {
            partial += 1;
        }
    }
    println!(
        "kill -9 during a batch issue: {ROUNDS} rounds, {interrupted} killed while running, {partial} left part-issued"
    );
    assert!(interrupted > ROUNDS / 4, "the kills land while the batch is running ({interrupted})");
    assert_eq!(partial, 0, "a batch issue is all or nothing");
}

#[test]
fn kill_9_during_a_backup() {
    let book = usage_book(40);
    book.ok(&["billing", "run", "--month", "2026-10"]);
    book.ok(&["invoice", "issue", "--all", "--month", "2026-10", "--on", "2026-11-02"]);
    let mut rng = Rng(0x5eed_0003);
    let (mut interrupted, mut written) = (0, 0);
    let probe_out = book.dir.path().join("probe-backup.sqlite3");
    // Twice the copy's time: about half the kills land during it, half after it.
    let window = 2 * duration_of(&book.db, &["book", "backup", "--out", probe_out.to_str().unwrap()]);
    for round in 0..ROUNDS {
        let out = book.dir.path().join(format!("backup-{round}.sqlite3"));
        if kill_during(&book.db, &["book", "backup", "--out", out.to_str().unwrap()], &mut rng, window) {
            interrupted += 1;
        }
        assert_whole(&book.db, round, "backup (the book)");
        if out.exists() {
            written += 1;
            assert_whole(&out, round, "backup (the copy)");
            std::fs::remove_file(&out).unwrap();
        }
    }
    println!("kill -9 during a backup: {ROUNDS} rounds, {interrupted} killed while running, {written} copies written and opened");
    assert!(interrupted > 0 && written > 0, "some kills land during the copy, some after ({interrupted}, {written})");
}

#[test]
fn a_book_from_before_the_seals_is_backed_up_migrated_and_sealed_in_number_order() {
    let book = Book::new();
    book.ok(&["demo", "seed"]);
    let issued: usize = one(&book.db, "SELECT COUNT(*) FROM invoices WHERE status <> 'draft'").parse().unwrap();
    // The book as the previous version left it: no chain, none of migration 0031's triggers, nothing sealed.
    let triggers = [
        "invoices_born_draft",
        "invoices_issued_identity",
        "invoices_void_needs_credit_note",
        "invoice_lines_frozen_move",
        "invoice_taxes_frozen_insert",
        "invoice_taxes_frozen_move",
        "invoice_events_no_update",
        "invoice_events_no_delete",
        "invoice_events_follow_status",
        "invoice_numbers_forward",
        "invoice_numbers_start_at_one",
        "invoice_numbers_undeletable",
        "partners_named_by_documents",
        "partners_key_named_by_documents",
        "customers_named_by_documents",
        "customers_key_named_by_documents",
    ];
    let drops: String = triggers.iter().map(|t| format!("DROP TRIGGER {t}; ")).collect();
    one(
        &book.db,
        &format!(
            "{drops} DROP TABLE seals; DELETE FROM _sqlx_migrations WHERE version = 31; \
             DELETE FROM backfills WHERE name = '0031_seals';"
        ),
    );
    let backups = book.dir.path().join("backups");
    let before: usize = std::fs::read_dir(&backups).map(|d| d.count()).unwrap_or(0);

    let verified = book.ok(&["book", "verify"]);
    assert_eq!(verified["issued_documents"], issued as u64);
    let migration_copies: Vec<String> = std::fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with("-migration.sqlite3"))
        .collect();
    assert_eq!(migration_copies.len(), 1, "one copy before migrating ({before} before): {migration_copies:?}");
    // The copy is the book before the migration: no seals table.
    let copy = backups.join(&migration_copies[0]);
    assert_eq!(one(&copy, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'seals'"), "0");
    // Every issued document got one seal, in number order.
    let order = one(
        &book.db,
        "SELECT group_concat(number, ',') FROM (SELECT i.number FROM seals s JOIN invoices i ON i.id = s.invoice_id \
         ORDER BY s.seq)",
    );
    let numbers = one(
        &book.db,
        "SELECT group_concat(number, ',') FROM (SELECT number FROM invoices WHERE status <> 'draft' \
         ORDER BY issued_on, series, number_year, number_seq)",
    );
    assert_eq!(order, numbers);
    assert_eq!(one(&book.db, "SELECT COUNT(*) FROM seals WHERE event = 'existing' AND hash <> ''"), issued.to_string());
}
