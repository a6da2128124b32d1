SELECT opened_at, token_ids FROM concert_openings WHERE concert_id = $1
