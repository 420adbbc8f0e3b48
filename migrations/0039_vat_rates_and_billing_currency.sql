-- EU standard VAT rates become data with the dates they are in force (DOMAIN.md "Billing and
-- invoices"): a document uses the rate in force on the last day of its period. Each row holds from
-- `valid_from` until the next row of the same country. Issued documents keep the rate they froze
-- on their lines; only drafts read this table.
CREATE TABLE vat_rates (
    country    TEXT NOT NULL REFERENCES countries(code),
    valid_from TEXT NOT NULL CHECK (valid_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    rate       TEXT NOT NULL,
    PRIMARY KEY (country, valid_from)
) WITHOUT ROWID;

-- Every member state's standard rate from 2019-01-01, and each change since.
INSERT INTO vat_rates (country, valid_from, rate) VALUES
  ('AT', '2019-01-01', '20'),
  ('BE', '2019-01-01', '21'),
  ('BG', '2019-01-01', '20'),
  ('CY', '2019-01-01', '19'),
  ('CZ', '2019-01-01', '21'),
  -- Germany's temporary cut, July to December 2020.
  ('DE', '2019-01-01', '19'),
  ('DE', '2020-07-01', '16'),
  ('DE', '2021-01-01', '19'),
  ('DK', '2019-01-01', '25'),
  ('EE', '2019-01-01', '20'),
  ('EE', '2024-01-01', '22'),
  ('EE', '2025-07-01', '24'),
  ('ES', '2019-01-01', '21'),
  ('FI', '2019-01-01', '24'),
  ('FI', '2024-09-01', '25.5'),
  ('FR', '2019-01-01', '20'),
  ('GR', '2019-01-01', '24'),
  ('HR', '2019-01-01', '25'),
  ('HU', '2019-01-01', '27'),
  -- Ireland's temporary cut, September 2020 to February 2021.
  ('IE', '2019-01-01', '23'),
  ('IE', '2020-09-01', '21'),
  ('IE', '2021-03-01', '23'),
  ('IT', '2019-01-01', '22'),
  ('LT', '2019-01-01', '21'),
  -- Luxembourg's temporary cut, the year 2023.
  ('LU', '2019-01-01', '17'),
  ('LU', '2023-01-01', '16'),
  ('LU', '2024-01-01', '17'),
  ('LV', '2019-01-01', '21'),
  ('MT', '2019-01-01', '18'),
  ('NL', '2019-01-01', '21'),
  ('PL', '2019-01-01', '23'),
  ('PT', '2019-01-01', '23'),
  ('RO', '2019-01-01', '19'),
  ('RO', '2025-08-01', '21'),
  ('SE', '2019-01-01', '25'),
  ('SI', '2019-01-01', '22'),
  ('SK', '2019-01-01', '20'),
  ('SK', '2025-01-01', '23');

-- The one rate per country is gone: the dated rates above are the only source.
ALTER TABLE countries DROP COLUMN vat_standard_rate;

-- A customer billed in another currency than its usage's (DOMAIN.md "Selling price of a usage
-- line"): the month's rate from Settings converts the amounts. NULL: the usage's currency.
ALTER TABLE customers ADD COLUMN billing_currency TEXT
    CHECK (billing_currency IS NULL OR billing_currency GLOB '[A-Z][A-Z][A-Z]');
