SELECT etag, body FROM concert_opening_pages WHERE concert_id = $1 AND page = $2
