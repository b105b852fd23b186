-- One or more limits of one client, or of several clients of one request, any mix of
-- algorithms, decided all-or-nothing: every limit is read first; only if each admits
-- the cost is any key written, so a request denied by one limit consumes from none.
--
-- Layout (dev.ratelimit.redis.LimitsScriptLayout encodes and decodes the same):
-- KEYS[i]  the state key of limit i; on Redis Cluster all keys of one call share one
--          slot (one client's keys share its hash tag; several clients' only if their
--          tags fall in one slot), elsewhere they may be any clients' keys.
-- ARGV[1]  mode: 'decide' charges the cost if every limit admits it; 'peek' decides and
--          reports but writes nothing; 'lease' charges, if the cost fits every limit,
--          min(size, units left on each limit), which is at least the cost; 'settle'
--          charges the cost to every limit whether it fits or not (units admitted while
--          the script could not be asked), so a limit may go into debt, at most one
--          burst below empty, which later requests wait out; it replies allowed.
--          'refund' gives the cost back to every limit (see refund below) and replies
--          as 'peek' does.
-- ARGV[2]  cost: units this request takes from every limit, at most each one's burst.
-- ARGV[3]  size: the units a lease takes if available (the cost in the other modes).
-- ARGV[4..]  one record per limit, in the order of KEYS: the algorithm's name, then
--          its parameters, all integers:
--          token-bucket            whole, part, denominator, capacity whole, capacity
--                                  part: one unit every whole + part/denominator
--                                  microseconds, up to the burst saved, which takes
--                                  capacity whole + capacity part/denominator to refill
--          gcra                    interval, tolerance: one unit every interval
--                                  microseconds, up to tolerance/interval at once; also
--                                  a token bucket whose interval is whole microseconds,
--                                  the same arithmetic then
--          fixed-window, sliding-window-counter, sliding-window-log
--                                  limit, period: limit units per period microseconds
--          calendar-window         limit, then four ascending boundaries in microseconds
--                                  since the epoch, consecutive windows' starts and
--                                  the last one's end (calendar periods, computed by
--                                  the caller around its own time): limit units in
--                                  the window holding now; a time outside all three
--                                  windows is an error
-- ARGV[..] in refund mode, after the records, one per limit: the window charged.
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
--   calendar-window         string "start:count": the window's start in microseconds
--                           since the epoch and the units admitted in it.
--   sliding-window-counter  string "window:previous:current": the current window's
--                           index and the units admitted in the window before and in it.
--   sliding-window-log      sorted set: one member per admission, "before:cost" (the
--                           units the set logged before it, led by a letter giving
--                           its number of digits, then its cost), scored with its
--                           time: unique, ordered, and cost-weighted in one member.
-- A key left over from another algorithm (after a configuration change) reads as an
-- unused limit. A limit in debt (after 'settle') reads as empty until the debt is
-- repaid: a bucket's schedule runs up to two capacities ahead of now, a window's count
-- up to twice the limit.

-- The TTL in milliseconds of a key whose state means nothing any more in us microseconds
-- (exact: us is an integer below 2^53, so us / 1000 is never rounded onto an integer).
local function ttl(us) return math.ceil(us / 1000) end

-- floor(a * b / m) and a * b mod m, exact for a < 2^53 and m * 256 + b * 255 < 2^53
-- even when a * b is not: Horner's rule over the base-256 digits of a. A quotient of
-- two integers below 2^53, rounded by math.floor, is off by at most one, which the
-- remainder's sign corrects (as everywhere below where the script divides).
local function muldiv(a, b, m)
  local p = 1
  if a * b < 9007199254740992 then
    a, b = a * b, 1
  else
    while p * 256 <= a do
      p = p * 256
    end
  end
  local q, r = 0, 0
  while p >= 1 do
    local digit = math.floor(a / p)
    a = a - digit * p
    local x = r * 256 + digit * b
    local dq = math.floor(x / m)
    r = x - dq * m
    if r < 0 then
      dq, r = dq - 1, r + m
    elseif r >= m then
      dq, r = dq + 1, r - m
    end
    q = q * 256 + dq
    p = p / 256
  end
  return q, r
end

-- A sliding-log member of this layout, '<letter><before>:<cost>': the units logged
-- before it and its own cost; nil for a member of any other layout (a leftover of an
-- earlier release, during a rolling upgrade).
local function logged(member)
  local sep = string.find(member, ':', 1, true)
  if not sep then
    return nil
  end
  return tonumber(string.sub(member, 2, sep - 1)), tonumber(string.sub(member, sep + 1))
