-- Billed and unbilled usage (DOMAIN.md "Month-end: Microsoft's bill against the book"). Partner
-- Center's unbilled file (a period still open, no `InvoiceNumber`) and its billed file (after the
-- month closes) hold the same usage: a billed row whose other columns equal an unbilled row's is that
-- row, which becomes billed instead of being stored twice.
--
-- `twin_key`: the row's duplicate key computed without `InvoiceNumber`, `ChargeStartDate` and
-- `ChargeEndDate`. NULL for rows stored before this version: whether Microsoft had billed them is not
-- known (the file's columns were not kept), and they are read as billed, as they always were.
ALTER TABLE usage_rows ADD COLUMN twin_key BLOB;
ALTER TABLE usage_rows ADD COLUMN invoice_number TEXT;
ALTER TABLE usage_rows ADD COLUMN charge_start TEXT;
ALTER TABLE usage_rows ADD COLUMN charge_end TEXT;
-- The import whose billed rows left this unbilled row without a twin: Microsoft withdrew it.
ALTER TABLE usage_rows ADD COLUMN withdrawn_by INTEGER;

CREATE INDEX usage_rows_twin ON usage_rows (twin_key) WHERE twin_key IS NOT NULL;
-- The unbilled rows still current, by subscription and date: what a billed period may withdraw.
-- Small: rows leave it as they become billed.
CREATE INDEX usage_rows_unbilled ON usage_rows (subscription_id, usage_date)
    WHERE twin_key IS NOT NULL AND invoice_number IS NULL AND withdrawn_by IS NULL;

-- A group's rows still unbilled (a draft billing them is provisional) and those withdrawn (no
-- longer billed; their quantity summed exactly, NULL for none).
ALTER TABLE usage_groups ADD COLUMN unbilled_rows INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_groups ADD COLUMN withdrawn_rows INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_groups ADD COLUMN withdrawn_quantity TEXT;

-- What each import did, beside the rows it stored.
ALTER TABLE usage_imports ADD COLUMN billed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_imports ADD COLUMN unbilled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_imports ADD COLUMN became_billed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_imports ADD COLUMN withdrawn INTEGER NOT NULL DEFAULT 0;

-- An invoice drafted from usage Microsoft had not billed yet: every screen and document shows such
-- a draft as provisional (the billed file may still change it).
ALTER TABLE invoices ADD COLUMN provisional INTEGER NOT NULL DEFAULT 0;
