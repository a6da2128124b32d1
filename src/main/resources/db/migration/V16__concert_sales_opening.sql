-- A concert's sale opens at sales_open_at; its waiting room may have its own rate and cap (NULL:
-- the service-wide CONCERT_QUEUE_* values). opening_seed is the secret that orders the pre-queue
-- at the opening; SHA-256 of it is published before the opening, the seed itself after.
ALTER TABLE concerts
  ADD COLUMN sales_open_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
  ADD COLUMN admit_per_second INT CHECK (admit_per_second BETWEEN 1 AND 1000000),
  ADD COLUMN max_active       INT CHECK (max_active BETWEEN 1 AND 10000000),
  -- Concerts created before this migration get a random seed too (their rooms open at once).
  ADD COLUMN opening_seed     BYTEA NOT NULL
    DEFAULT decode(md5(random()::text || clock_timestamp()::text) || md5(random()::text || clock_timestamp()::text), 'hex')
    CHECK (length(opening_seed) = 32);

-- The pre-queue as the opening ordered it (written once, by the instance whose opening step won):
-- with the seed, anyone can recompute the order from the set of token ids.
CREATE TABLE concert_openings (
  concert_id  BIGINT      PRIMARY KEY REFERENCES concerts (id),
  opened_at   TIMESTAMPTZ NOT NULL,
  token_ids   TEXT[]      NOT NULL
);
