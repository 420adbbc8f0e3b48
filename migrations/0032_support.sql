-- Support cases: raised by a customer or by a reseller, held by a partner, with a dated history of
-- every move and note. A case's status and holder on a date are read from its history (the book
-- reads as it stood then), so they are not stored twice.

CREATE TABLE support_cases (
    id              TEXT PRIMARY KEY,
    title           TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    severity        TEXT NOT NULL CHECK (severity IN ('critical', 'high', 'normal')),
    customer_id     TEXT REFERENCES customers(id),
    reseller_id     TEXT REFERENCES partners(id),
    subscription_id TEXT REFERENCES subscriptions(id),
    opened_at       TEXT NOT NULL,
    -- Raised by exactly one: a customer or a reseller.
    CHECK ((customer_id IS NULL) <> (reseller_id IS NULL))
);
CREATE INDEX support_cases_customer ON support_cases (customer_id);
CREATE INDEX support_cases_opened ON support_cases (opened_at);

CREATE TABLE support_case_events (
    case_id       TEXT NOT NULL REFERENCES support_cases(id),
    seq           INTEGER NOT NULL,
    at            TEXT NOT NULL,
    action        TEXT NOT NULL CHECK (action IN ('opened', 'escalated_to_provider', 'escalated_to_microsoft',
                                                  'note', 'resolved', 'reopened', 'closed')),
    -- The partner that made the move, and the one holding the case once it is made.
    by_partner_id TEXT NOT NULL REFERENCES partners(id),
    holder_id     TEXT NOT NULL REFERENCES partners(id),
    text          TEXT CHECK (text IS NULL OR length(text) <= 4000),
    reference     TEXT CHECK (reference IS NULL OR length(reference) <= 64),
    PRIMARY KEY (case_id, seq)
);
CREATE INDEX support_case_events_holder ON support_case_events (holder_id);
