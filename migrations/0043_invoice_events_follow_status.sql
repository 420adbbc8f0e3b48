-- Migration 0031 was changed after it first shipped: its `invoice_events_follow_status` trigger
-- gained `new.event <> 'platform'` (platform statuses are the one repeatable event of an issued
-- document's history). A book that applied the first text keeps the first trigger, and the program
-- accepts that text's checksum (`db::SUPERSEDED`); this migration gives every book the trigger as
-- 0031 writes it now. On a book that already has it, the same trigger is written again.
DROP TRIGGER IF EXISTS invoice_events_follow_status;
CREATE TRIGGER invoice_events_follow_status BEFORE INSERT ON invoice_events
WHEN (SELECT status FROM invoices WHERE id = new.invoice_id) <> 'draft' AND new.event <> 'platform' AND NOT (
        new.event IN ('issued', 'paid', 'voided')
    AND new.event = (SELECT CASE status WHEN 'issued' THEN 'issued' WHEN 'paid' THEN 'paid' WHEN 'voided' THEN 'voided' END
                     FROM invoices WHERE id = new.invoice_id)
    AND NOT EXISTS (SELECT 1 FROM invoice_events e WHERE e.invoice_id = new.invoice_id AND e.event = new.event))
BEGIN
    SELECT RAISE(ABORT, 'the invoice history is append-only');
END;
