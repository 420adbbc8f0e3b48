-- Usage, price list, selling-price rules, invoices and credit notes.
-- Amounts, prices, quantities and rates are decimal TEXT (never REAL); dates ISO `YYYY-MM-DD`.

-- The price list: one row per meter, currency and effective-from date (ERP = estimated retail price).
CREATE TABLE meters (
    meter_id       TEXT NOT NULL,
    name           TEXT NOT NULL,
    category       TEXT NOT NULL,
    unit           TEXT NOT NULL,
    currency       TEXT NOT NULL,
    erp            TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    effective_to   TEXT,
    pec_eligible   INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (meter_id, currency, effective_from)
);

-- One imported usage file.
CREATE TABLE usage_imports (
    id                 INTEGER PRIMARY KEY,
    file_name          TEXT NOT NULL,
    imported_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    imported           INTEGER NOT NULL,
    skipped_duplicates INTEGER NOT NULL
);

-- Partner Center daily rated usage rows. `dedup_key` is a 128-bit hash of the row's values in the
-- 51 columns of the 2021 layout: a row already stored is skipped (INSERT OR IGNORE).
CREATE TABLE usage_rows (
    id                    INTEGER PRIMARY KEY,
    dedup_key             BLOB NOT NULL UNIQUE,
    import_id             INTEGER NOT NULL,
    customer_id           TEXT NOT NULL,
    subscription_id       TEXT NOT NULL,
    usage_date            TEXT NOT NULL,
    meter_id              TEXT NOT NULL,
    meter_name            TEXT NOT NULL,
    meter_category        TEXT NOT NULL,
    meter_subcategory     TEXT,
    unit                  TEXT,
    resource_group        TEXT,
    quantity              TEXT NOT NULL,
    unit_price            TEXT NOT NULL,
    pricing_currency      TEXT NOT NULL,
    billing_currency      TEXT NOT NULL,
    pc_to_bc_rate         TEXT NOT NULL,
    effective_unit_price  TEXT,
    pec_percentage        TEXT,
    credit_type           TEXT,
    billing_pre_tax_total TEXT,
    -- The invoice line that bills this row to the customer (direct partner or reseller issuer), and
    -- the line of the provider's invoice to the reseller. NULL: not (or no longer) invoiced.
    invoice_line_id       INTEGER,
    provider_line_id      INTEGER
);
CREATE INDEX usage_rows_date ON usage_rows (usage_date);
CREATE INDEX usage_rows_subscription ON usage_rows (subscription_id, usage_date);
CREATE INDEX usage_rows_invoice_line ON usage_rows (invoice_line_id) WHERE invoice_line_id IS NOT NULL;
CREATE INDEX usage_rows_provider_line ON usage_rows (provider_line_id) WHERE provider_line_id IS NOT NULL;

-- Selling-price rules of an issuer: a markup (or, negative, a discount) in percent on ERP.
-- Empty text means "any": the most specific rule wins (customer + category, customer, reseller, default).
CREATE TABLE markup_rules (
    id          INTEGER PRIMARY KEY,
    issuer_id   TEXT NOT NULL REFERENCES partners(id),
    customer_id TEXT NOT NULL DEFAULT '',
    category    TEXT NOT NULL DEFAULT '',
    reseller_id TEXT NOT NULL DEFAULT '',
    percent     TEXT NOT NULL,
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (issuer_id, customer_id, category, reseller_id)
);

-- Monthly exchange rates (Settings) for a customer billed in another currency than the usage's.
CREATE TABLE exchange_rates (
    month         TEXT NOT NULL,
    from_currency TEXT NOT NULL,
    to_currency   TEXT NOT NULL,
    rate          TEXT NOT NULL,
    PRIMARY KEY (month, from_currency, to_currency)
);

