-- Platform hand-off: each status the user reports from the approved e-invoicing platform is a dated
-- row of the invoice's history (event 'platform', detail = the status), so it is kept, ordered and
-- sealed with the other events. The index serves the invoices list, which shows the last status.
CREATE INDEX invoice_events_platform ON invoice_events (invoice_id, event, id);

-- Whatever writes to the file: a platform event names a known status, carries its date, and
-- belongs to an issued document (never a draft).
CREATE TRIGGER invoice_events_platform_valid BEFORE INSERT ON invoice_events
WHEN new.event = 'platform' AND (
       new.detail IS NULL OR new.detail NOT IN ('deposited', 'rejected', 'refused', 'collected')
    OR new.on_date IS NULL
    OR (SELECT status FROM invoices WHERE id = new.invoice_id) IS NOT 'issued'
       AND (SELECT status FROM invoices WHERE id = new.invoice_id) IS NOT 'paid'
       AND (SELECT status FROM invoices WHERE id = new.invoice_id) IS NOT 'voided')
BEGIN
    SELECT RAISE(ABORT, 'platform status: a known status, dated, on an issued document');
END;
