-- Every grade the sales projection has seen sold on a date of the concert, in the date's grade
-- order (a date of the old form has one grade and no stored order).
-- $1 concert
SELECT gs.schedule_id, gs.grade, gs.seats_sold, gs.revenue
FROM schedules s
JOIN schedule_grade_sales gs ON gs.schedule_id = s.id
LEFT JOIN schedule_grades sg ON sg.schedule_id = gs.schedule_id AND sg.name = gs.grade
WHERE s.concert_id = $1
ORDER BY gs.schedule_id, sg.position NULLS LAST, gs.grade
