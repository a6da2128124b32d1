-- A hold of 1..4 seats of one schedule by one user.
CREATE TABLE reservations (
  id            UUID        PRIMARY KEY,
  user_id       UUID        NOT NULL,
  schedule_id   BIGINT      NOT NULL REFERENCES schedules (id),
  seat_numbers  INT[]       NOT NULL,
  amount        BIGINT      NOT NULL CHECK (amount >= 0),
  status        TEXT        NOT NULL CHECK (status IN ('HELD', 'PAID', 'EXPIRED', 'CANCELLED')),
  held_until    TIMESTAMPTZ NOT NULL,
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The expiry sweeper's claim: due holds in held_until order.
CREATE INDEX reservations_due_holds ON reservations (held_until) WHERE status = 'HELD';
CREATE INDEX reservations_by_user ON reservations (user_id);

-- One row per seat of a reservation; its status follows the reservation's.
CREATE TABLE reservation_seats (
  reservation_id  UUID   NOT NULL REFERENCES reservations (id),
  schedule_id     BIGINT NOT NULL,
  seat_number     INT    NOT NULL CHECK (seat_number >= 1),
  status          TEXT   NOT NULL CHECK (status IN ('HELD', 'PAID', 'EXPIRED', 'CANCELLED')),
  PRIMARY KEY (reservation_id, seat_number)
);

-- The last line of defence: a seat is held or sold by at most one reservation, even if Redis
-- were wrong or empty.
CREATE UNIQUE INDEX reservation_seats_one_live_per_seat
  ON reservation_seats (schedule_id, seat_number)
  WHERE status IN ('HELD', 'PAID');
