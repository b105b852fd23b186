-- Forgets the state of the given limits of one client, restoring them in full.
--
-- KEYS  the state keys; all keys of one call share one hash tag.
--
-- Returns {deleted}: how many of the keys existed.

return {redis.call('DEL', unpack(KEYS))}
