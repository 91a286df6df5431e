/**
 * The Lua script behind `RedisRateLimiter.acquire`: it checks every bucket's pause, hourly and
 * 10-second windows and, only if all have room, counts the request in each, in one atomic step on
 * the Redis server (no read-modify-write race between processes). Time is Redis's own clock
 * (`TIME`), so machines with skewed clocks still share one window.
 *
 * Windows are hashes of per-slot counters (`slot → count`, at most ~51 fields), the same counting
 * as `MemoryRateLimiter`; each key expires once its last slot has left the window.
 *
 * KEYS: per bucket, its 10-second hash, its hourly hash and its pause key.
 * ARGV: bucket count, short window ms, long window ms, short slot ms, long slot ms, margin ms,
 *       then per bucket: perTenSeconds, perHour.
 * Returns `{0, now}` (taken, at Redis's `now`), `{1, waitMs}` (a 10-second window is full or a short pause runs) or
 * `{2, retryAfterMs, bucketIndex, 'hour'|'pause'}` (fail at once).
 */
export const ACQUIRE_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local n = tonumber(ARGV[1])
local shortMs, longMs = tonumber(ARGV[2]), tonumber(ARGV[3])
local shortSlot, longSlot = tonumber(ARGV[4]), tonumber(ARGV[5])
local margin = tonumber(ARGV[6])

local function waitFor(key, lengthMs, slotMs, limit)
  local fields = redis.call('HGETALL', key)
  local live, total = {}, 0
  for i = 1, #fields, 2 do
    local slot, count = tonumber(fields[i]), tonumber(fields[i + 1])
    if (slot + 1) * slotMs + lengthMs + margin <= now then
      redis.call('HDEL', key, fields[i])
    else
      total = total + count
      live[#live + 1] = { slot, count }
    end
  end
  local excess = total - limit + 1
  if excess <= 0 then return 0 end
  table.sort(live, function(a, b) return a[1] < b[1] end)
  local freed = 0
  for _, entry in ipairs(live) do
    freed = freed + entry[2]
    if freed >= excess then return (entry[1] + 1) * slotMs + lengthMs + margin - now end
  end
  return 1
end

local wait = 0
for b = 1, n do
  local shortKey, longKey, pauseKey = KEYS[3 * b - 2], KEYS[3 * b - 1], KEYS[3 * b]
  local perTen, perHour = tonumber(ARGV[5 + 2 * b]), tonumber(ARGV[6 + 2 * b])
  local pausedUntil = tonumber(redis.call('GET', pauseKey) or '0')
  local paused = pausedUntil - now
  if paused > shortMs then return { 2, paused, b - 1, 'pause' } end
  local hour = waitFor(longKey, longMs, longSlot, perHour)
  if hour > 0 then return { 2, hour, b - 1, 'hour' } end
  wait = math.max(wait, paused, waitFor(shortKey, shortMs, shortSlot, perTen))
end
if wait > 0 then return { 1, wait } end

for b = 1, n do
  local shortKey, longKey = KEYS[3 * b - 2], KEYS[3 * b - 1]
  redis.call('HINCRBY', shortKey, tostring(math.floor(now / shortSlot)), 1)
  redis.call('PEXPIRE', shortKey, shortMs + shortSlot + margin)
  redis.call('HINCRBY', longKey, tostring(math.floor(now / longSlot)), 1)
  redis.call('PEXPIRE', longKey, longMs + longSlot + margin)
end
return { 0, now }
`;

/**
 * The Lua script behind the release `RedisRateLimiter.acquire` resolves to: moves the request's
 * count in every window from the slot of its admission (ARGV[1], Redis time) to the slot of now,
 * once its answer came back, so no window here opens before Netatmo's.
 *
 * KEYS: per bucket, its 10-second hash and its hourly hash.
 * ARGV: admitted at (ms), short window ms, long window ms, short slot ms, long slot ms, margin ms.
 */
export const RELEASE_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local admitted = tonumber(ARGV[1])
if now <= admitted then return 0 end
local shortMs, longMs = tonumber(ARGV[2]), tonumber(ARGV[3])
local shortSlot, longSlot = tonumber(ARGV[4]), tonumber(ARGV[5])
local margin = tonumber(ARGV[6])

local function move(key, lengthMs, slotMs)
  local old = tostring(math.floor(admitted / slotMs))
  local count = tonumber(redis.call('HGET', key, old) or '0')
  if count > 1 then redis.call('HINCRBY', key, old, -1) elseif count == 1 then redis.call('HDEL', key, old) end
  redis.call('HINCRBY', key, tostring(math.floor(now / slotMs)), 1)
  redis.call('PEXPIRE', key, lengthMs + slotMs + margin)
end

for i = 1, #KEYS, 2 do
  move(KEYS[i], shortMs, shortSlot)
  move(KEYS[i + 1], longMs, longSlot)
end
return 1
`;

/**
 * The Lua script behind `RedisRateLimiter.pause`: extends the pause of each key to now + ARGV[1]
 * ms (Redis's clock), never shortening a longer one; the key expires with the pause.
 */
export const PAUSE_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ms = tonumber(ARGV[1])
local untilMs = now + ms
for _, key in ipairs(KEYS) do
  local current = tonumber(redis.call('GET', key) or '0')
  if untilMs > current then redis.call('SET', key, tostring(untilMs), 'PX', math.max(1, ms)) end
end
return 1
`;