end

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])

-- The index of the UTC-aligned window of the given length that holds now, exact
-- where the quotient of doubles rounds up.
local function window_at(period)
  local window = math.floor(now / period)
  if window * period > now then
    window = window - 1
  end
  return window
end
-- The one write path: 'set' a value (a) with a TTL (b); 'log' or 'relog' (a leftover
-- string deleted first) trims a sorted set below a, adds member c scored b, and sets
-- TTL d; 'none' writes nothing.
local function write(key, kind, a, b, c, d)
  if kind == 'set' then
    redis.call('SET', key, a, 'PX', b)
  elseif kind ~= 'none' then
    if kind == 'relog' then
      redis.call('DEL', key)
    end
    redis.call('ZREMRANGEBYSCORE', key, '-inf', a)
    redis.call('ZADD', key, b, c)
    redis.call('PEXPIRE', key, d)
  end
end

-- Refund mode: give each limit back units a request was charged before its response
-- said it owes less, never beyond a full limit: a bucket's schedule moves back, at most
-- to now; a window's count goes down, at most to zero, only in the window charged (a
-- sliding counter's previous window too, while it still weighs); a sliding log gives
-- nothing back (its members count every unit logged before them, so none can leave
-- from the middle). The window charged follows the records, one id per limit: a fixed
-- or sliding counter window's index, a calendar window's start, 0 for the others.
local function refund(units)
  local stored = redis.call('MGET', unpack(KEYS))
  local j = 4
  local records = {}
  for i = 1, #KEYS do
    records[i] = j
    if ARGV[j] == 'token-bucket' or ARGV[j] == 'calendar-window' then
      j = j + 6
    else
      j = j + 3
    end
  end
  for i = 1, #KEYS do
    local r, key, value = records[i], KEYS[i], stored[i]
    local id, charged = ARGV[r], tonumber(ARGV[j + i - 1])
    if id == 'gcra' and tonumber(value) and tonumber(value) > now then
      local interval, tolerance = tonumber(ARGV[r + 1]), tonumber(ARGV[r + 2])
      local debt = math.min(tonumber(value) - now, 2 * tolerance)
      if units * interval >= debt then
        redis.call('DEL', key)
      else
        debt = debt - units * interval
        write(key, 'set', string.format('%d', now + debt), ttl(debt))
      end
    elseif id == 'token-bucket' and value then
      local whole, part, den = tonumber(ARGV[r + 1]), tonumber(ARGV[r + 2]), tonumber(ARGV[r + 3])
      local cw, cp = tonumber(ARGV[r + 4]), tonumber(ARGV[r + 5])
      local sep = string.find(value, ':', 1, true)
      local tat, rem = tonumber(value), 0
      if sep then
        tat, rem = tonumber(string.sub(value, 1, sep - 1)), tonumber(string.sub(value, sep + 1))
      end
      if tat and rem and tat >= now then
        -- the debt as decide reads it, less the units' intervals
        local dw, dp = tat - now, math.min(rem, den - 1)
        local mw, mp = 2 * cw, 2 * cp
        if mp >= den then
          mw, mp = mw + 1, mp - den
        end
        if dw > mw or (dw == mw and dp > mp) then
          dw, dp = mw, mp
        end
        local uw, up = units * whole, 0
        if part > 0 then
          local qw, qp = muldiv(units, part, den)
          uw, up = uw + qw, qp
        end
        local aw, ap = dw - uw, dp - up
        if ap < 0 then
          aw, ap = aw - 1, ap + den
        end
        if aw < 0 or (aw == 0 and ap == 0) then
          redis.call('DEL', key)
        else
          local a, reset = string.format('%d', now + aw), aw
          if ap > 0 then
            a, reset = a .. ':' .. string.format('%d', ap), aw + 1
          end
          write(key, 'set', a, ttl(reset))
        end
      end
    elseif (id == 'fixed-window' or id == 'calendar-window' or id == 'sliding-window-counter') and value then
      local first = string.find(value, ':', 1, true)
      local second = first and string.find(value, ':', first + 1, true)
      if first and tonumber(string.sub(value, 1, first - 1)) then
        local window = tonumber(string.sub(value, 1, first - 1))
        local head = string.sub(value, 1, first)
        if id ~= 'sliding-window-counter' and not second and window == charged then
          local count = tonumber(string.sub(value, first + 1)) or 0
          redis.call('SET', key, head .. string.format('%d', math.max(count - units, 0)), 'KEEPTTL')
        elseif id == 'sliding-window-counter' and second then
          local previous = tonumber(string.sub(value, first + 1, second - 1)) or 0
          local current = tonumber(string.sub(value, second + 1)) or 0
          if window == charged then
            current = math.max(current - units, 0)
          elseif window == charged + 1 then
            previous = math.max(previous - units, 0)
          end
          redis.call('SET', key, head .. string.format('%d', previous) .. ':' .. string.format('%d', current),
            'KEEPTTL')
        end
      end
    end
  end
