// Lua scripts of the cache protocol, run with EVALSHA (EVAL on NOSCRIPT) so that each operation
// is one Upstash request and atomic in Redis. Generations are kept and returned as strings.
import type { LeaseRef, PutEntry } from "./cache-store.ts";

// A missing generation (evicted, new database) is created from Redis TIME in microseconds:
// unique and far above any value an old entry may have recorded, never 0 or 1, so an entry
// stored before the key vanished can never match again.
const ENSURE_GEN = `
local function gen(key)
  local v = redis.call('GET', key)
  if v then return v end
  local t = redis.call('TIME')
  v = t[1] .. string.format('%06d', tonumber(t[2]))
  redis.call('SET', key, v)
  return v
end
`;

/** KEYS[1] entry, KEYS[2] version floor, KEYS[3..] generations → { envelope or nil, floor or nil, gen... } */
export const READ_SCRIPT = `${ENSURE_GEN}
local out = { redis.call('HGET', KEYS[1], 'e') or false, redis.call('GET', KEYS[2]) or false }
for i = 3, #KEYS do out[i] = gen(KEYS[i]) end
return out
`;

/** KEYS generations → { gen... } */
export const GENERATIONS_SCRIPT = `${ENSURE_GEN}
local out = {}
for i = 1, #KEYS do out[i] = gen(KEYS[i]) end
return out
`;

/**
 * KEYS[1] version floor, KEYS[2..] generations; ARGV[1] the write's data version (0: unknown)
 * → { new gen... }: INCR each generation, creating it first when missing, and raise the floor
 * to the write's version (never lower it).
 */
export const BUMP_SCRIPT = `${ENSURE_GEN}
local version = tonumber(ARGV[1]) or 0
if version > (tonumber(redis.call('GET', KEYS[1]) or '0') or 0) then redis.call('SET', KEYS[1], ARGV[1]) end
local out = {}
for i = 2, #KEYS do
  gen(KEYS[i])
  redis.call('INCR', KEYS[i])
  out[i - 1] = redis.call('GET', KEYS[i])
end
return out
`;

/**
 * Compare-and-set of N entries. KEYS: the N entry keys, then the generation keys.
 * ARGV: N, then per entry: M, M pairs (index into KEYS of a generation key, expected value),
 * ttl ms, version, envelope. An entry is an hash {v = version, e = envelope}; it is stored only
 * if all M generations are unchanged and its version is not older than the stored one.
 * Optionally, after the entries: index into KEYS of a lease key, and its token: the lease is
 * deleted if the token still holds it (the filler is done, stored or not).
 * Returns one 1 (stored) or 0 (dropped) per entry.
 */
export const PUT_SCRIPT = `
local n = tonumber(ARGV[1])
local a = 2
local out = {}
for i = 1, n do
  local ok = true
  local m = tonumber(ARGV[a])
  a = a + 1
  for _ = 1, m do
    if redis.call('GET', KEYS[tonumber(ARGV[a])]) ~= ARGV[a + 1] then ok = false end
    a = a + 2
  end
  local px, version, value = ARGV[a], ARGV[a + 1], ARGV[a + 2]
  a = a + 3
  if ok then
    local stored = redis.call('HGET', KEYS[i], 'v')
    if stored and tonumber(stored) > tonumber(version) then ok = false end
  end
  if ok then
    redis.call('HSET', KEYS[i], 'v', version, 'e', value)
    redis.call('PEXPIRE', KEYS[i], px)
    out[i] = 1
  else
    out[i] = 0
  end
end
if ARGV[a] and redis.call('GET', KEYS[tonumber(ARGV[a])]) == ARGV[a + 1] then
  redis.call('DEL', KEYS[tonumber(ARGV[a])])
end
return out
`;

/** KEYS[1] lease, ARGV[1] token: delete only our own lease. */
export const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** Flattens PutEntry[] into the KEYS/ARGV layout of PUT_SCRIPT. */
export function putScriptArgs(entries: readonly PutEntry[], release?: LeaseRef): { keys: string[]; args: string[] } {
  const keys = entries.map((e) => e.key);
  const genIndex = new Map<string, number>();
  const args: string[] = [String(entries.length)];
  for (const entry of entries) {
    args.push(String(entry.expect.length));
    for (const { key, gen } of entry.expect) {
      let index = genIndex.get(key);
      if (index === undefined) {
        keys.push(key);
        index = keys.length; // Lua arrays are 1-based
        genIndex.set(key, index);
      }
      args.push(String(index), gen);
    }
    args.push(String(Math.max(1, Math.round(entry.ttlMs))), String(entry.version), entry.value);
  }
  if (release) {
    keys.push(release.key);
    args.push(String(keys.length), release.token);
  }
  return { keys, args };
}
