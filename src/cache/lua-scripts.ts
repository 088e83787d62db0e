// Lua scripts of the cache protocol, run with EVALSHA (EVAL on NOSCRIPT) so that each operation
// is one Upstash request and atomic in Redis (docs/cache-protocol.md §Keys … §Writes). Every key
// a script touches is passed in KEYS and shares the fund's hash tag, so the scripts also run on
// clustered stores. Generations travel as strings: they are 16-digit integers, beyond what a Lua
// number prints exactly, so a script never returns a number it computed for them.
import type { EntryBudget, LeaseRef, PutEntry, ReadRequest } from "./cache-store.ts";

// Shared helpers. A missing generation (evicted, new database) is created from Redis TIME in
// microseconds: unique and far above any value an old entry may have recorded, never 0 or 1, so
// an entry stored before the hash vanished can never match again. `now_ms` is Redis's clock as a
// string of digits (no float formatting).
const HELPERS = `
local function gens_of(meta, tags, from)
  local out = {}
  for i = from, #tags do
    local field = 'g:' .. tags[i]
    local v = redis.call('HGET', meta, field)
    if not v then
      local t = redis.call('TIME')
      v = t[1] .. string.format('%06d', tonumber(t[2]))
      redis.call('HSET', meta, field, v)
    end
    out[#out + 1] = v
  end
  return out
end
local function now_ms()
  local t = redis.call('TIME')
  return t[1] .. string.format('%03d', math.floor(tonumber(t[2]) / 1000))
end
`;

/**
 * KEYS[1] meta, KEYS[2] entry, KEYS[3] lease. ARGV[1] fresh ms, ARGV[2] lease token ('' = do not
 * take), ARGV[3] lease ttl ms, ARGV[4..] tags.
 * → { envelope or nil, state, age ms, floor, lease state, gen... }
 */
export const READ_SCRIPT = `${HELPERS}
local gens = gens_of(KEYS[1], ARGV, 4)
local floor = redis.call('HGET', KEYS[1], 'floor') or '0'
local stored = redis.call('HMGET', KEYS[2], 'g', 't')
local state, age, envelope = 'absent', 0, false
if stored[1] then
  if stored[1] == table.concat(gens, ' ') then
    age = math.max(0, tonumber(now_ms()) - tonumber(stored[2]))
    if age < tonumber(ARGV[1]) then state = 'fresh' else state = 'stale' end
    envelope = redis.call('HGET', KEYS[2], 'e')
  else
    state = 'moved'
  end
end
local lease = 'free'
if state ~= 'fresh' then
  if ARGV[2] ~= '' and redis.call('SET', KEYS[3], ARGV[2], 'NX', 'PX', ARGV[3]) then
    lease = 'acquired'
  elseif redis.call('EXISTS', KEYS[3]) == 1 then
    lease = 'taken'
  end
end
local out = { envelope, state, tostring(age), floor, lease }
for i = 1, #gens do out[5 + i] = gens[i] end
return out
`;

/** KEYS[1] meta; ARGV tags → { floor, gen... } */
export const GENERATIONS_SCRIPT = `${HELPERS}
local gens = gens_of(KEYS[1], ARGV, 1)
local out = { redis.call('HGET', KEYS[1], 'floor') or '0' }
for i = 1, #gens do out[1 + i] = gens[i] end
return out
`;

/**
 * KEYS[1] meta, KEYS[2..] leases to take for the write-back. ARGV[1] the write's data version (0:
 * unknown), ARGV[2] lease token, ARGV[3] lease ttl ms, ARGV[4..] tags → { new gen... }
 */
export const BUMP_SCRIPT = `${HELPERS}
gens_of(KEYS[1], ARGV, 4)
local version = tonumber(ARGV[1]) or 0
if version > (tonumber(redis.call('HGET', KEYS[1], 'floor') or '0') or 0) then
  redis.call('HSET', KEYS[1], 'floor', ARGV[1])
end
local out = {}
for i = 4, #ARGV do
  local field = 'g:' .. ARGV[i]
  redis.call('HINCRBY', KEYS[1], field, 1)
  out[#out + 1] = redis.call('HGET', KEYS[1], field)
end
for k = 2, #KEYS do redis.call('SET', KEYS[k], ARGV[2], 'PX', ARGV[3]) end
return out
`;

