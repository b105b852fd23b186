-- The fleet of nodes that share the limits, counted in Redis: one sorted set whose
-- members are the nodes and whose scores are when each registration lapses, in
-- milliseconds of Redis's clock, so a node that stops beating drops out within one TTL.
-- One key, so it lives in one hash slot on Redis Cluster.
--
-- KEYS[1]  the fleet's key.
-- ARGV[1]  'beat' registers the node, or renews its registration, for the TTL;
--          'leave' removes it.
-- ARGV[2]  the node's id.
-- ARGV[3]  the registration's TTL in milliseconds; the key lives at least as long as
--          its longest registration.
--
-- Reply: {nodes}, the number of registered nodes, this one included after a beat.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ttl = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if ARGV[1] == 'beat' then
  redis.call('ZADD', KEYS[1], now + ttl, ARGV[2])
  -- only ever extended: a node with a shorter TTL must not cut short the registration
  -- of one that beats less often (PEXPIRE GT needs Redis 7)
  if redis.call('PTTL', KEYS[1]) < ttl then
    redis.call('PEXPIRE', KEYS[1], ttl)
  end
else
  redis.call('ZREM', KEYS[1], ARGV[2])
end
return {redis.call('ZCARD', KEYS[1])}
