-- Issued documents are records: every fact an invoice or credit note prints is frozen into it when
-- it is issued; the legal identity and payment details belong to each issuing partner; customers
-- get a delivery address; a paid invoice may be credited (the credit note records a refund due).

-- The legal identity of an issuer (DOMAIN.md "Legal identity per issuer"). Until now only the
-- operating partner had one, in Settings (`issuer.*`): it moves onto that partner's row below, so
-- the partner is the one source of truth and `settings set issuer.*` edits it there.
ALTER TABLE partners ADD COLUMN legal_form TEXT;
ALTER TABLE partners ADD COLUMN share_capital TEXT;
ALTER TABLE partners ADD COLUMN siren TEXT;
ALTER TABLE partners ADD COLUMN siret TEXT;
ALTER TABLE partners ADD COLUMN rcs TEXT;
ALTER TABLE partners ADD COLUMN iban TEXT;
ALTER TABLE partners ADD COLUMN bic TEXT;
ALTER TABLE partners ADD COLUMN payment_terms_days INTEGER NOT NULL DEFAULT 30
    CHECK (payment_terms_days BETWEEN 0 AND 60);
ALTER TABLE partners ADD COLUMN late_payment_rate TEXT;
ALTER TABLE partners ADD COLUMN early_payment_discount TEXT;

-- The e-invoicing reform's delivery address, when it differs from the billing address.
ALTER TABLE customers ADD COLUMN delivery_address TEXT;

UPDATE partners SET
    legal_form = (SELECT NULLIF(trim(value), '') FROM settings WHERE key = 'issuer.legal_form'),
    share_capital = (SELECT NULLIF(trim(value), '') FROM settings WHERE key = 'issuer.share_capital'),
    siren = (SELECT NULLIF(trim(value), '') FROM settings WHERE key = 'issuer.siren'),
    siret = (SELECT NULLIF(trim(value), '') FROM settings WHERE key = 'issuer.siret'),
    rcs = (SELECT NULLIF(trim(value), '') FROM settings WHERE key = 'issuer.rcs'),
    iban = (SELECT NULLIF(trim(value), '') FROM settings WHERE key = 'issuer.iban'),
    bic = (SELECT NULLIF(trim(value), '') FROM settings WHERE key = 'issuer.bic'),
    late_payment_rate = (SELECT NULLIF(trim(value), '') FROM settings WHERE key = 'issuer.late_payment_rate'),
    early_payment_discount =
        (SELECT NULLIF(trim(value), '') FROM settings WHERE key = 'issuer.early_payment_discount'),
    payment_terms_days = coalesce((
        SELECT CAST(trim(value) AS INTEGER) FROM settings
        WHERE key = 'issuer.payment_terms_days' AND trim(value) GLOB '[0-9]*'
          AND CAST(trim(value) AS INTEGER) BETWEEN 0 AND 60), 30)
WHERE id = (SELECT value FROM settings WHERE key = 'office.partner_id');

DELETE FROM settings WHERE key IN (
    'issuer.legal_form', 'issuer.share_capital', 'issuer.siren', 'issuer.siret', 'issuer.rcs', 'issuer.iban',
    'issuer.bic', 'issuer.payment_terms_days', 'issuer.late_payment_rate', 'issuer.early_payment_discount');

-- The facts an issued document prints, frozen when it was issued: JSON of `csp_domain::facts::
-- InvoiceFacts` (both parties, the issuer's legal identity and payment details, terms, due date,
-- mentions), and the logo's bytes. Written in the transaction that issues, before the status flips.
CREATE TABLE invoice_facts (
    invoice_id TEXT PRIMARY KEY REFERENCES invoices(id),
    facts      TEXT NOT NULL CHECK (json_valid(facts)),
    logo       BLOB
);

