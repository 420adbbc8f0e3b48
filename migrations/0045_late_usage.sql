-- Late usage (DOMAIN.md "Late usage"): rows of a month whose invoice to that customer (or reseller)
-- is already issued are billed on the customer's invoice of a later month, in lines that print the
-- month they belong to. NULL: the invoice's own month.
ALTER TABLE invoice_lines ADD COLUMN usage_month TEXT;

-- Usage not billed by any line, whatever its month: what a run looks for late usage in.
CREATE INDEX usage_group_links_group ON usage_group_links (group_id);
-- The lines that billed a month's usage late, found from that month.
CREATE INDEX invoice_lines_usage_month ON invoice_lines (usage_month) WHERE usage_month IS NOT NULL;

-- A line crediting usage that an issued invoice billed and Microsoft then withdrew
-- (`USAGE_WITHDRAWN`): the usage group whose withdrawn rows it credits.
ALTER TABLE invoice_lines ADD COLUMN withdrawn_group INTEGER;
CREATE INDEX invoice_lines_withdrawn_group ON invoice_lines (withdrawn_group) WHERE withdrawn_group IS NOT NULL;
-- The groups holding withdrawn rows, by month: what a run looks for credits in.
CREATE INDEX usage_groups_withdrawn ON usage_groups (month) WHERE withdrawn_rows > 0;
