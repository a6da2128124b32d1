-- Places an operator withheld from a date's sale: the durable copy of the "W" values in the
-- date's seat hash in Redis, written back after a Redis loss. A row is written after Redis
-- withheld the place and deleted before Redis puts it back (docs/operators.md says why).
CREATE TABLE withheld_places (
  schedule_id  BIGINT      NOT NULL REFERENCES schedules (id),
  seat_number  INTEGER     NOT NULL CHECK (seat_number > 0),
  withheld_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (schedule_id, seat_number)
);
