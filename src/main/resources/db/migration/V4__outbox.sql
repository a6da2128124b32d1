-- Events written in the same transaction as the change they describe; a relay publishes them.
CREATE TABLE outbox (
  id           BIGSERIAL   PRIMARY KEY,
  event_id     UUID        NOT NULL UNIQUE,
  topic        TEXT        NOT NULL,
  event_key    TEXT        NOT NULL,
  event_type   TEXT        NOT NULL,
  payload      JSONB       NOT NULL,
  created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  sent_at      TIMESTAMPTZ
);

CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
CREATE INDEX outbox_sent_by_age ON outbox (sent_at) WHERE sent_at IS NOT NULL;

-- Consumer side: events already applied (deduplication by eventId), and what they built.
CREATE TABLE processed_events (
  event_id      UUID        PRIMARY KEY,
  processed_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE schedule_sales (
  schedule_id   BIGINT      PRIMARY KEY,
  seats_sold    INT         NOT NULL DEFAULT 0,
  revenue       BIGINT      NOT NULL DEFAULT 0,
  payments      INT         NOT NULL DEFAULT 0,
  updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
