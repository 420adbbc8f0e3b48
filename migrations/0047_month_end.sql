-- Closing a month (DOMAIN.md "Closing a month"): the differences the tie-outs found that the partner
-- knows and accepts, with a dated note; and the months closed, with their figures as they stood.
-- Both are records: never updated nor deleted.
CREATE TABLE month_acknowledgements (
    issuer_id   TEXT NOT NULL REFERENCES partners (id),
    month       TEXT NOT NULL,
    -- What the difference is about (code, Microsoft invoice, customer, reseller, subscription, meter,
    -- currency) and its amount: a changed amount is a new difference.
    difference  TEXT NOT NULL,
    amount      TEXT NOT NULL,
    note        TEXT NOT NULL,
    on_date     TEXT NOT NULL,
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (issuer_id, month, difference, amount)
) WITHOUT ROWID;

CREATE TABLE month_closings (
    issuer_id   TEXT NOT NULL REFERENCES partners (id),
    month       TEXT NOT NULL,
    closed_on   TEXT NOT NULL,
    -- The month's status when it closed (JSON), and its SHA-256: `book verify` finds an edit.
    figures     TEXT NOT NULL,
    hash        TEXT NOT NULL,
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (issuer_id, month)
) WITHOUT ROWID;

CREATE TRIGGER month_acknowledgements_kept BEFORE UPDATE ON month_acknowledgements
BEGIN
    SELECT RAISE(ABORT, 'acknowledgements are records');
END;
CREATE TRIGGER month_acknowledgements_undeletable BEFORE DELETE ON month_acknowledgements
BEGIN
    SELECT RAISE(ABORT, 'acknowledgements are records');
END;
CREATE TRIGGER month_closings_kept BEFORE UPDATE ON month_closings
BEGIN
    SELECT RAISE(ABORT, 'a closed month is sealed');
END;
CREATE TRIGGER month_closings_undeletable BEFORE DELETE ON month_closings
BEGIN
    SELECT RAISE(ABORT, 'a closed month is sealed');
END;
