-- One or more limits of one client, any mix of algorithms, decided all-or-nothing:
-- every limit is read first; only if each admits the cost is any key written, so a
-- request denied by one limit consumes from none.
--
-- KEYS[i]  the state key of limit i; all keys of one call share one hash tag.
-- ARGV[1]  cost: units this request takes from every limit.
-- ARGV[3i - 1 .. 3i + 1]  limit i: its limit (units per period), its period in
--          microseconds and its burst (equal to the limit for the window algorithms).
-- ARGV[1 + 3n + i]  the algorithm of limit i (n = #KEYS): token-bucket (the default
--          when absent), gcra, fixed-window or sliding-window-log.
-- ARGV[2 + 4n]  optional mode: 'peek' decides and reports but writes nothing; 'lease'
--          takes more than the cost when every limit has it, see ARGV[3 + 4n].
-- ARGV[3 + 4n]  lease mode only: the lease size, at least the cost. If the cost fits,
--          every limit is charged the same grant, min(size, units left on each limit),
--          which is at least the cost; if it does not fit, nothing is charged, as in the
--          default mode.
--
-- Returns {allowed, remaining_1, reset_us_1, retry_us_1, ..., remaining_n, ...}, and in
-- lease mode one more element, the units granted (0 when denied):
-- allowed is 1 or 0; remaining is whole units left (after this request if allowed);
-- reset_us is the time until the limit is fully replenished (for a fixed window: until
-- the window ends); retry_us is the time until this cost would fit this limit (0 when
-- it fits now). Every value is an integer, so Redis's integer reply conversion
-- truncates nothing. Time is Redis's TIME in integer microseconds; all arithmetic stays
-- on integers below 2^53, which Lua's doubles hold exactly (the Java side bounds the
-- limits accordingly).
--
-- State per algorithm, every key written with a TTL of the time it stays meaningful:
--   token-bucket        string "tat" or "tat:rem": the time the bucket is full again,
--                       in whole microseconds plus rem/limit of a microsecond.
--   gcra                integer "tat": the same schedule with the emission interval
--                       rounded up to whole microseconds, so one number suffices.
--   fixed-window        string "window:count": the window's index since the epoch
--                       (windows are aligned to UTC) and the units admitted in it.
--   sliding-window-log  sorted set: one member per admitted unit, scored with its time.
-- A key left over from another algorithm (after a configuration change) reads as an
-- unused limit.

local function divmod(a, b)
  local q = math.floor(a / b)
  local r = a - q * b
  if r < 0 then
    q = q - 1
    r = r + b
  elseif r >= b then
    q = q + 1
    r = r - b
  end
  return q, r
end

local function ceildiv(a, b)
  local q, r = divmod(a, b)
  if r > 0 then
    return q + 1
  end
  return q
end

local function int(x)
  return string.format('%.0f', x)
end

-- The TTL in milliseconds of a key whose state means nothing any more in us microseconds.
local function ttl(us) return ceildiv(us, 1000) end

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local stored = redis.call('MGET', unpack(KEYS))

-- Each algorithm reads its key for a cost and returns a probe: fits, retry, commit()
-- writing the charged state and report(charged) returning remaining and reset.
local algorithms = {}

algorithms['token-bucket'] = function(key, value, limit, period, burst, cost)
  local capacity = burst * period
  -- debt: how far (in 1/limit microseconds) the bucket is from full
  local debt = 0
  if value then
    local sep = string.find(value, ':', 1, true)
    local tat = tonumber(sep and string.sub(value, 1, sep - 1) or value)
    local rem = tonumber(sep and string.sub(value, sep + 1) or '0')
    if tat and rem and tat >= now then
      debt = math.min((tat - now) * limit + math.min(rem, limit - 1), capacity)
    end
  end
  local after = debt + cost * period
  local probe = {fits = after <= capacity, retry = 0}
  if not probe.fits then
    probe.retry = ceildiv(after - capacity, limit)
  end
  function probe.commit()
    local whole, rem = divmod(after, limit)
    local state = int(now + whole)
    if rem > 0 then
      state = state .. ':' .. int(rem)
    end
    redis.call('SET', key, state, 'PX', ttl(ceildiv(after, limit)))
  end
  function probe.report(charged)
    local standing = charged and after or debt
    return (divmod(capacity - standing, period)), ceildiv(standing, limit)
  end
  return probe
end

algorithms['gcra'] = function(key, value, limit, period, burst, cost)
  local interval = ceildiv(period, limit)
  local tolerance = burst * interval
  local tat = math.min(math.max(tonumber(value) or now, now), now + tolerance)
  local after = tat + cost * interval
  local probe = {fits = after - now <= tolerance, retry = math.max(after - now - tolerance, 0)}
  function probe.commit()
    redis.call('SET', key, int(after), 'PX', ttl(after - now))
  end
  function probe.report(charged)
    local standing = (charged and after or tat) - now
    return (divmod(tolerance - standing, interval)), standing
  end
  return probe
