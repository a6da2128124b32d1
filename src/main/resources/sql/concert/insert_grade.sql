-- $1 schedule, $2 position (creation order), $3 name, $4 price, $5 the venue's section names in it
INSERT INTO schedule_grades (schedule_id, position, name, price, sections) VALUES ($1, $2, $3, $4, $5)
