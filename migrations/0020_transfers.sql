-- Transfer requests: subscriptions of one customer moving from a source to a target partner of record.

CREATE TABLE transfers (
    id                TEXT PRIMARY KEY,
    customer_id       TEXT NOT NULL REFERENCES customers(id),
    source_partner_id TEXT NOT NULL REFERENCES partners(id),
    target_partner_id TEXT NOT NULL REFERENCES partners(id),
    created_on        TEXT NOT NULL,
    -- 'expired' is derived from created_on when read; a stored request is never silently changed.
    status            TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'completed', 'rejected')),
    accepted_on       TEXT,
    rejected_on       TEXT,
    completed_on      TEXT,
    CHECK (source_partner_id <> target_partner_id)
);
CREATE INDEX transfers_customer ON transfers (customer_id);

-- The subscriptions of a request and, once completed, what happened to each one's offer.
CREATE TABLE transfer_items (
    transfer_id     TEXT NOT NULL REFERENCES transfers(id),
    subscription_id TEXT NOT NULL REFERENCES subscriptions(id),
    offer_before    TEXT,
    offer_after     TEXT,
    rule            TEXT,
    PRIMARY KEY (transfer_id, subscription_id)
);
CREATE INDEX transfer_items_subscription ON transfer_items (subscription_id);
