-- Permits of concurrency limits: the requests of one client in flight at once. One
-- sorted set per client and limit, whose members are the permits' ids and whose scores
-- are when each lapses, in milliseconds of Redis's clock, so a permit whose node stops
-- renewing it (a node killed while serving) drops out within one maximum duration.
--
-- ARGV[1]  mode:
--   'acquire'  KEYS[1] the permits' key; ARGV[2] the limit; ARGV[3] the maximum
--              duration in milliseconds; ARGV[4] the new permit's id. Drops lapsed
--              permits, then grants the new one if fewer than the limit are held.
--              Reply: {allowed, in flight}: allowed is 1 or 0; in flight counts the
--              permits held after the call, the granted one included.
--   'release'  KEYS[1] the permits' key; ARGV[2] the permit's id. Reply: {removed}.
--   'renew'    KEYS[i] the key of permit i, ARGV[2i] its maximum duration in
--              milliseconds, ARGV[2i + 1] its id. Extends every permit still held; a
--              lapsed or released one is not added again (ZADD XX), so a renewal racing
--              a release cannot bring a permit back. On Redis Cluster all keys of one
--              call share one slot. Reply: {renewed}.
-- Each key lives at least as long as its latest permit, so an abandoned set expires.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

-- only ever extended: a permit of a shorter maximum duration must not cut short a
-- longer one's (PEXPIRE GT needs Redis 7)
local function keep(key, duration)
  if redis.call('PTTL', key) < duration then
    redis.call('PEXPIRE', key, duration)
  end
end

local mode = ARGV[1]
if mode == 'acquire' then
  local key = KEYS[1]
  local limit = tonumber(ARGV[2])
  local duration = tonumber(ARGV[3])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
  local held = redis.call('ZCARD', key)
  if held >= limit then
    return {0, held}
  end
  redis.call('ZADD', key, now + duration, ARGV[4])
  keep(key, duration)
  return {1, held + 1}
elseif mode == 'release' then
  return {redis.call('ZREM', KEYS[1], ARGV[2])}
elseif mode == 'renew' then
  local renewed = 0
  for i = 1, #KEYS do
    local duration = tonumber(ARGV[2 * i])
    renewed = renewed + redis.call('ZADD', KEYS[i], 'XX', 'CH', now + duration, ARGV[2 * i + 1])
    keep(KEYS[i], duration)
  end
  return {renewed}
end
return redis.error_reply('unknown mode ' .. tostring(mode))