end

algorithms['fixed-window'] = function(key, value, limit, period, burst, cost)
  local window = divmod(now, period)
  local until_end = (window + 1) * period - now
  local count = 0
  if value then
    local sep = string.find(value, ':', 1, true)
    if sep and tonumber(string.sub(value, 1, sep - 1)) == window then
      count = tonumber(string.sub(value, sep + 1)) or 0
    end
  end
  local probe = {fits = count + cost <= limit, retry = 0}
  if not probe.fits then
    probe.retry = until_end
  end
  function probe.commit()
    redis.call('SET', key, int(window) .. ':' .. int(count + cost), 'PX', ttl(until_end))
  end
  function probe.report(charged)
    local standing = charged and count + cost or count
    return math.max(limit - standing, 0), until_end
  end
  return probe
end

-- An entry at t counts while now - period < t. Members are the time followed by a
-- sequence number, zero-padded to the width of limit - 1, among the entries of the
-- same microsecond: unique without randomness or an extra key, and for limits up to
-- 1000 a decimal integer, which Redis's compact sorted set stores as a 64-bit integer
-- rather than as a string.
algorithms['sliding-window-log'] = function(key, value, limit, period, burst, cost)
  local since = '(' .. int(now - period)
  local count, newest = 0, now
  -- a string value is another algorithm's leftover: read it as an empty log
  if not value then
    count = redis.call('ZCOUNT', key, since, '+inf')
    if count > 0 then
      newest = tonumber(redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')[2])
    end
  end
  local probe = {fits = count + cost <= limit, retry = 0}
  if not probe.fits then
    -- the time the oldest entry that must go leaves the window; a cost above the limit
    -- (which the caller rejects before asking) never fits, so it gets a full period
    probe.retry = period
    if cost <= limit then
      local entry = redis.call('ZRANGEBYSCORE', key, since, '+inf', 'WITHSCORES', 'LIMIT', count + cost - limit - 1, 1)
      probe.retry = tonumber(entry[2]) + period - now
    end
  end
  function probe.commit()
    if value then
      redis.call('DEL', key)
    end
    redis.call('ZREMRANGEBYSCORE', key, '-inf', int(now - period))
    local score = int(now)
    local sequence = 0
    if count > 0 and newest >= now then
      sequence = redis.call('ZCOUNT', key, score, score)
    end
    local pattern = score .. '%0' .. string.len(int(limit - 1)) .. 'd'
    local args = {}
    for i = 0, cost - 1 do
      args[#args + 1] = score
      args[#args + 1] = string.format(pattern, sequence + i)
      if #args >= 1000 or i == cost - 1 then
        redis.call('ZADD', key, unpack(args))
        args = {}
      end
    end
    redis.call('PEXPIRE', key, ttl(math.max(newest, now) + period - now))
  end
  function probe.report(charged)
    local standing = charged and count + cost or count
    local reset = 0
    if standing > 0 then
      reset = (charged and math.max(newest, now) or newest) + period - now
    end
    return math.max(limit - standing, 0), reset
  end
  return probe
end

local n = #KEYS
local cost = tonumber(ARGV[1])
local mode = ARGV[2 + 4 * n]
for i = 1, n do
  local id = ARGV[1 + 3 * n + i] or 'token-bucket'
  if not algorithms[id] then
    return redis.error_reply('ERR unknown rate-limit algorithm ' .. id)
  end
end

local function probe_all(units)
  local probes = {}
  local allowed = 1
  for i = 1, n do
    local base = 3 * i - 1
    local algorithm = algorithms[ARGV[1 + 3 * n + i] or 'token-bucket']
    probes[i] = algorithm(KEYS[i], stored[i], tonumber(ARGV[base]), tonumber(ARGV[base + 1]),
      tonumber(ARGV[base + 2]), units)
    if not probes[i].fits then
      allowed = 0
    end
  end
  return probes, allowed
end

local probes, allowed = probe_all(cost)
local granted = 0
if allowed == 1 and mode == 'lease' then
  granted = tonumber(ARGV[3 + 4 * n])
  for i = 1, n do
    granted = math.min(granted, (probes[i].report(false)))
  end
  -- at least the cost, since the cost fits every limit
  probes = probe_all(granted)
end

local charge = allowed == 1 and mode ~= 'peek'
local reply = {allowed}
for i = 1, n do
  local probe = probes[i]
  if charge then
    probe.commit()
  end
  local remaining, reset = probe.report(charge)
  reply[#reply + 1] = remaining
  reply[#reply + 1] = reset
  reply[#reply + 1] = probe.retry
end
if mode == 'lease' then
  reply[#reply + 1] = granted
end
return reply
