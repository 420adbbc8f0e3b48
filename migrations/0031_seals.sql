-- Issued documents are records: a hash chain seals each one, and the database refuses every write
-- that would change an issued document, its history or its numbering behind the product's back.

-- The chain: one row per sealed state of a document (its issue, then each later event). `record_hash`
-- is SHA-256 of the document's stored rows at that moment; `hash` is SHA-256 of the previous seal's
-- hash, this seal's position, document, event and record hash. Computed by the program (SQLite has
-- no SHA-256), so a row inserted here by this migration is a placeholder (`hash` empty) that the
-- first open fills, in this order, before anything else is written.
CREATE TABLE seals (
    seq         INTEGER PRIMARY KEY,
    invoice_id  TEXT NOT NULL,
    event       TEXT NOT NULL,
    record_hash TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX seals_invoice ON seals (invoice_id, seq);

-- The documents a book already holds, in number order, to be sealed at the first open.
INSERT INTO seals (invoice_id, event, record_hash, hash)
SELECT id, 'existing', '', '' FROM invoices WHERE status <> 'draft'
ORDER BY issued_on, series, number_year, number_seq;

-- Seals are written once: a placeholder may be filled, nothing else may change or go.
CREATE TRIGGER seals_append_only BEFORE UPDATE ON seals
WHEN old.hash <> '' OR new.seq IS NOT old.seq OR new.invoice_id IS NOT old.invoice_id
BEGIN
    SELECT RAISE(ABORT, 'seals are append-only');
END;

CREATE TRIGGER seals_undeletable BEFORE DELETE ON seals
BEGIN
    SELECT RAISE(ABORT, 'seals are append-only');
END;

-- New seals append to the chain, with their hash, for an issued document (placeholders come only
-- from this migration).
CREATE TRIGGER seals_insert_complete BEFORE INSERT ON seals
WHEN new.hash = '' OR new.record_hash = ''
    OR new.seq IS NOT (SELECT COALESCE(MAX(seq), 0) + 1 FROM seals)
    OR NOT EXISTS (SELECT 1 FROM invoices WHERE id = new.invoice_id AND status <> 'draft')
BEGIN
    SELECT RAISE(ABORT, 'seals are append-only');
END;

-- A document is born a draft: it becomes issued only through the numbering update.
CREATE TRIGGER invoices_born_draft BEFORE INSERT ON invoices
WHEN new.status <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'an invoice is created as a draft');
END;

-- What `invoices_issued_immutable` leaves open on an issued document: its key, its creation time, and
-- a payment or void date without the status that goes with it (a paid invoice voided by its credit
-- note keeps its payment date: the credit note records the refund due).
CREATE TRIGGER invoices_issued_identity BEFORE UPDATE ON invoices
WHEN old.status <> 'draft' AND (
       new.id IS NOT old.id OR new.created_at IS NOT old.created_at
    OR (new.paid_on IS NOT NULL AND new.status <> 'paid' AND NOT (new.status = 'voided' AND old.paid_on IS NOT NULL))
    OR (new.voided_on IS NOT NULL AND new.status <> 'voided')
    OR (new.status = 'paid' AND new.paid_on IS NULL)
    OR (new.status = 'voided' AND new.voided_on IS NULL))
BEGIN
    SELECT RAISE(ABORT, 'issued invoices are immutable');
END;

-- An invoice is voided only by its credit note, issued first in the same transaction.
CREATE TRIGGER invoices_void_needs_credit_note BEFORE UPDATE OF status ON invoices
WHEN new.status = 'voided' AND old.status <> 'voided' AND NOT EXISTS (
    SELECT 1 FROM invoices c WHERE c.credits_invoice_id = old.id AND c.kind = 'credit_note' AND c.status <> 'draft')
BEGIN
    SELECT RAISE(ABORT, 'an invoice is voided only by its issued credit note');
END;

