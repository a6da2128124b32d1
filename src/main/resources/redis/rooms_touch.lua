-- Puts a room on the list of rooms the admission timer visits (rooms with tokens), due at
-- ARGV 2 (its opening, or now), and bumps its version so that a concurrent idle check keeps it.
-- KEYS: 1 due zset (room -> due ms), 2 version hash (room -> n). ARGV: 1 room, 2 due ms
redis.call('ZADD', KEYS[1], 'LT', tonumber(ARGV[2]), ARGV[1])
return redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
