-- Concerts and their bookable dates. Seats are numbered 1..total_seats; a seat's state lives in
-- reservation_seats (Postgres, the record) and in Redis (the fast gate).
CREATE TABLE concerts (
  id          BIGSERIAL PRIMARY KEY,
  title       TEXT        NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE schedules (
  id           BIGSERIAL PRIMARY KEY,
  concert_id   BIGINT      NOT NULL REFERENCES concerts (id),
  starts_at    TIMESTAMPTZ NOT NULL,
  total_seats  INT         NOT NULL CHECK (total_seats BETWEEN 1 AND 1000),
  price        BIGINT      NOT NULL CHECK (price BETWEEN 0 AND 10000000),
  created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX schedules_by_concert ON schedules (concert_id, starts_at);
