CREATE TABLE balances (
  user_id     UUID        PRIMARY KEY,
  balance     BIGINT      NOT NULL DEFAULT 0 CHECK (balance >= 0 AND balance <= 1000000000000),
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE payments (
  id              UUID        PRIMARY KEY,
  reservation_id  UUID        NOT NULL UNIQUE REFERENCES reservations (id),
  user_id         UUID        NOT NULL,
  amount          BIGINT      NOT NULL CHECK (amount >= 0),
  paid_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX payments_by_user ON payments (user_id);

-- The first response to an Idempotency-Key, stored in the same transaction as its effect.
CREATE TABLE idempotency_keys (
  user_id         UUID        NOT NULL,
  idempotency_key TEXT        NOT NULL,
  operation       TEXT        NOT NULL,
  request_hash    TEXT        NOT NULL,
  response_status INT         NOT NULL,
  response_body   JSONB       NOT NULL,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, idempotency_key)
);

CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
