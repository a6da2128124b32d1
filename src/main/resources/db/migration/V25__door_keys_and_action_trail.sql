-- Door keys: one date's check-in, nothing else. Only the key's SHA-256 (hex) is kept: the key is
-- 256 random bits, so a fast hash can be neither reversed nor guessed (docs/operators.md). A check-in
-- finds its key by that hash in one index lookup, so a revocation holds on every instance at once.
CREATE TABLE door_keys (
  key_id       UUID        PRIMARY KEY,
  key_hash     TEXT        NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
  schedule_id  BIGINT      NOT NULL REFERENCES schedules (id),
  label        TEXT        NOT NULL,
  created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  revoked_at   TIMESTAMPTZ
);

-- Every operator's write (admin and door keys), written in the write's own transaction. Read
-- newest first by id, a page at a time (the primary key's index, scanned backwards).
CREATE TABLE operator_actions (
  id       BIGSERIAL   PRIMARY KEY,
  at       TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
  actor    TEXT        NOT NULL,
  action   TEXT        NOT NULL,
  target   TEXT        NOT NULL,
  detail   JSONB       NOT NULL
);
