-- The "as of" date is how a person looks at the book, not a setting of it: `business.today` leaves
-- the book. A demo book keeps its pinned business date (the default date of its writes) under its
-- own key; in a real book the value was only the window's viewing date and is dropped, so writes
-- default to the computer's date again.
INSERT INTO settings (key, value)
SELECT 'demo.today', value FROM settings
WHERE key = 'business.today' AND TRIM(value) <> ''
  AND EXISTS (SELECT 1 FROM settings WHERE key = 'demo.book')
ON CONFLICT(key) DO UPDATE SET value = excluded.value;

DELETE FROM settings WHERE key = 'business.today';
