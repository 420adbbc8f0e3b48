-- The month's usage as billing reads it, kept as the import stores rows: one group per import, month
-- and what tells invoice lines apart (subscription, customer, meter, unit, unit price, PC→BC rate,
-- billing currency), with its rows' count, first and last dates and IDs, and their quantity summed
-- exactly (decimal text). A billing run reads the month's groups (a distributor's 30,000) rather than
-- its rows (a million), and a line links to the groups it bills rather than to each row.
--
-- A group belongs to one import: rows a later file adds to a month already billed form new groups,
-- so a group is always billed whole, or (a subscription whose partner of record changes during the
-- month) day by day.
CREATE TABLE usage_groups (
    id               INTEGER PRIMARY KEY,
    import_id        INTEGER NOT NULL,
    month            TEXT NOT NULL,
    subscription_id  TEXT NOT NULL,
    customer_id      TEXT NOT NULL,
    meter_id         TEXT NOT NULL,
    meter_name       TEXT NOT NULL,
    meter_category   TEXT NOT NULL,
    unit             TEXT,
    unit_price       TEXT NOT NULL,
    pc_to_bc_rate    TEXT NOT NULL,
    billing_currency TEXT NOT NULL,
    first_date       TEXT NOT NULL,
    last_date        TEXT NOT NULL,
    first_row        INTEGER NOT NULL,
    last_row         INTEGER NOT NULL,
    rows             INTEGER NOT NULL,
    -- NULL until summed: the groups of a book from before are summed from their rows when it opens
    -- (in Rust, exactly); a group whose rows do not sum stays NULL and a billing run says why.
    quantity         TEXT
);
CREATE INDEX usage_groups_month ON usage_groups (month);

ALTER TABLE usage_rows ADD COLUMN group_id INTEGER;

INSERT INTO usage_groups (import_id, month, subscription_id, customer_id, meter_id, meter_name, meter_category, unit,
                          unit_price, pc_to_bc_rate, billing_currency, first_date, last_date, first_row, last_row, rows)
SELECT import_id, substr(usage_date, 1, 7), subscription_id, customer_id, meter_id, meter_name, meter_category, unit,
       unit_price, pc_to_bc_rate, billing_currency, min(usage_date), max(usage_date), min(id), max(id), COUNT(*)
FROM usage_rows
GROUP BY import_id, substr(usage_date, 1, 7), subscription_id, customer_id, meter_id, meter_name, meter_category, unit,
         unit_price, pc_to_bc_rate, billing_currency;

CREATE INDEX usage_groups_key ON usage_groups (import_id, month, subscription_id, meter_id, unit_price, pc_to_bc_rate,
                                               billing_currency, customer_id, meter_name, meter_category, unit);
UPDATE usage_rows SET group_id = g.id
FROM usage_groups g
WHERE g.import_id = usage_rows.import_id AND g.month = substr(usage_rows.usage_date, 1, 7)
  AND g.subscription_id = usage_rows.subscription_id AND g.meter_id = usage_rows.meter_id
  AND g.unit_price = usage_rows.unit_price AND g.pc_to_bc_rate = usage_rows.pc_to_bc_rate
  AND g.billing_currency = usage_rows.billing_currency AND g.customer_id = usage_rows.customer_id
  AND g.meter_name = usage_rows.meter_name AND g.meter_category = usage_rows.meter_category
  AND g.unit IS usage_rows.unit;
-- Only the migration looks groups up by their key (the import knows its own).
DROP INDEX usage_groups_key;

-- Which invoice line bills which usage: a group's rows dated from_date to to_date (the whole group,
-- or one day of it). The side (the customer's invoice, or a provider's invoice to its reseller) is
-- the side of the line's invoice. Keyed by line: a run appends its links in line order, and
-- replacing drafts deletes a range of lines.
CREATE TABLE usage_group_links (
    line_id   INTEGER NOT NULL,
    group_id  INTEGER NOT NULL,
    from_date TEXT NOT NULL,
    to_date   TEXT NOT NULL,
    PRIMARY KEY (line_id, group_id, from_date)
) WITHOUT ROWID;

-- Row links become group links: a line that billed all of a group's rows bills the group; one that
-- billed some of its days (a subscription split by a change of partner) bills those days.
INSERT INTO usage_group_links (line_id, group_id, from_date, to_date)
WITH per_day AS (
    SELECT l.line_id, u.group_id, u.usage_date, COUNT(*) AS n
    FROM usage_links l JOIN usage_rows u ON u.id = l.usage_id
    GROUP BY l.line_id, u.group_id, u.usage_date
), per_group AS (
    SELECT line_id, group_id, SUM(n) AS n FROM per_day GROUP BY line_id, group_id
)
SELECT p.line_id, p.group_id, g.first_date, g.last_date
FROM per_group p JOIN usage_groups g ON g.id = p.group_id WHERE p.n = g.rows
UNION ALL
SELECT d.line_id, d.group_id, d.usage_date, d.usage_date
FROM per_day d JOIN per_group p ON p.line_id = d.line_id AND p.group_id = d.group_id
JOIN usage_groups g ON g.id = d.group_id WHERE p.n <> g.rows;

DROP TABLE usage_links;
