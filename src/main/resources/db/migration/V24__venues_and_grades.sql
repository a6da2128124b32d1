-- Halls as they are: a venue is a layout of sections (seated rows, or standing floors with a
-- capacity); its places are numbered 1..capacity in layout order (dev.concert.venues.PlaceNumbering),
-- so first_seat/last_seat are derived, stored for reading. A layout never changes once created.
CREATE TABLE venues (
  id          BIGSERIAL   PRIMARY KEY,
  name        TEXT        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  capacity    INT         NOT NULL CHECK (capacity BETWEEN 1 AND 100000),
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE venue_sections (
  id          BIGSERIAL PRIMARY KEY,
  venue_id    BIGINT    NOT NULL REFERENCES venues (id),
  position    INT       NOT NULL CHECK (position >= 1),
  name        TEXT      NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  kind        TEXT      NOT NULL CHECK (kind IN ('SEATED', 'STANDING')),
  first_seat  INT       NOT NULL CHECK (first_seat >= 1),
  last_seat   INT       NOT NULL CHECK (last_seat >= first_seat AND last_seat <= 100000),
  -- SEATED: [{"label","seats"}] in layout order; STANDING: null.
  seat_rows   JSONB,
  -- {"x","y","width","height","rotation"} on a 1000 x 1000 plane, or null.
  shape       JSONB,
  UNIQUE (venue_id, position),
  UNIQUE (venue_id, name),
  CHECK ((kind = 'SEATED') = (seat_rows IS NOT NULL))
);

-- A date in a venue: venue_id set, total_seats the venue's capacity. Without one, the old form: a
-- one-section hall of total_seats at one price.
ALTER TABLE schedules ADD COLUMN venue_id BIGINT REFERENCES venues (id);
ALTER TABLE schedules DROP CONSTRAINT schedules_total_seats_check;
ALTER TABLE schedules ADD CONSTRAINT schedules_total_seats_check CHECK (total_seats BETWEEN 1 AND 100000);

-- The grades of a venue date: every section of the venue in exactly one grade (checked by the
-- service when the date is created; a date never changes after).
CREATE TABLE schedule_grades (
  schedule_id  BIGINT NOT NULL REFERENCES schedules (id),
  position     INT    NOT NULL CHECK (position >= 1),
  name         TEXT   NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  price        BIGINT NOT NULL CHECK (price BETWEEN 0 AND 10000000),
  sections     TEXT[] NOT NULL,
  PRIMARY KEY (schedule_id, position),
  UNIQUE (schedule_id, name)
);

-- A reservation's places as sold: [{"seatNumber","section","row","seat","grade","price"}]
-- (amount is their sum). Null on reservations made before this column.
ALTER TABLE reservations ADD COLUMN seats JSONB;