end

local mode = ARGV[1]
local cost = tonumber(ARGV[2])
if mode == 'refund' then
  -- then report how every limit stands, as peek does
  refund(cost)
  mode, cost = 'peek', 1
end
local settle = mode == 'settle'
local n = #KEYS
local stored = redis.call('MGET', unpack(KEYS))
-- Tables are sized up front for one or two limits and a lease: a table that grows costs
-- more than the rest of a decision. The reply's slots left unused are cleared before
-- returning.
local reply
if n == 1 and mode == 'decide' then
  reply = {1, 0, 0, 0}
else
  reply = {1, 0, 0, 0, 0, 0, 0, 0}
end
-- In decide mode the last limit is written as soon as it fits if every earlier one did;
-- the others wait until every limit has been read, 8 slots each: the charged remaining
-- and reset, then the write: the key, 'set' with the value and TTL, or 'log' or 'relog'
-- (a leftover string to delete first) with the trim bound, score, member and TTL.
local writes
local written = 0
if n == 2 and mode == 'decide' then
  writes = {0, 0, 0, 0, 0, 0, 0, 0}
elseif n > 1 or mode ~= 'decide' then
  writes = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
end
local units = cost
local again = true
while again do
  again = false
  reply[1] = 1
  local w = 0
  local j = 4
  for i = 1, n do
    local id, key, value = ARGV[j], KEYS[i], stored[i]
    -- the standing (remaining, reset) uncharged and, if the units fit, charged
    local fits, remaining, reset, retry, charged_remaining, charged_reset
    local kind, a, b, c, d = 'set', nil, nil, nil, nil
    if id == 'gcra' then
      local interval, tolerance = tonumber(ARGV[j + 1]), tonumber(ARGV[j + 2])
      j = j + 3
      local standing = 0
      local tat = tonumber(value)
      if tat and tat > now then
        standing = math.min(tat - now, 2 * tolerance)
      end
      local after = standing + units * interval
      if settle then
        -- a settlement stores a debt of at most two tolerances, and waits from it
        after = math.min(after, 2 * tolerance)
      end
      remaining = 0
      if standing < tolerance then
        remaining = math.floor((tolerance - standing) / interval)
        if remaining * interval > tolerance - standing then
          remaining = remaining - 1
        end
      end
      reset = standing
      fits = after <= tolerance
      retry = 0
      if not fits then
        retry = after - tolerance
      end
      if fits or settle then
        charged_remaining, charged_reset = math.max(remaining - units, 0), after
        a, b = string.format('%d', now + after), ttl(after)
      end
    elseif id == 'token-bucket' then
      local whole, part, den = tonumber(ARGV[j + 1]), tonumber(ARGV[j + 2]), tonumber(ARGV[j + 3])
      local cw, cp = tonumber(ARGV[j + 4]), tonumber(ARGV[j + 5])
      j = j + 6
      -- two capacities: the furthest a debt may run
      local mw, mp = 2 * cw, 2 * cp
      if mp >= den then
        mw, mp = mw + 1, mp - den
      end
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
          if dw > mw or (dw == mw and dp > mp) then
            dw, dp = mw, mp
          end
        end
      end
      -- after: the debt once the units are taken
      local aw, ap = dw + units * whole, dp
      if part > 0 then
        local uw, up = muldiv(units, part, den)
        aw, ap = aw + uw, ap + up
        if ap >= den then
          aw, ap = aw + 1, ap - den
        end
      end
      -- remaining: whole intervals in capacity - debt, none while in debt
      local lw, lp = cw - dw, cp - dp
      if lp < 0 then
        lw, lp = lw - 1, lp + den
      end
      if lw < 0 then
        remaining = 0
      elseif part == 0 then
        remaining = math.floor(lw / whole)
        if remaining * whole > lw then
          remaining = remaining - 1
        end
      else
        local interval = whole * den + part
        local q, r = muldiv(lw, den, interval)
        local extra = math.floor((r + lp) / interval)
        if extra * interval > r + lp then
          extra = extra - 1
        end
        remaining = q + extra
      end
      reset = dw
      if dp > 0 then
        reset = dw + 1
      end
      fits = aw < cw or (aw == cw and ap <= cp)
      if settle and (aw > mw or (aw == mw and ap > mp)) then
        -- a settlement stores a debt of at most two capacities, and waits from it
        aw, ap = mw, mp
      end
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
      end
      if fits or settle then
        charged_remaining, charged_reset = math.max(remaining - units, 0), aw
        a = string.format('%d', now + aw)
        if ap > 0 then
          a = a .. ':' .. string.format('%d', ap)
          charged_reset = aw + 1
        end
        b = ttl(charged_reset)
      end
    elseif id == 'fixed-window' or id == 'calendar-window' then
      -- window: the window's id, its index since the epoch or, for a calendar window,
      -- its start in microseconds
      local limit, window, until_end = tonumber(ARGV[j + 1]), nil, nil
      if id == 'fixed-window' then
        local period = tonumber(ARGV[j + 2])
        j = j + 3
        window = window_at(period)
        until_end = (window + 1) * period - now
      else
        -- the caller's own window first, then the one after or before it
        local start, finish = tonumber(ARGV[j + 3]), tonumber(ARGV[j + 4])
        if now >= finish then
          start, finish = finish, tonumber(ARGV[j + 5])
        elseif now < start then
          start, finish = tonumber(ARGV[j + 2]), start
        end
        j = j + 6
        if now < start or now >= finish then
          return redis.error_reply('ERR calendar window: Redis time ' .. string.format('%d', now)
            .. ' is outside the windows given, more than a window from the caller\'s clock')
        end
        window, until_end = start, finish - now
      end
      local count = 0
      if value then
        local sep = string.find(value, ':', 1, true)
        if sep and not string.find(value, ':', sep + 1, true)
            and tonumber(string.sub(value, 1, sep - 1)) == window then
          count = tonumber(string.sub(value, sep + 1)) or 0
        end
      end
      remaining = math.max(limit - count, 0)
      reset = until_end
      fits = count + units <= limit
      retry = 0
      if not fits then
        retry = until_end
      end
      if fits or settle then
        local charged = math.min(count + units, 2 * limit)
        charged_remaining, charged_reset = math.max(limit - charged, 0), until_end
        a, b = string.format('%d', window) .. ':' .. string.format('%d', charged), ttl(until_end)
      end
    elseif id == 'sliding-window-counter' then
      local limit, period = tonumber(ARGV[j + 1]), tonumber(ARGV[j + 2])
      j = j + 3
      local window = window_at(period)
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
      -- the previous window's units the rolling window still covers, rounded up
      local weighted = 0
      if previous > 0 then
        local q, r = muldiv(period - elapsed, previous, period)
        weighted = q
        if r > 0 then
          weighted = q + 1
        end
      end
      remaining = math.max(limit - current - weighted, 0)
      reset = 0
      if current > 0 then
        reset = 2 * period - elapsed
      elseif previous > 0 then
        reset = period - elapsed
      end
      fits = current + weighted + units <= limit
      retry = 0
      if fits or settle then
        local charged = math.min(current + units, 2 * limit)
        charged_remaining = math.max(limit - charged - weighted, 0)
        charged_reset = 2 * period - elapsed
        a = string.format('%d', window) .. ':' .. string.format('%d', previous) .. ':'
          .. string.format('%d', charged)
        b = ttl(charged_reset)
      end
      if fits then
        retry = 0
      elseif units > limit then
        retry = period
      elseif current + units <= limit then
        -- until the previous window weighs little enough
        retry = period - muldiv(period, limit - current - units, previous) - elapsed
      else
        -- until the next window, then until this one weighs little enough
        retry = 2 * period - elapsed - muldiv(period, limit - units, current)
      end
    elseif id == 'sliding-window-log' then
      local limit, period = tonumber(ARGV[j + 1]), tonumber(ARGV[j + 2])
      j = j + 3
      local since = now - period
      -- count: units in the window; total: units logged through the last member
      local count, newest, total = 0, now, 0
      kind = 'log'
      if value then
        kind = 'relog'
      else
        local last = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
        local before, logged_cost = nil, nil
        if last[1] then
          before, logged_cost = logged(last[1])
        end
        if last[1] and not before then
          -- not this layout's members: read as an empty log, replaced when written
          kind = 'relog'
        elseif last[1] then
          total = before + logged_cost
          if tonumber(last[2]) > since then
            newest = tonumber(last[2])
            local first = redis.call('ZRANGEBYSCORE', key, '(' .. string.format('%d', since), '+inf', 'LIMIT', 0, 1)
            -- a leftover member in front counts everything logged: it errs towards denying
            count = total - (logged(first[1]) or 0)
          end
        end
      end
      remaining = math.max(limit - count, 0)
      reset = 0
      if count > 0 then
        reset = newest + period - now
      end
      fits = count + units <= limit
      retry = 0
      -- a debt logs no more than twice the limit in the window
      local add = math.min(units, 2 * limit - count)
      if (fits or settle) and add > 0 then
        local at = math.max(newest, now)
        local digits = string.format('%d', total)
        charged_remaining, charged_reset = math.max(remaining - add, 0), at + period - now
        a, b = string.format('%d', since), string.format('%d', at)
        c = string.char(96 + string.len(digits)) .. digits .. ':' .. string.format('%d', add)
        d = ttl(charged_reset)
      elseif settle then
        kind, charged_remaining, charged_reset = 'none', remaining, reset
      end
      if fits then
        retry = 0
      elseif units > limit then
        retry = period
      else
        -- the first member (from the oldest) through which need units were logged
        -- leaves the window: the (limit - units + 1)-th from the end when every cost is
        -- 1, else found by bisection between it and the last
        local need = total + units - limit
        local function through(back)
          local found = redis.call('ZRANGE', key, -back, -back, 'WITHSCORES')
          if not found[1] then
            return 0, nil
          end
          local before, units_logged = logged(found[1])
          return (before or 0) + (units_logged or 0), tonumber(found[2])
        end
        local hi = limit - units + 1
        local through_hi, at = through(hi)
        if through_hi < need then
          -- the last member, read above, has logged all there is (total) at newest
          local lo = 1
          at = newest
          while hi - lo > 1 do
            local mid = math.floor((lo + hi) / 2)
            local logged_mid, at_mid = through(mid)
            if logged_mid >= need then
              lo, at = mid, at_mid
            else
              hi = mid
            end
          end
        end
        retry = at + period - now
      end
    else
      return redis.error_reply('ERR unknown rate-limit algorithm ' .. tostring(id))
    end
    local base = 3 * i - 1
    reply[base], reply[base + 1], reply[base + 2] = remaining, reset, retry
    if not fits and not settle then
      reply[1] = 0
    elseif i == n and mode == 'decide' and reply[1] == 1 then
      written = 1
      write(key, kind, a, b, c, d)
      reply[base], reply[base + 1] = charged_remaining, charged_reset
    else
      writes[w + 1], writes[w + 2], writes[w + 3], writes[w + 4] = charged_remaining, charged_reset, key, kind
      writes[w + 5], writes[w + 6], writes[w + 7], writes[w + 8] = a, b, c, d
      w = w + 8
    end
  end
  if mode == 'lease' and reply[1] == 1 and units == cost then
    -- take what every limit has left, at least the cost: decide again for that
    local size = tonumber(ARGV[3])
    for i = 1, n do
      size = math.min(size, reply[3 * i - 1])
    end
    if size > cost then
      units, again = size, true
    end
  end
end

if writes and reply[1] == 1 and mode ~= 'peek' then
  for i = 1, n - written do
    local w = 8 * (i - 1)
    write(writes[w + 3], writes[w + 4], writes[w + 5], writes[w + 6], writes[w + 7], writes[w + 8])
    reply[3 * i - 1], reply[3 * i] = writes[w + 1], writes[w + 2]
  end
end
local last = 3 * n + 1
if mode == 'lease' then
  last = last + 1
  reply[last] = 0
  if reply[1] == 1 then
    reply[last] = units
  end
end
for i = last + 1, #reply do
  reply[i] = nil
end
return reply
