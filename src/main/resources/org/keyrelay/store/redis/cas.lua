-- Keyrelay: compare-and-set of one key's record, which the instance computed (it decides; this script only writes).
-- KEYS[1] the record's hash, KEYS[2] the provider's key ids, KEYS[3] the provider ids.
-- ARGV[1] channel, ARGV[2] the revision the instance read ('0': none), ARGV[3] '1' when the hash must not exist yet,
-- ARGV[4] the message to publish (JSON, without its revision), ARGV[5] provider, ARGV[6] key id,
-- then pairs (field, value); an empty value removes the field.
-- Returns 0 when the hash is not as the instance read it (it reads again and retries); else writes the pairs, stamps
-- a new revision (microseconds by Redis's clock, always above the last), publishes the message with it and returns 1.
local h = KEYS[1]
if ARGV[3] == '1' and redis.call('EXISTS', h) == 1 then return 0 end
local rev = redis.call('HGET', h, 'rev') or '0'
if rev ~= ARGV[2] then return 0 end
for i = 7, #ARGV, 2 do
  if ARGV[i + 1] == '' then redis.call('HDEL', h, ARGV[i]) else redis.call('HSET', h, ARGV[i], ARGV[i + 1]) end
end
local t = redis.call('TIME')
local stamp = tonumber(t[1]) * 1000000 + tonumber(t[2])
if stamp <= tonumber(rev) then stamp = tonumber(rev) + 1 end
stamp = string.format('%.0f', stamp)
redis.call('HSET', h, 'rev', stamp)
redis.call('SADD', KEYS[2], ARGV[6])
redis.call('SADD', KEYS[3], ARGV[5])
local message = cjson.decode(ARGV[4])
message.rev = stamp
redis.call('PUBLISH', ARGV[1], cjson.encode(message))
return 1