-- A line or tax row may not move into an issued document (the frozen triggers of 0010 look at the
-- row's old document only).
CREATE TRIGGER invoice_lines_frozen_move BEFORE UPDATE ON invoice_lines
WHEN (SELECT status FROM invoices WHERE id = new.invoice_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'issued invoices are immutable');
END;

CREATE TRIGGER invoice_taxes_frozen_insert BEFORE INSERT ON invoice_taxes
WHEN (SELECT status FROM invoices WHERE id = new.invoice_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'issued invoices are immutable');
END;

CREATE TRIGGER invoice_taxes_frozen_move BEFORE UPDATE ON invoice_taxes
WHEN (SELECT status FROM invoices WHERE id = new.invoice_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'issued invoices are immutable');
END;

-- The audit trail is append-only.
CREATE TRIGGER invoice_events_no_update BEFORE UPDATE ON invoice_events
BEGIN
    SELECT RAISE(ABORT, 'the invoice history is append-only');
END;

CREATE TRIGGER invoice_events_no_delete BEFORE DELETE ON invoice_events
BEGIN
    SELECT RAISE(ABORT, 'the invoice history is append-only');
END;

-- An issued document's history grows only with the status change it records, once each (a new
-- kind of event on issued documents adds its case here). The platform statuses the user reports are
-- the one repeatable event: `invoice_events_platform_valid` checks them.
CREATE TRIGGER invoice_events_follow_status BEFORE INSERT ON invoice_events
WHEN (SELECT status FROM invoices WHERE id = new.invoice_id) <> 'draft' AND new.event <> 'platform' AND NOT (
        new.event IN ('issued', 'paid', 'voided')
    AND new.event = (SELECT CASE status WHEN 'issued' THEN 'issued' WHEN 'paid' THEN 'paid' WHEN 'voided' THEN 'voided' END
                     FROM invoices WHERE id = new.invoice_id)
    AND NOT EXISTS (SELECT 1 FROM invoice_events e WHERE e.invoice_id = new.invoice_id AND e.event = new.event))
BEGIN
    SELECT RAISE(ABORT, 'the invoice history is append-only');
END;

-- Numbers only move forward, one at a time, and their counters never go.
CREATE TRIGGER invoice_numbers_forward BEFORE UPDATE ON invoice_numbers
WHEN new.last_seq IS NOT old.last_seq + 1 OR new.issuer_id IS NOT old.issuer_id
    OR new.series IS NOT old.series OR new.year IS NOT old.year
BEGIN
    SELECT RAISE(ABORT, 'invoice numbers only move forward');
END;

CREATE TRIGGER invoice_numbers_start_at_one BEFORE INSERT ON invoice_numbers
WHEN new.last_seq IS NOT 1
BEGIN
    SELECT RAISE(ABORT, 'invoice numbers only move forward');
END;

CREATE TRIGGER invoice_numbers_undeletable BEFORE DELETE ON invoice_numbers
BEGIN
    SELECT RAISE(ABORT, 'invoice numbers only move forward');
END;

-- A partner or customer that a document names stays (and keeps its key), whatever the connection's
-- foreign-key setting.
CREATE TRIGGER partners_named_by_documents BEFORE DELETE ON partners
WHEN EXISTS (SELECT 1 FROM invoices WHERE issuer_id = old.id OR reseller_id = old.id)
BEGIN
    SELECT RAISE(ABORT, 'this partner is named by invoices');
END;

CREATE TRIGGER partners_key_named_by_documents BEFORE UPDATE OF id ON partners
WHEN new.id IS NOT old.id AND EXISTS (SELECT 1 FROM invoices WHERE issuer_id = old.id OR reseller_id = old.id)
BEGIN
    SELECT RAISE(ABORT, 'this partner is named by invoices');
END;

CREATE TRIGGER customers_named_by_documents BEFORE DELETE ON customers
WHEN EXISTS (SELECT 1 FROM invoices WHERE customer_id = old.id)
BEGIN
    SELECT RAISE(ABORT, 'this customer is named by invoices');
END;

CREATE TRIGGER customers_key_named_by_documents BEFORE UPDATE OF id ON customers
WHEN new.id IS NOT old.id AND EXISTS (SELECT 1 FROM invoices WHERE customer_id = old.id)
BEGIN
    SELECT RAISE(ABORT, 'this customer is named by invoices');
END;
