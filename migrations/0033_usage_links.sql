-- Which invoice line bills each usage row, in a narrow table of its own. The link used to be two
-- columns of `usage_rows`, so a billing run rewrote every row of the month (a distributor's
-- million rows: hundreds of megabytes) to draft, and again to replace the drafts. Keyed by line, a
-- run appends its links in line order and replacing drafts deletes line ranges.
--
-- A usage row of a month is only ever billed by lines of that month's invoices; the side (the
-- customer's invoice, or a provider's invoice to its reseller) is the side of the line's invoice.
CREATE TABLE usage_links (
    line_id  INTEGER NOT NULL,
    usage_id INTEGER NOT NULL,
    PRIMARY KEY (line_id, usage_id)
) WITHOUT ROWID;

INSERT INTO usage_links (line_id, usage_id)
SELECT invoice_line_id, id FROM usage_rows WHERE invoice_line_id IS NOT NULL
UNION
SELECT provider_line_id, id FROM usage_rows WHERE provider_line_id IS NOT NULL;

-- The two old columns stay (SQLite cannot drop them from this table's definition without copying
-- every row) but nothing reads or writes them any more; their indexes go.
DROP INDEX usage_rows_invoice_line;
DROP INDEX usage_rows_provider_line;

-- No query reads usage by subscription (every one reads a month by date), and keeping this index
-- cost the import a random insert per row.
DROP INDEX usage_rows_subscription;
