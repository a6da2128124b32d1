SELECT EXISTS (SELECT 1 FROM concert_opening_pages WHERE concert_id = $1 AND page = 1) AS published
