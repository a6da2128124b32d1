-- Records places withheld in Redis; one withheld before stays as it was. $1 date, $2 int[] places
INSERT INTO withheld_places (schedule_id, seat_number)
SELECT $1, seat FROM unnest($2::int[]) AS seat
ON CONFLICT DO NOTHING