/**
 * Compare-and-set of N entries. KEYS[1] meta, then (with a budget) KEYS[2] the fund's index of
 * entries, then N entries, then leases to release. ARGV[1] N, ARGV[2] the budget (entries per
 * fund; 0: none); per entry: M, M tags, the expected generations joined by ' ', ttl ms, version,
 * envelope; then the leases' token (when there are leases). An entry is stored only if the
 * generations of its tags are still the expected ones, and not over a stored entry that is
 * itself current (same generations) with a newer version: a stored entry under old generations
 * is never kept. With a budget, every stored entry is recorded in the index (a sorted set
 * scored by store time in µs) and, past the budget, the oldest recorded entries are deleted: a fund's
 * entries stay within the budget whatever windows its users open (docs/security.md). Evicted
 * keys are not in KEYS, but they share the fund's hash tag, so they live in the same slot.
 * Returns 1 (stored) or 0 (dropped) per entry.
 */
export const PUT_SCRIPT = `${HELPERS}
local n = tonumber(ARGV[1])
local budget = tonumber(ARGV[2])
local o = 1
if budget > 0 then o = 2 end
local a = 3
local out = {}
local now = now_ms()
-- The index's score: µs (exact in a double), so that calls in one millisecond keep their order.
local t = redis.call('TIME')
local now_us = t[1] .. string.format('%06d', tonumber(t[2]))
for i = 1, n do
  local m = tonumber(ARGV[a])
  local current = {}
  for j = 1, m do current[j] = redis.call('HGET', KEYS[1], 'g:' .. ARGV[a + j]) or '' end
  a = a + m + 1
  local expected, px, version, value = ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3]
  a = a + 4
  local joined = table.concat(current, ' ')
  local ok = joined == expected
  local key = KEYS[o + i]
  if ok then
    local stored = redis.call('HMGET', key, 'g', 'v')
    if stored[1] == joined and tonumber(stored[2]) > tonumber(version) then ok = false end
  end
  if ok then
    redis.call('HSET', key, 'g', joined, 'v', version, 't', now, 'e', value)
    redis.call('PEXPIRE', key, px)
    if budget > 0 then redis.call('ZADD', KEYS[2], now_us, key) end
    out[i] = 1
  else
    out[i] = 0
  end
end
if budget > 0 then
  local over = redis.call('ZCARD', KEYS[2]) - budget
  if over > 0 then
    local oldest = redis.call('ZPOPMIN', KEYS[2], over)
    for j = 1, #oldest, 2 do redis.call('DEL', oldest[j]) end
  end
end
if ARGV[a] then
  for k = o + n + 1, #KEYS do
    if redis.call('GET', KEYS[k]) == ARGV[a] then redis.call('DEL', KEYS[k]) end
  end
end
return out
`;

/** KEYS[1] lease, ARGV[1] token, ARGV[2] ttl ms: extend only our own lease. */
export const RENEW_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;

/** KEYS[1] lease, ARGV[1] token: delete only our own lease. */
export const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** Generations as they are stored with an entry and compared by the scripts. */
export function joinGens(gens: readonly string[]): string {
  return gens.join(" ");
}

export function readScriptArgs(r: ReadRequest): { keys: string[]; args: string[] } {
  return {
    keys: [r.meta, r.key, r.lease],
    args: [String(r.freshMs), r.take?.token ?? "", String(r.take?.ttlMs ?? 0), ...r.tags],
  };
}

/** Flattens PutEntry[] into the KEYS/ARGV layout of PUT_SCRIPT. */
export function putScriptArgs(
  meta: string,
  entries: readonly PutEntry[],
  release?: LeaseRef,
  budget?: EntryBudget,
): { keys: string[]; args: string[] } {
  const keys = [meta, ...(budget ? [budget.index] : []), ...entries.map((e) => e.key)];
  const args: string[] = [String(entries.length), String(budget?.maxEntries ?? 0)];
  for (const e of entries) {
    args.push(
      String(e.tags.length),
      ...e.tags,
      joinGens(e.gens),
      String(Math.max(1, Math.round(e.ttlMs))),
      String(e.version),
      e.value,
    );
  }
  if (release && release.keys.length > 0) {
    keys.push(...release.keys);
    args.push(release.token);
  }
  return { keys, args };
}
