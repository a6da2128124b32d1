-- Whether this Redis (this master, on a cluster) still holds what the service wrote to it. The
-- marker key is written once and never expires, so it vanishes with the rest of the data (FLUSHDB,
-- FLUSHALL, a restart without persistence). The run id changes on every restart of the server,
-- also one that came back from an older snapshot with the marker but without the latest writes.
-- KEYS: 1 the marker key. ARGV: 1 a fresh marker value, written only if the marker is missing.
-- Returns {marker value, 1 if it was missing and has just been written else 0, the server's run id}
local value = redis.call('GET', KEYS[1])
local created = 0
if not value then
  redis.call('SET', KEYS[1], ARGV[1])
  value = ARGV[1]
  created = 1
end
local runId = string.match(redis.call('INFO', 'server'), 'run_id:(%w+)') or ''
return {value, created, runId}