-- Documents issued before this migration printed live data at every export. They are frozen here
-- from the data as it stands now, which is what their last export printed: from now on they print
-- the same text forever, like every document issued later. A careful book keeper prefers this to
-- printing them from live data (a later rename or new IBAN would change them again). The logo was
-- read from a file path at print time and SQL cannot read files: these documents print without it
-- (their `frozen_by` says "migration", so an auditor can tell them apart).
INSERT INTO invoice_facts (invoice_id, facts, logo)
SELECT i.id, json_object(
    'frozen_by', 'migration',
    'issuer', json_object(
        'name', p.name, 'address', p.address, 'delivery_address', NULL,
        'country_code', p.country, 'country_name_en', pc.name_en, 'country_name_fr', pc.name_fr,
        'vat_id', p.vat_id, 'siren', p.siren, 'siret', p.siret, 'legal_form', p.legal_form,
        'share_capital', p.share_capital, 'rcs', p.rcs, 'email', p.email),
    'recipient', CASE WHEN i.customer_id IS NOT NULL THEN json_object(
        'name', c.name, 'address', c.address, 'delivery_address', c.delivery_address,
        'country_code', c.country, 'country_name_en', cc.name_en, 'country_name_fr', cc.name_fr,
        'vat_id', c.vat_id, 'siren', c.siren, 'siret', NULL, 'legal_form', NULL,
        'share_capital', NULL, 'rcs', NULL, 'email', c.email)
    ELSE json_object(
        'name', r.name, 'address', r.address, 'delivery_address', NULL,
        'country_code', r.country, 'country_name_en', rc.name_en, 'country_name_fr', rc.name_fr,
        'vat_id', r.vat_id, 'siren', NULL, 'siret', NULL, 'legal_form', NULL,
        'share_capital', NULL, 'rcs', NULL, 'email', r.email) END,
    'payment', json_object(
        'terms_days', p.payment_terms_days, 'due_on', i.due_on, 'iban', p.iban, 'bic', p.bic,
        'late_payment_rate', p.late_payment_rate, 'early_payment_discount', p.early_payment_discount,
        'refund_due', json('false'))), NULL
FROM invoices i
JOIN partners p ON p.id = i.issuer_id
LEFT JOIN countries pc ON pc.code = p.country
LEFT JOIN customers c ON c.id = i.customer_id
LEFT JOIN countries cc ON cc.code = c.country
LEFT JOIN partners r ON r.id = i.reseller_id
LEFT JOIN countries rc ON rc.code = r.country
WHERE i.status <> 'draft';

-- Frozen facts never change and never go: written once, while the document is still a draft.
CREATE TRIGGER invoice_facts_insert_draft_only BEFORE INSERT ON invoice_facts
WHEN (SELECT status FROM invoices WHERE id = new.invoice_id) IS NOT 'draft'
BEGIN
    SELECT RAISE(ABORT, 'invoice facts are frozen when a draft is issued, never later');
END;

CREATE TRIGGER invoice_facts_no_update BEFORE UPDATE ON invoice_facts
BEGIN
    SELECT RAISE(ABORT, 'issued invoices are immutable');
END;

CREATE TRIGGER invoice_facts_no_delete BEFORE DELETE ON invoice_facts
BEGIN
    SELECT RAISE(ABORT, 'issued invoices are immutable');
END;

-- No document is issued without its frozen facts: the facts are written first, then the status flips.
CREATE TRIGGER invoices_issue_needs_facts BEFORE UPDATE OF status ON invoices
WHEN old.status = 'draft' AND new.status <> 'draft'
     AND NOT EXISTS (SELECT 1 FROM invoice_facts WHERE invoice_id = new.id)
BEGIN
    SELECT RAISE(ABORT, 'an invoice is issued with its frozen facts');
END;

-- A paid invoice may be cancelled by a credit note too (the customer is then owed a refund).
DROP TRIGGER invoices_lifecycle;
CREATE TRIGGER invoices_lifecycle BEFORE UPDATE OF status ON invoices
WHEN old.status <> new.status AND NOT (
       (old.status = 'draft' AND new.status = 'issued')
    OR (old.status = 'issued' AND new.status IN ('paid', 'voided'))
    OR (old.status = 'paid' AND new.status = 'voided'))
BEGIN
    SELECT RAISE(ABORT, 'invoice lifecycle: this status change is not allowed');
END;
