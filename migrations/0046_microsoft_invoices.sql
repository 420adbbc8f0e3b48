-- Microsoft's invoices (the new-commerce invoice reconciliation file), kept as Microsoft gave them:
-- one row per invoice number, one per charge with every cell of its row (JSON object, column name →
-- text). A record: never updated nor deleted. `content_hash` (SHA-256 of the invoice's charges as
-- imported) tells the same file imported again from another file for the same number (`CONFLICT`).
CREATE TABLE microsoft_invoices (
    number             TEXT PRIMARY KEY,
    billing_partner_id TEXT NOT NULL REFERENCES partners (id),
    currency           TEXT NOT NULL,
    subtotal           TEXT NOT NULL,
    tax                TEXT NOT NULL,
    total              TEXT NOT NULL,
    charges            INTEGER NOT NULL,
    period_start       TEXT NOT NULL,
    period_end         TEXT NOT NULL,
    content_hash       BLOB NOT NULL,
    file_name          TEXT NOT NULL,
    imported_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) WITHOUT ROWID;

CREATE TABLE microsoft_charges (
    invoice_number  TEXT NOT NULL REFERENCES microsoft_invoices (number),
    position        INTEGER NOT NULL,
    customer_id     TEXT NOT NULL,
    subscription_id TEXT NOT NULL,
    -- Whether the book held the subscription when the invoice was imported (a charge for one it
    -- lacks is kept, and reported as not billed).
    known           INTEGER NOT NULL,
    charge_type     TEXT NOT NULL,
    subtotal        TEXT NOT NULL,
    tax             TEXT NOT NULL,
    total           TEXT NOT NULL,
    charge_start    TEXT NOT NULL,
    charge_end      TEXT NOT NULL,
    cells           TEXT NOT NULL,
    PRIMARY KEY (invoice_number, position)
) WITHOUT ROWID;
CREATE INDEX microsoft_charges_subscription ON microsoft_charges (subscription_id);

CREATE TRIGGER microsoft_invoices_kept BEFORE UPDATE ON microsoft_invoices
BEGIN
    SELECT RAISE(ABORT, 'Microsoft''s invoices are kept as imported');
END;
CREATE TRIGGER microsoft_invoices_undeletable BEFORE DELETE ON microsoft_invoices
BEGIN
    SELECT RAISE(ABORT, 'Microsoft''s invoices are kept as imported');
END;
CREATE TRIGGER microsoft_charges_kept BEFORE UPDATE ON microsoft_charges
BEGIN
    SELECT RAISE(ABORT, 'Microsoft''s invoices are kept as imported');
END;
CREATE TRIGGER microsoft_charges_undeletable BEFORE DELETE ON microsoft_charges
BEGIN
    SELECT RAISE(ABORT, 'Microsoft''s invoices are kept as imported');
END;
