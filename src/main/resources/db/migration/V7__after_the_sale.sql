-- After the sale: refunds, my reservations, tickets.

-- A paid reservation can be refunded; its seats then leave the partial unique index
-- reservation_seats_one_live_per_seat (HELD, PAID only), so they can be sold again.
ALTER TABLE reservations DROP CONSTRAINT reservations_status_check;
ALTER TABLE reservations ADD CONSTRAINT reservations_status_check
  CHECK (status IN ('HELD', 'PAID', 'EXPIRED', 'CANCELLED', 'REFUNDED'));
ALTER TABLE reservation_seats DROP CONSTRAINT reservation_seats_status_check;
ALTER TABLE reservation_seats ADD CONSTRAINT reservation_seats_status_check
  CHECK (status IN ('HELD', 'PAID', 'EXPIRED', 'CANCELLED', 'REFUNDED'));

-- A user's reservations newest first (GET /reservations); its user_id prefix also serves what
-- reservations_by_user served, so that index goes (one index less on the hold path).
CREATE INDEX reservations_by_user_newest ON reservations (user_id, created_at, id);
DROP INDEX reservations_by_user;

-- One ticket a seat of a paid reservation, written in the payment's transaction. The code shown
-- to the buyer is an HMAC of (reservation, seat), so it is not stored; check-in is one conditional
-- UPDATE of this row.
CREATE TABLE tickets (
  reservation_id  UUID        NOT NULL REFERENCES reservations (id),
  seat_number     INT         NOT NULL,
  schedule_id     BIGINT      NOT NULL,
  status          TEXT        NOT NULL CHECK (status IN ('VALID', 'VOID')),
  checked_in_at   TIMESTAMPTZ,
  PRIMARY KEY (reservation_id, seat_number)
);

-- Refunded seats still to be freed in Redis: written with the refund, released right after the
-- commit and again by a sweeper about a second later (which then deletes the row), so a release
-- lost to a Redis failure, or overtaken by a late "sell", is made good within 2 s.
CREATE TABLE seat_returns (
  reservation_id  UUID        PRIMARY KEY REFERENCES reservations (id),
  schedule_id     BIGINT      NOT NULL,
  seat_numbers    INT[]       NOT NULL,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Reservations paid before tickets existed get theirs, so that every paid reservation has its tickets.
INSERT INTO tickets (reservation_id, seat_number, schedule_id, status)
SELECT r.id, seat, r.schedule_id, 'VALID' FROM reservations r, unnest(r.seat_numbers) AS seat
WHERE r.status = 'PAID';
