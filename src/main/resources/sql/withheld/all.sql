-- Every withheld place, for the rebuild of Redis after a loss.
SELECT schedule_id, seat_number FROM withheld_places ORDER BY schedule_id, seat_number
