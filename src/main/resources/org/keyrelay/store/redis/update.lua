-- Keyrelay: one pool operation on one key, applied atomically, by the same rules KeyPool applies (pool/KeyPool.java).
-- KEYS[1] the key's hash, KEYS[2] its requests per day, KEYS[3] the provider's key ids, KEYS[4] the provider ids
-- ARGV[1] channel, ARGV[2] origin instance, ARGV[3] provider, ARGV[4] key id, ARGV[5] now (epoch ms),
-- ARGV[6] today (yyyy-mm-dd, UTC), ARGV[7] the first day still kept, ARGV[8] n counters, then n pairs (field, amount)
-- ('day' counts a request on today), then the operations, each a name and its arguments (RedisUpdate.java).
-- Publishes the key's shared state on the channel when an operation changed it; returns 1 then, else 0.
local h, days = KEYS[1], KEYS[2]
local now = tonumber(ARGV[5])
redis.call('SADD', KEYS[3], ARGV[4])
redis.call('SADD', KEYS[4], ARGV[3])
local i = 8
local n = tonumber(ARGV[i])
i = i + 1
for _ = 1, n do
  local field, by = ARGV[i], ARGV[i + 1]
  i = i + 2
  if field == 'day' then
    if redis.call('HINCRBY', days, ARGV[6], by) == tonumber(by) then
      -- a new day: drop the days no longer kept
      for _, d in ipairs(redis.call('HKEYS', days)) do
        if d < ARGV[7] then redis.call('HDEL', days, d) end
      end
    end
  else
    redis.call('HINCRBY', h, field, by)
  end
end
if i > #ARGV then return 0 end

local raw = redis.call('HMGET', h, 'state', 'until', 'cause', 'reason', 'health', 'since', 'streak', 'models', 'rev')
local state = raw[1] or 'ACTIVE'
local till = raw[2] and tonumber(raw[2]) or nil
local cause = raw[3] or nil
local reason = raw[4] or nil
local health = tonumber(raw[5] or '100')
local since = raw[6] and tonumber(raw[6]) or nil
local streak = tonumber(raw[7] or '0')
local models = raw[8] and cjson.decode(raw[8]) or {}
local changed = false

local function set_state(st, u, c, r)
  state, till, cause, reason = st, u, c, r
  changed = true
end

while i <= #ARGV do
  local op = ARGV[i]
  if op == 'cool' then
    -- a cooldown never shortens one in force, and never touches a disabled or invalid key
    local u = tonumber(ARGV[i + 1])
    if state ~= 'DISABLED' and state ~= 'INVALID' and not (state == 'COOLING' and till and u <= till) then
      set_state('COOLING', u, ARGV[i + 2], ARGV[i + 3])
    end
    i = i + 4
  elseif op == 'invalid' then
    if state ~= 'DISABLED' then set_state('INVALID', tonumber(ARGV[i + 1]), 'KEY_INVALID', ARGV[i + 2]) end
    i = i + 3
  elseif op == 'probe' then
    if state == 'INVALID' then
      till = tonumber(ARGV[i + 1])
      changed = true
    end
    i = i + 2
  elseif op == 'clear' then
    -- a success brings back a key cooling for a rate limit, or an invalid one; other cooldowns stay
    if state == 'INVALID' or (state == 'COOLING' and cause == 'RATE_LIMITED') then
      set_state('ACTIVE', nil, nil, ARGV[i + 1])
    end
    i = i + 2
  elseif op == 'disable' then
    set_state('DISABLED', nil, nil, ARGV[i + 1])
    i = i + 2
  elseif op == 'enable' or op == 'reset' then
    -- a reset leaves a disabled key disabled
    if op == 'enable' or state == 'COOLING' or state == 'INVALID' then set_state('ACTIVE', nil, nil, ARGV[i + 1]) end
    health, since, streak, models = 100, nil, 0, {}
    changed = true
    i = i + 2
  elseif op == 'model' then
    local m, u = ARGV[i + 1], tonumber(ARGV[i + 2])
    if not models[m] or tonumber(models[m]) < u then models[m] = ARGV[i + 2] end
    for k, v in pairs(models) do
      if tonumber(v) < now then models[k] = nil end
    end
    changed = true
    i = i + 3
  elseif op == 'health' then
    -- pool/Health.java: +points per whole period since the last penalty, up to 100; a penalty restarts the count
    local delta, points, every = tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2]), tonumber(ARGV[i + 3])
    if since and health < 100 and now >= since then
      local periods = math.floor((now - since) / every)
      if periods > 0 then
        health = math.min(100, health + periods * points)
        if health >= 100 then since = nil else since = since + periods * every end
      end
    end
    health = math.max(0, math.min(100, health + delta))
    if health >= 100 then
      since = nil
    elseif delta < 0 or not since then
      since = now
    end
    changed = true
    i = i + 4
  elseif op == 'streak' then
    if ARGV[i + 1] == 'up' then streak = streak + 1 else streak = 0 end
    changed = true
    i = i + 2
  else
    return redis.error_reply('keyrelay: unknown operation ' .. tostring(op))
  end
end
if not changed then return 0 end

local function num(x)
  if x == nil then return nil end
  return string.format('%.0f', x)
end
-- the revision orders this key's changes for the instances: microseconds by Redis's clock, always above the last
local t = redis.call('TIME')
local rev = tonumber(t[1]) * 1000000 + tonumber(t[2])
local last = tonumber(raw[9] or '0')
if rev <= last then rev = last + 1 end

local shared = { state = state, ['until'] = num(till), cause = cause, reason = reason, health = num(health),
  since = num(since), streak = num(streak), models = cjson.encode(models), rev = num(rev) }
redis.call('HDEL', h, 'until', 'cause', 'reason', 'since')
for k, v in pairs(shared) do redis.call('HSET', h, k, v) end
shared.o, shared.p, shared.k = ARGV[2], ARGV[3], ARGV[4]
redis.call('PUBLISH', ARGV[1], cjson.encode(shared))
return 1
