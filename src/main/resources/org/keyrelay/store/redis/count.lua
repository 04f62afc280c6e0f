-- Keyrelay: adds one key's counts (plain sums: the instance decides nothing here).
-- KEYS[1] the key's hash, KEYS[2] its requests per day, KEYS[3] the provider's key ids, KEYS[4] the provider ids
-- ARGV[1] provider, ARGV[2] key id, ARGV[3] today (yyyy-mm-dd, UTC), ARGV[4] the first day still kept,
-- then pairs (field, amount); the field 'day' adds requests to today.
local days = KEYS[2]
redis.call('SADD', KEYS[3], ARGV[2])
redis.call('SADD', KEYS[4], ARGV[1])
for i = 5, #ARGV, 2 do
  local field, by = ARGV[i], ARGV[i + 1]
  if field == 'day' then
    if redis.call('HINCRBY', days, ARGV[3], by) == tonumber(by) then
      -- a new day: drop the days no longer kept
      for _, d in ipairs(redis.call('HKEYS', days)) do
        if d < ARGV[4] then redis.call('HDEL', days, d) end
      end
    end
  else
    redis.call('HINCRBY', KEYS[1], field, by)
  end
end
return 1
