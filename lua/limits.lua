-- One or more limits of one client, any mix of algorithms, decided all-or-nothing:
-- every limit is read first; only if each admits the cost is any key written, so a
-- request denied by one limit consumes from none.
--
-- Layout (dev.ratelimit.redis.LimitsScriptLayout encodes and decodes the same):
-- KEYS[i]  the state key of limit i; all keys of one call share one hash tag.
-- ARGV[1]  mode: 'decide' charges the cost if every limit admits it; 'peek' decides and
--          reports but writes nothing; 'lease' charges, if the cost fits every limit,
--          min(size, units left on each limit), which is at least the cost.
-- ARGV[2]  cost: units this request takes from every limit, at most each one's burst.
-- ARGV[3]  size: the units a lease takes if available (the cost in the other modes).
-- ARGV[4..]  one record per limit, in the order of KEYS: the algorithm's name, then
--          its parameters, all integers:
--          token-bucket            whole, part, denominator, capacity whole, capacity
--                                  part: one unit every whole + part/denominator
--                                  microseconds, up to the burst saved, which takes
--                                  capacity whole + capacity part/denominator to refill
--          gcra                    interval, tolerance: one unit every interval
--                                  microseconds, up to tolerance/interval at once
--          fixed-window, sliding-window-counter, sliding-window-log
--                                  limit, period: limit units per period microseconds
--
-- Reply: {allowed, remaining 1, reset 1, retry 1, ..., remaining n, reset n, retry n},
-- and in lease mode one more element, the units granted (0 when denied). allowed is 1
-- or 0; remaining is whole units left (after this request if it was charged); reset is
-- the time in microseconds until the limit is fully replenished; retry is the time in
-- microseconds until this cost would fit this limit (0 when it fits now). Every value
-- is an integer, so Redis's integer reply conversion truncates nothing.
--
-- Time is Redis's TIME in integer microseconds. Lua numbers are doubles, exact below
-- 2^53: every value the script keeps stays below it (limits and bursts up to 10^9,
-- periods up to 366 days, a burst refilled within 100 years), and the products that
-- would not (a count times a period, a whole part times a denominator) go through
-- muldiv, which splits them into exact steps.
--
-- State per algorithm, every key written with a TTL of the time it stays meaningful:
--   token-bucket            string "tat" or "tat:part": the time the bucket is full
--                           again, in whole microseconds plus part/denominator.
--   gcra                    integer "tat": the same schedule with the interval rounded
--                           up to whole microseconds, so one number suffices.
--   fixed-window            string "window:count": the window's index since the epoch
--                           (windows are aligned to UTC) and the units admitted in it.
--   sliding-window-counter  string "window:previous:current": the current window's
--                           index and the units admitted in the window before and in it.
--   sliding-window-log      sorted set: one member per admission, "before:cost" (the
--                           units the set logged before it, led by a letter giving
--                           its number of digits, then its cost), scored with its
--                           time: unique, ordered, and cost-weighted in one member.
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

-- floor(a * b / m) and a * b mod m, exact for a < 2^53 and m * 256 + b * 255 < 2^53
-- even when a * b is not: Horner's rule over the base-256 digits of a.
local function muldiv(a, b, m)
  if a * b < 9007199254740992 then
    return divmod(a * b, m)
  end
  local p = 1
  while p * 256 <= a do
    p = p * 256
  end
  local q, r = 0, 0
  while p >= 1 do
    local digit = math.floor(a / p)
    a = a - digit * p
    local dq, dr = divmod(r * 256 + digit * b, m)
    q = q * 256 + dq
    r = dr
    p = p / 256
  end
  return q, r
end

-- The TTL in milliseconds of a key whose state means nothing any more in us microseconds.
local function ttl(us) return ceildiv(us, 1000) end

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local mode = ARGV[1]
local cost = tonumber(ARGV[2])
local n = #KEYS
local stored = redis.call('MGET', unpack(KEYS))
local reply = {1}

-- A log member: "before:cost" with before, the units logged earlier, led by a letter
-- giving its number of digits ('a' for one), so that members of one score sort by
-- before. Returns the units logged through the member and before, or nil if it is not
-- one of this script's members.
local function logged(member)
  local sep = string.find(member, ':', 1, true)
  if not sep then
    return nil
  end
  local before = tonumber(string.sub(member, 2, sep - 1))
  return before + tonumber(string.sub(member, sep + 1)), before
end

local function member(before, units)
  local digits = string.format('%d', before)
  return string.char(96 + string.len(digits)) .. digits .. ':' .. string.format('%d', units)
end

