-- Subscriptions, their partner-of-record periods, and access (Azure RBAC at subscription scope).

CREATE TABLE subscriptions (
    -- A GUID the product generates, or Partner Center's own ID for an existing subscription.
    id                 TEXT PRIMARY KEY,
    name               TEXT,
    -- NULL for APSS (the partner's own tenant).
    customer_id        TEXT REFERENCES customers(id),
    -- Partner of record: the reseller (direct partner or indirect reseller); APSS: the partner itself.
    partner_id         TEXT NOT NULL REFERENCES partners(id),
    -- Who Microsoft bills: the direct partner, or the indirect provider of a reseller.
    billing_partner_id TEXT NOT NULL REFERENCES partners(id),
    offer              TEXT NOT NULL CHECK (offer IN ('AZURE_PLAN', 'MS-AZR-0145P', 'MS-AZR-0159P')),
    created_on         TEXT NOT NULL,
    status             TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'cancelled')),
    cancelled_on       TEXT,
    created_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    CHECK ((status = 'cancelled') = (cancelled_on IS NOT NULL))
);
CREATE INDEX subscriptions_customer ON subscriptions (customer_id);
CREATE INDEX subscriptions_partner ON subscriptions (partner_id);

-- Who held the subscription (and with which offer) from which date: a transfer or a conversion
-- opens a new period, so usage dated before it stays with the previous partner of record.
CREATE TABLE subscription_periods (
    subscription_id    TEXT NOT NULL REFERENCES subscriptions(id),
    valid_from         TEXT NOT NULL,
    partner_id         TEXT NOT NULL REFERENCES partners(id),
    billing_partner_id TEXT NOT NULL REFERENCES partners(id),
    offer              TEXT NOT NULL,
    PRIMARY KEY (subscription_id, valid_from)
);

-- Dated status changes (suspend, reactivate, cancel), kept as history.
CREATE TABLE subscription_events (
    id              INTEGER PRIMARY KEY,
    subscription_id TEXT NOT NULL REFERENCES subscriptions(id),
    on_date         TEXT NOT NULL,
    event           TEXT NOT NULL,
    detail          TEXT
);
CREATE INDEX subscription_events_subscription ON subscription_events (subscription_id);

-- Role assignments at subscription scope (or a resource group inside it). Revoking dates the row;
-- nothing is deleted, so the history of grants and revokes stays.
CREATE TABLE role_assignments (
    id              INTEGER PRIMARY KEY,
    subscription_id TEXT NOT NULL REFERENCES subscriptions(id),
    -- 'customer', 'partner:<partner id>' or 'reseller:<partner id>' (a reseller's admin-agents group).
    principal       TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('owner', 'contributor', 'reader')),
    -- NULL: the whole subscription; otherwise a resource group name.
    scope           TEXT,
    granted_on      TEXT NOT NULL,
    revoked_on      TEXT,
    owner_risk_acknowledged INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX role_assignments_subscription ON role_assignments (subscription_id);
