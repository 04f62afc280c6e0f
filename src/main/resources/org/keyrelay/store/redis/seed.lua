-- Keyrelay: writes an instance's memory of a key into Redis when Redis has none (it was started empty, or lost its
-- data while the instance kept serving): state, health, counters and requests per day. Never a secret.
-- KEYS as update.lua. ARGV[1] channel, ARGV[2] origin, ARGV[3] provider, ARGV[4] key id,
-- ARGV[5] n hash fields, then n pairs (field, value), then pairs (day, requests).
-- Returns 1 when it wrote (and published the key's state), 0 when Redis already knew the key.
local h, days = KEYS[1], KEYS[2]
if redis.call('EXISTS', h) == 1 then return 0 end
local n = tonumber(ARGV[5])
local i = 6
local shared = {}
for _ = 1, n do
  redis.call('HSET', h, ARGV[i], ARGV[i + 1])
  shared[ARGV[i]] = ARGV[i + 1]
  i = i + 2
end
while i <= #ARGV do
  redis.call('HSET', days, ARGV[i], ARGV[i + 1])
  i = i + 2
end
local t = redis.call('TIME')
local rev = string.format('%.0f', tonumber(t[1]) * 1000000 + tonumber(t[2]))
redis.call('HSET', h, 'rev', rev)
redis.call('SADD', KEYS[3], ARGV[4])
redis.call('SADD', KEYS[4], ARGV[3])
local message = { state = shared.state, ['until'] = shared['until'], cause = shared.cause, reason = shared.reason,
  health = shared.health, since = shared.since, streak = shared.streak, models = shared.models, rev = rev,
  o = ARGV[2], p = ARGV[3], k = ARGV[4] }
redis.call('PUBLISH', ARGV[1], cjson.encode(message))
return 1
