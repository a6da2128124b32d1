-- $1 schedule
SELECT schedule_id, seats_sold, revenue, payments FROM schedule_sales WHERE schedule_id = $1
