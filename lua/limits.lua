-- Token bucket (in its GCRA form) over one or more limits, decided all-or-nothing.
--
-- KEYS[i]  the state key of limit i; all keys of one call share one hash tag.
-- ARGV[1]  cost: tokens this request takes from every limit.
-- ARGV[1 + 3i - 2 .. 1 + 3i]  limit i: its limit (tokens per period), its period in
--          microseconds and its burst (bucket capacity).
--
-- State per key is one string "tat" or "tat:rem": the theoretical arrival time of
-- the next token, in whole Redis-clock microseconds plus rem/limit of a microsecond.
-- All arithmetic is on integers below 2^53, so Lua's doubles hold it exactly; the
-- Java side rejects limits for which burst * period_us could exceed 2^52.
--
-- Returns {allowed, remaining_1, reset_us_1, retry_us_1, ..., remaining_n, ...}:
-- allowed is 1 or 0; remaining is whole tokens left (after this request if allowed;
-- a denied request consumes nothing from any limit); reset_us is the time until the
-- bucket is full again; retry_us is the time until this cost would fit this limit
-- (0 when it fits now). Every value is an integer, so
-- Redis's integer reply conversion truncates nothing.

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

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local cost = tonumber(ARGV[1])
local stored = redis.call('MGET', unpack(KEYS))

local allowed = 1
local limits, periods, capacities, debts = {}, {}, {}, {}
for i = 1, #KEYS do
  local base = 3 * i - 1
  local limit = tonumber(ARGV[base])
  local period = tonumber(ARGV[base + 1])
  local capacity = tonumber(ARGV[base + 2]) * period
  -- debt: how far (in 1/limit microseconds) the bucket is from full
  local debt = 0
  local value = stored[i]
  if value then
    local sep = string.find(value, ':', 1, true)
    local tat = tonumber(sep and string.sub(value, 1, sep - 1) or value)
    local rem = tonumber(sep and string.sub(value, sep + 1) or '0')
    if tat and rem and tat >= now then
      debt = math.min((tat - now) * limit + math.min(rem, limit - 1), capacity)
    end
  end
  limits[i], periods[i], capacities[i], debts[i] = limit, period, capacity, debt
  if debt + cost * period > capacity then
    allowed = 0
  end
end

local reply = {allowed}
for i = 1, #KEYS do
  local limit, period, capacity, debt = limits[i], periods[i], capacities[i], debts[i]
  local after = debt + cost * period
  local retry = 0
  if after > capacity then
    retry = ceildiv(after - capacity, limit)
  end
  if allowed == 1 then
    local whole, rem = divmod(after, limit)
    local value = string.format('%.0f', now + whole)
    if rem > 0 then
      value = value .. ':' .. string.format('%.0f', rem)
    end
    redis.call('SET', KEYS[i], value, 'PX', ceildiv(after, limit * 1000))
    debt = after
  end
  reply[#reply + 1] = divmod(capacity - debt, period)
  reply[#reply + 1] = ceildiv(debt, limit)
  reply[#reply + 1] = retry
end
return reply
