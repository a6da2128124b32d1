-- Forgets places about to be put back on sale. $1 date, $2 int[] places
DELETE FROM withheld_places WHERE schedule_id = $1 AND seat_number = ANY($2::int[])
