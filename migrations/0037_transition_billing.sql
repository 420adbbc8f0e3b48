-- The direct → indirect transition moves billing to the provider from its date. Earlier versions
-- changed the partner's tier but left every subscription billed by the partner itself, so the
-- provider never invoiced the reseller. This adds, for each transition already in the book, what
-- `partner transition` now writes (the rule is `transition_changes` in the domain):
--   * a period from the transition date, billed by the provider, on every subscription of which
--     the partner is partner of record that day and billed itself (not cancelled before it);
--   * the provider as billing partner of every later period in which the partner billed itself
--     (a transfer to it, a conversion, an order recorded after the transition date);
--   * the subscription's current billing partner, that of its latest period.
-- Periods before the transition date are not touched: the partner billed itself then.

-- A transition: a partner whose tier became `indirect-reseller` after being `direct`, on the date
-- of its tier history; its provider is the one linked on that date (the transition links it).
CREATE TEMP TABLE transitions AS
SELECT r.partner_id AS partner_id,
       r.since AS on_date,
       coalesce((SELECT min(l.provider_id) FROM reseller_providers l
                 WHERE l.reseller_id = r.partner_id AND l.since = r.since),
                (SELECT min(l.provider_id) FROM reseller_providers l WHERE l.reseller_id = r.partner_id)) AS provider_id
FROM partner_tiers r
WHERE r.tier = 'indirect-reseller'
  AND EXISTS (SELECT 1 FROM partner_tiers d
              WHERE d.partner_id = r.partner_id AND d.tier = 'direct' AND d.since < r.since);

DELETE FROM temp.transitions WHERE provider_id IS NULL;

-- Subscriptions written without periods (older data) are read as one period from their creation:
-- write it, so that the period added below does not hide their first days.
INSERT INTO subscription_periods (subscription_id, valid_from, partner_id, billing_partner_id, offer)
SELECT s.id, s.created_on, s.partner_id, s.billing_partner_id, s.offer
FROM subscriptions s
WHERE s.partner_id IN (SELECT partner_id FROM temp.transitions)
  AND NOT EXISTS (SELECT 1 FROM subscription_periods p WHERE p.subscription_id = s.id);

-- Later self-billed periods of the partner (from the transition date on) are billed by the
-- provider. Run before the insert below, whose new periods are already billed by the provider.
UPDATE subscription_periods
SET billing_partner_id = (SELECT t.provider_id FROM temp.transitions t
                          WHERE t.partner_id = subscription_periods.partner_id)
WHERE billing_partner_id = partner_id
  AND EXISTS (SELECT 1 FROM temp.transitions t
              WHERE t.partner_id = subscription_periods.partner_id
                AND subscription_periods.valid_from >= t.on_date)
  AND NOT EXISTS (SELECT 1 FROM subscriptions s, temp.transitions t
                  WHERE s.id = subscription_periods.subscription_id
                    AND t.partner_id = subscription_periods.partner_id
                    AND s.cancelled_on < t.on_date);

-- The period in force on the transition date, begun before it, held and billed by the partner:
-- a new period from the transition date with the same partner of record and offer.
INSERT INTO subscription_periods (subscription_id, valid_from, partner_id, billing_partner_id, offer)
SELECT p.subscription_id, t.on_date, p.partner_id, t.provider_id, p.offer
FROM temp.transitions t
JOIN subscription_periods p ON p.partner_id = t.partner_id AND p.billing_partner_id = t.partner_id
JOIN subscriptions s ON s.id = p.subscription_id
WHERE p.valid_from < t.on_date
  AND p.valid_from = (SELECT max(q.valid_from) FROM subscription_periods q
                      WHERE q.subscription_id = p.subscription_id AND q.valid_from <= t.on_date)
  AND (s.cancelled_on IS NULL OR s.cancelled_on >= t.on_date);

-- The current billing partner is that of the latest period.
UPDATE subscriptions
SET billing_partner_id = (SELECT p.billing_partner_id FROM subscription_periods p
                          WHERE p.subscription_id = subscriptions.id ORDER BY p.valid_from DESC LIMIT 1)
WHERE id IN (SELECT p.subscription_id FROM subscription_periods p
             WHERE p.partner_id IN (SELECT partner_id FROM temp.transitions));

DROP TABLE temp.transitions;
