-- One request against a rate limit, counted across instances (see rate_bucket.lua).
-- KEYS: 1 the limited thing (a user's or an address's counter). ARGV: 1 limit, 2 period ms.
-- Returns {1, 0} when allowed, {0, ms until the next request would be allowed} when refused.
-- #include rate_bucket
local retry = gcra_acquire(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]))
if retry > 0 then
  return {0, retry}
end
return {1, 0}
