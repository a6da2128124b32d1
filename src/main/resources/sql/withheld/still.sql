-- Which of these places are withheld in the record now. $1 date, $2 int[] places
SELECT seat_number FROM withheld_places WHERE schedule_id = $1 AND seat_number = ANY($2::int[])
