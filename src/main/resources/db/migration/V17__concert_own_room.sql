-- A concert created with salesOpenAt, admitPerSecond or maxActive is sold through its own waiting
-- room only: service-wide queue tokens do not open it. Recorded at creation, because sales_open_at
-- defaults to the creation time and so cannot tell afterwards whether it was asked for.
ALTER TABLE concerts ADD COLUMN own_room BOOLEAN NOT NULL DEFAULT false;

-- Concerts from before this column: a room's own rate or cap, or a pre-queue drawn at an opening
-- (only a concert created with a future salesOpenAt has one). A concert created with a past
-- salesOpenAt and nothing else cannot be told apart from a plain one and stays open to both.
UPDATE concerts SET own_room = true
 WHERE admit_per_second IS NOT NULL OR max_active IS NOT NULL
    OR id IN (SELECT concert_id FROM concert_openings);
