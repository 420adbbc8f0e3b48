-- The data some migrations leave for the program to compute (SQLite has no SHA-256 and sums decimals
-- in floating point): the seals of migration 0031, the usage sums of 0040, the group sums of 0041.
-- Each backfill runs once per book, after the migrations, in the transaction that records it here,
-- and never again: `done` is what it computed, `left_undone` what it could not (a month or a group
-- whose stored rows do not sum stays as it is; the usage screen and the billing run say why).
CREATE TABLE backfills (
    name        TEXT PRIMARY KEY,
    ran_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    done        INTEGER NOT NULL,
    left_undone INTEGER NOT NULL
) WITHOUT ROWID;
