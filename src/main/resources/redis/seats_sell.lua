-- Marks a paid reservation's seats sold for good. Postgres has committed the sale, so this
-- overwrites whatever Redis holds for these seats.
-- KEYS: 1 the schedule's seat hash. ARGV: 1 reservationId, 2.. seat numbers.
local value = 'S:' .. ARGV[1]
for i = 2, #ARGV do
  redis.call('HSET', KEYS[1], ARGV[i], value)
end
return #ARGV - 1