CREATE TABLE invoices (
    id                 TEXT PRIMARY KEY,
    kind               TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
    status             TEXT NOT NULL CHECK (status IN ('draft', 'issued', 'paid', 'voided')),
    issuer_id          TEXT NOT NULL REFERENCES partners(id),
    -- The customer billed, or (a provider's invoice) the reseller billed for its customers' usage.
    customer_id        TEXT REFERENCES customers(id),
    reseller_id        TEXT REFERENCES partners(id),
    month              TEXT NOT NULL,
    currency           TEXT NOT NULL,
    series             TEXT NOT NULL CHECK (series IN ('INV', 'CN')),
    number             TEXT,
    number_year        INTEGER,
    number_seq         INTEGER,
    issued_on          TEXT,
    due_on             TEXT,
    paid_on            TEXT,
    voided_on          TEXT,
    subtotal           TEXT NOT NULL,
    tax                TEXT NOT NULL,
    total              TEXT NOT NULL,
    tax_mention        TEXT NOT NULL,
    -- The usage's billing currency and the Settings rate that converted it, when they differ.
    exchange_from      TEXT,
    exchange_rate      TEXT,
    credits_invoice_id TEXT REFERENCES invoices(id),
    created_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    CHECK ((customer_id IS NULL) <> (reseller_id IS NULL)),
    CHECK ((status = 'draft') = (number IS NULL))
);
CREATE UNIQUE INDEX invoices_number ON invoices (issuer_id, series, number_year, number_seq) WHERE number IS NOT NULL;
CREATE INDEX invoices_month ON invoices (month, status);
-- Finds a credit note by the invoice it cancels (and lets deleting a draft check the reference fast).
CREATE INDEX invoices_credits ON invoices (credits_invoice_id) WHERE credits_invoice_id IS NOT NULL;

CREATE TABLE invoice_lines (
    id                INTEGER PRIMARY KEY,
    invoice_id        TEXT NOT NULL REFERENCES invoices(id),
    position          INTEGER NOT NULL,
    subscription_id   TEXT NOT NULL,
    subscription_name TEXT,
    customer_id       TEXT,
    meter_id          TEXT NOT NULL,
    meter_name        TEXT NOT NULL,
    meter_category    TEXT NOT NULL,
    unit              TEXT NOT NULL,
    quantity          TEXT NOT NULL,
    -- Unrounded, excluding tax, in the invoice currency.
    unit_price        TEXT NOT NULL,
    markup_percent    TEXT NOT NULL,
    tax_rate          TEXT NOT NULL,
    -- quantity × unit price rounded half away from zero to the currency's minor unit.
    amount            TEXT NOT NULL
);
CREATE INDEX invoice_lines_invoice ON invoice_lines (invoice_id, position);

CREATE TABLE invoice_taxes (
    invoice_id TEXT NOT NULL REFERENCES invoices(id),
    rate       TEXT NOT NULL,
    base       TEXT NOT NULL,
    amount     TEXT NOT NULL,
    PRIMARY KEY (invoice_id, rate)
);

-- The last number given per issuer, series and year: bumped in the same IMMEDIATE transaction that
-- issues the invoice, so numbers are gapless and never reused, even after a crash.
CREATE TABLE invoice_numbers (
    issuer_id TEXT NOT NULL,
    series    TEXT NOT NULL,
    year      INTEGER NOT NULL,
    last_seq  INTEGER NOT NULL,
    PRIMARY KEY (issuer_id, series, year)
);

-- Audit log of every invoice state change.
CREATE TABLE invoice_events (
    id         INTEGER PRIMARY KEY,
    invoice_id TEXT NOT NULL,
    at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    on_date    TEXT,
    event      TEXT NOT NULL,
    detail     TEXT
);
CREATE INDEX invoice_events_invoice ON invoice_events (invoice_id);

-- Issued invoices are immutable, whatever writes to the file: only the lifecycle moves
-- (draft → issued, issued → paid, issued → voided) and their own dates may change.
CREATE TRIGGER invoices_lifecycle BEFORE UPDATE OF status ON invoices
WHEN old.status <> new.status AND NOT (
       (old.status = 'draft' AND new.status = 'issued')
    OR (old.status = 'issued' AND new.status IN ('paid', 'voided')))
BEGIN
    SELECT RAISE(ABORT, 'invoice lifecycle: this status change is not allowed');
END;

CREATE TRIGGER invoices_issued_immutable BEFORE UPDATE ON invoices
WHEN old.status <> 'draft' AND (
       new.kind IS NOT old.kind OR new.issuer_id IS NOT old.issuer_id OR new.customer_id IS NOT old.customer_id
    OR new.reseller_id IS NOT old.reseller_id OR new.month IS NOT old.month OR new.currency IS NOT old.currency
    OR new.series IS NOT old.series OR new.number IS NOT old.number OR new.number_year IS NOT old.number_year
    OR new.number_seq IS NOT old.number_seq OR new.issued_on IS NOT old.issued_on OR new.due_on IS NOT old.due_on
    OR new.subtotal IS NOT old.subtotal OR new.tax IS NOT old.tax OR new.total IS NOT old.total
    OR new.tax_mention IS NOT old.tax_mention OR new.exchange_from IS NOT old.exchange_from
    OR new.exchange_rate IS NOT old.exchange_rate OR new.credits_invoice_id IS NOT old.credits_invoice_id
    OR (old.paid_on IS NOT NULL AND new.paid_on IS NOT old.paid_on)
    OR (old.voided_on IS NOT NULL AND new.voided_on IS NOT old.voided_on))
BEGIN
    SELECT RAISE(ABORT, 'issued invoices are immutable');
END;

CREATE TRIGGER invoices_issued_undeletable BEFORE DELETE ON invoices
WHEN old.status <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'issued invoices are immutable');
END;

CREATE TRIGGER invoice_lines_frozen_update BEFORE UPDATE ON invoice_lines
WHEN (SELECT status FROM invoices WHERE id = old.invoice_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'issued invoices are immutable');
END;

CREATE TRIGGER invoice_lines_frozen_delete BEFORE DELETE ON invoice_lines
WHEN (SELECT status FROM invoices WHERE id = old.invoice_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'issued invoices are immutable');
END;

CREATE TRIGGER invoice_lines_frozen_insert BEFORE INSERT ON invoice_lines
WHEN (SELECT status FROM invoices WHERE id = new.invoice_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'issued invoices are immutable');
END;

CREATE TRIGGER invoice_taxes_frozen_update BEFORE UPDATE ON invoice_taxes
WHEN (SELECT status FROM invoices WHERE id = old.invoice_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'issued invoices are immutable');
END;

CREATE TRIGGER invoice_taxes_frozen_delete BEFORE DELETE ON invoice_taxes
WHEN (SELECT status FROM invoices WHERE id = old.invoice_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'issued invoices are immutable');
END;
