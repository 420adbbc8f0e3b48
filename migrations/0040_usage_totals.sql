-- A month's usage summed per customer, subscription, meter category and billing currency, kept as
-- usage rows are stored: the usage screen and the dashboard read these sums instead of every row
-- of the month (a distributor's month holds a million rows).
--
-- Amounts are exact decimals written as text (SQLite sums in floating point): the rows' count,
-- their quantities, and their ERP amount (quantity × unit price × PC→BC rate, unrounded).
CREATE TABLE usage_totals (
    month            TEXT NOT NULL,
    customer_id      TEXT NOT NULL,
    subscription_id  TEXT NOT NULL,
    meter_category   TEXT NOT NULL,
    billing_currency TEXT NOT NULL,
    rows             INTEGER NOT NULL,
    quantity         TEXT NOT NULL,
    erp              TEXT NOT NULL,
    PRIMARY KEY (month, customer_id, subscription_id, meter_category, billing_currency)
) WITHOUT ROWID;

-- Months whose sums are still to be computed from their rows (the program does it when it opens
-- the book, in Rust, exactly): every month a book held before this version.
CREATE TABLE usage_totals_pending (
    month TEXT PRIMARY KEY
) WITHOUT ROWID;

INSERT INTO usage_totals_pending (month) SELECT DISTINCT substr(usage_date, 1, 7) FROM usage_rows;