-- Decides limit i, whose record starts at ARGV[j], for units: sets its three reply
-- elements, charges it if charge and it fits, and returns whether it fits and where
-- the next record starts (nil and the name for an unknown algorithm).
local function decide(i, j, units, charge)
  local id = ARGV[j]
  local key = KEYS[i]
  local value = stored[i]
  local fits, remaining, reset, retry
  if id == 'gcra' then
    local interval, tolerance = tonumber(ARGV[j + 1]), tonumber(ARGV[j + 2])
    j = j + 3
    local standing = 0
    local tat = tonumber(value)
    if tat and tat > now then
      standing = math.min(tat - now, tolerance)
    end
    local after = standing + units * interval
    fits = after <= tolerance
    retry = 0
    if not fits then
      retry = after - tolerance
    elseif charge then
      redis.call('SET', key, string.format('%d', now + after), 'PX', ttl(after))
      standing = after
    end
    remaining = math.floor((tolerance - standing) / interval)
    if remaining * interval > tolerance - standing then
      remaining = remaining - 1
    end
    reset = standing
  elseif id == 'token-bucket' then
    local whole, part, den = tonumber(ARGV[j + 1]), tonumber(ARGV[j + 2]), tonumber(ARGV[j + 3])
    local cw, cp = tonumber(ARGV[j + 4]), tonumber(ARGV[j + 5])
    j = j + 6
    -- debt: how long until the bucket is full again, dw + dp/den microseconds
    local dw, dp = 0, 0
    if value then
      local sep = string.find(value, ':', 1, true)
      local tat, rem = tonumber(value), 0
      if sep then
        tat, rem = tonumber(string.sub(value, 1, sep - 1)), tonumber(string.sub(value, sep + 1))
      end
      if tat and rem and tat >= now then
        dw, dp = tat - now, math.min(rem, den - 1)
        if dw > cw or (dw == cw and dp > cp) then
          dw, dp = cw, cp
        end
      end
    end
    local aw, ap = dw + units * whole, dp
    if part > 0 then
      local w, p = muldiv(units, part, den)
      aw, ap = aw + w, ap + p
      if ap >= den then
        aw, ap = aw + 1, ap - den
      end
    end
    fits = aw < cw or (aw == cw and ap <= cp)
    retry = 0
    if not fits then
      local xw, xp = aw - cw, ap - cp
      if xp < 0 then
        xw, xp = xw - 1, xp + den
      end
      retry = xw
      if xp > 0 then
        retry = xw + 1
      end
    elseif charge then
      local state = string.format('%d', now + aw)
      local full = aw
      if ap > 0 then
        state = state .. ':' .. string.format('%d', ap)
        full = aw + 1
      end
      redis.call('SET', key, state, 'PX', ttl(full))
      dw, dp = aw, ap
    end
    -- remaining: whole intervals in capacity - debt
    local lw, lp = cw - dw, cp - dp
    if lp < 0 then
      lw, lp = lw - 1, lp + den
    end
    if part == 0 then
      remaining = divmod(lw, whole)
    else
      local interval = whole * den + part
      local q, r = muldiv(lw, den, interval)
      remaining = q + divmod(r + lp, interval)
    end
    reset = dw
    if dp > 0 then
      reset = dw + 1
    end
  elseif id == 'fixed-window' then
    local limit, period = tonumber(ARGV[j + 1]), tonumber(ARGV[j + 2])
    j = j + 3
    local window = divmod(now, period)
    local until_end = (window + 1) * period - now
    local count = 0
    if value then
      local sep = string.find(value, ':', 1, true)
      if sep and not string.find(value, ':', sep + 1, true)
          and tonumber(string.sub(value, 1, sep - 1)) == window then
        count = tonumber(string.sub(value, sep + 1)) or 0
      end
    end
    fits = count + units <= limit
    retry = 0
    if not fits then
      retry = until_end
    elseif charge then
      count = count + units
      redis.call('SET', key, string.format('%d', window) .. ':' .. string.format('%d', count), 'PX', ttl(until_end))
    end
    remaining = math.max(limit - count, 0)
    reset = until_end
  elseif id == 'sliding-window-counter' then
    local limit, period = tonumber(ARGV[j + 1]), tonumber(ARGV[j + 2])
    j = j + 3
    local window = divmod(now, period)
    local elapsed = now - window * period
    local previous, current = 0, 0
    if value then
      local first = string.find(value, ':', 1, true)
      local second = first and string.find(value, ':', first + 1, true)
      if second then
        local stored_window = tonumber(string.sub(value, 1, first - 1))
        if stored_window == window then
          previous = tonumber(string.sub(value, first + 1, second - 1)) or 0
          current = tonumber(string.sub(value, second + 1)) or 0
        elseif stored_window == window - 1 then
          previous = tonumber(string.sub(value, second + 1)) or 0
        end
      end
    end
    -- the previous window's units still covered, rounded up
    local weighted = 0
    if previous > 0 then
      local q, r = muldiv(period - elapsed, previous, period)
      weighted = q
      if r > 0 then
        weighted = q + 1
      end
    end
    fits = current + weighted + units <= limit
    retry = 0
    if not fits then
      if units > limit then
        retry = period
      elseif current + units <= limit then
        retry = period - muldiv(period, limit - current - units, previous) - elapsed
      else
        retry = 2 * period - elapsed - muldiv(period, limit - units, current)
      end
    elseif charge then
      current = current + units
      redis.call('SET', key, string.format('%d', window) .. ':' .. string.format('%d', previous) .. ':'
        .. string.format('%d', current), 'PX', ttl(2 * period - elapsed))
    end
    remaining = math.max(limit - current - weighted, 0)
    reset = 0
    if current > 0 then
      reset = 2 * period - elapsed
    elseif previous > 0 then
      reset = period - elapsed
    end
  elseif id == 'sliding-window-log' then
    local limit, period = tonumber(ARGV[j + 1]), tonumber(ARGV[j + 2])
    j = j + 3
    local since = now - period
    -- count: units in the window; total: units logged through the last member
    local count, newest, total = 0, now, 0
    local log = not value
    if log then
      local last = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
      if last[1] then
        total = logged(last[1])
        if not total then
          -- not this layout's members: read as an empty log, replaced when written
          log, total = false, 0
        elseif tonumber(last[2]) > since then
          newest = tonumber(last[2])
          local first = redis.call('ZRANGEBYSCORE', key, '(' .. string.format('%d', since), '+inf', 'LIMIT', 0, 1)
          local _, before = logged(first[1])
          count = total - before
        end
      end
    end
    fits = count + units <= limit
    retry = 0
    if not fits then
      -- the time the entry that must go for the cost to fit leaves the window: the
      -- first (from the oldest) through which at least need units were logged; the
      -- count-th member from the end when every cost is 1, else found by bisection
      retry = period
      if units <= limit then
        local need = total + units - limit
        local function entry(back)
          local found = redis.call('ZRANGE', key, -back, -back, 'WITHSCORES')
          if found[1] and logged(found[1]) >= need then
            return tonumber(found[2])
          end
          return nil
        end
        local hi = limit - units + 1
        local at = entry(hi)
        if not at then
          local lo = 1
          at = entry(1)
          while hi - lo > 1 do
            local mid = math.floor((lo + hi) / 2)
            local t = entry(mid)
            if t then
              lo, at = mid, t
            else
              hi = mid
            end
          end
        end
        retry = at + period - now
      end
    elseif charge then
      if not log then
        redis.call('DEL', key)
      end
      redis.call('ZREMRANGEBYSCORE', key, '-inf', string.format('%d', since))
      newest = math.max(newest, now)
      redis.call('ZADD', key, string.format('%d', newest), member(total, units))
      redis.call('PEXPIRE', key, ttl(newest + period - now))
      count = count + units
    end
    remaining = math.max(limit - count, 0)
    reset = 0
    if count > 0 then
      reset = newest + period - now
    end
  else
    return nil, id
  end
  local base = 3 * i - 1
  reply[base] = remaining
  reply[base + 1] = reset
  reply[base + 2] = retry
  return fits, j
end

-- One limit deciding alone needs one pass: it is charged if it fits.
local function unknown(id)
  return redis.error_reply('ERR unknown rate-limit algorithm ' .. tostring(id))
end

if n == 1 and mode == 'decide' then
  local fits, id = decide(1, 4, cost, true)
  if fits == nil then
    return unknown(id)
  end
  if not fits then
    reply[1] = 0
  end
  return reply
end

local j = 4
for i = 1, n do
  local fits
  fits, j = decide(i, j, cost, false)
  if fits == nil then
    return unknown(j)
  end
  if not fits then
    reply[1] = 0
  end
end
local granted = 0
if reply[1] == 1 and mode ~= 'peek' then
  granted = cost
  if mode == 'lease' then
    granted = tonumber(ARGV[3])
    for i = 1, n do
      -- the units left, nothing taken yet
      granted = math.min(granted, reply[3 * i - 1])
    end
  end
  j = 4
  for i = 1, n do
    local _
    _, j = decide(i, j, granted, true)
  end
end
if mode == 'lease' then
  reply[3 * n + 2] = granted
end
return reply
