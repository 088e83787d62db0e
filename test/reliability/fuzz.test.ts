// Property-based fuzzing of every route's query, path parameters and body (fast-check), through
// the edge of an isolated system whose origin sits behind a logging proxy. For every request:
//   - no 5xx, and every error is problem+json;
//   - malformed input (400, 413, 415) never reaches the origin; a request the edge refuses adds
//     no origin call and no Redis request;
//   - what reaches the origin is exactly the edge's validated value (canonical query, a body the
//     contract accepts), and the origin never refuses as malformed what the edge let through.
// After the run, every key in the stack's Redis matches the key grammar (docs/cache-protocol.md §Keys).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upstashRequests } from "../support/counters.ts";
import { proxyLog, redisKeys } from "../support/fault-control.ts";
import { type FuzzRoute, GET_ROUTES, keyGrammar, nonCanonical, POST_ROUTES } from "../support/fuzz-routes.ts";
import { type IsolatedSystem, isolatedSystem } from "../support/stack.ts";

let sys: IsolatedSystem;
beforeAll(async () => {
  sys = await isolatedSystem({}, { originProxy: true });
});
afterAll(() => sys.dispose());

const PREFIX = "/api/v1/pms";
const MALFORMED = [400, 413, 415];
const REFUSED_BY_EDGE = [...MALFORMED, 422];

const hostile = fc.constantFrom(
  "../",
  "..",
  "../../etc",
  "*",
  "?",
  "#",
  "\n",
  "\r\nX-Injected: 1",
  "a b",
  "\u0000",
  "é",
  "🙂",
  "x".repeat(300),
  "demo:e:book",
  "pms:*",
  "%",
  "%2e%2e",
  "-1",
  "0",
  "00",
  "007",
  " 7",
  "+7",
  "1e3",
  "9999999999",
  "true",
  "null",
  "[]",
  "{}",
  "2026-01-15",
  " 2026-01-15 ",
  "2026-02-30",
  "20260115",
  "0000-01-01",
  "MTD",
  "mtd",
  "Custom",
  "custom",
  "weekly",
  "PENDING",
  "pending",
  "rates",
  "10",
  "500",
  "501",
  "DI1F27",
  "usdbrl",
);
const queryValue = fc.oneof(
  { weight: 3, arbitrary: hostile },
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -5, max: 600 }).map(String),
);
const idPart = fc.oneof(fc.integer({ min: 1, max: 12 }).map(String), hostile.map(encodeURIComponent));
const datePart = fc.oneof(
  fc.constantFrom("2026-01-15", "2025-12-31", "latest", "%202026-01-15", "2026-01-15%0A"),
  hostile.map(encodeURIComponent),
);

function fill(path: string, id: string, date: string): string {
  return PREFIX + path.replace(":id", id).replace(":date", date);
}

// Routes are drawn by path (a counterexample then prints readably) and looked up.
const byPath = (routes: readonly FuzzRoute[], path: string) => routes.find((r) => r.path === path)!;

const getRequest = fc.constantFrom(...GET_ROUTES.map((r) => r.path)).chain((path) =>
  fc.record({
    path: fc.constant(path),
    id: idPart,
    date: datePart,
    pairs: fc.array(
      fc.tuple(
        fc.constantFrom(...(byPath(GET_ROUTES, path).queryKeys ?? []), "foo", "AS_OF_DATE", "period "),
        queryValue,
      ),
      { maxLength: 4 },
    ),
  }),
);

const junk = fc.oneof(
  fc.constantFrom(
    -1,
    0,
    1e308,
    -1e308,
    1e-300,
    1e-6,
    1e9,
    2e9,
    0.5,
    "",
    " ",
    "x".repeat(5000),
    null,
    true,
    [],
    {},
    "../",
    "\n",
    "2026-02-30",
  ),
  fc.jsonValue({ maxDepth: 2 }),
);

/** A valid body with fields kept, dropped or replaced by junk; or any JSON; or not JSON at all. */
function bodyOf(route: FuzzRoute) {
  const sample = route.sample ?? {};
  const fields = Object.fromEntries(
    Object.keys(sample).map((k) => [
      k,
      fc.oneof({ weight: 3, arbitrary: fc.constant(sample[k]) }, junk, fc.constant(undefined)),
    ]),
  );
  return fc.oneof(
    { weight: 4, arbitrary: fc.record(fields).map((b) => JSON.stringify(b)) },
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.constantFrom("{", "[]", "null", '{"a":', '"x"', "", "{}", '{"price": 1, "price": -1}'),
  );
}

const postRequest = fc.constantFrom(...POST_ROUTES.map((r) => r.path)).chain((path) =>
  fc.record({
    path: fc.constant(path),
    id: idPart,
    body: bodyOf(byPath(POST_ROUTES, path)),
    contentType: fc.constantFrom(
      "application/json",
      "application/json; charset=utf-8",
      "text/plain",
      "application/problem+json",
    ),
  }),
);

/** Sends one request and checks the per-request properties; returns nothing, throws on failure. */
async function check(method: string, path: string, init: RequestInit = {}) {
  const [logBefore, redisBefore] = await Promise.all([proxyLog(sys), upstashRequests(sys.redis.id)]);
  const res = await sys.fetch(path, { ...init, method, role: "ADMIN" });
  const text = await res.text();
  const what = `${method} ${path} ${typeof init.body === "string" ? init.body.slice(0, 200) : ""} → ${res.status} ${text.slice(0, 200)}`;
  expect(res.status, what).toBeLessThan(500);
  if (res.status >= 400) expect(res.headers.get("Content-Type"), what).toMatch(/^application\/problem\+json/);

  const reached = (await proxyLog(sys)).slice(logBefore.length);
  // Malformed, oversized or non-JSON input is the edge's to refuse, never the origin's.
  if (MALFORMED.includes(res.status))
    expect(
      reached.map((r) => `${r.method} ${r.url}`),
      `forwarded: ${what}`,
    ).toEqual([]);
  if (reached.length === 0 && REFUSED_BY_EDGE.includes(res.status)) {
    expect(await upstashRequests(sys.redis.id), `refused but touched Redis: ${what}`).toBe(redisBefore);
  }
  // A 422 may still come from the origin for a rule that needs its data (a close date before
  // the entry date), but only for input the contract's schema accepts: checked here.
  for (const r of reached) expect(nonCanonical(r.method, r.url, r.body), what).toBeNull();
}

describe("fuzzing every route through the edge", () => {
  it("queries and path parameters of the GET routes", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(getRequest, async ({ path, id, date, pairs }) => {
        const query = new URLSearchParams(pairs).toString();
        await check("GET", fill(path, id, date) + (query ? `?${query}` : ""));
      }),
      { numRuns: 300 },
    );
  });

  it("bodies, media types and path parameters of the POST routes", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(postRequest, async ({ path, id, body, contentType }) => {
        await check("POST", fill(path, id, "x"), { body, headers: { "Content-Type": contentType } });
      }),
      { numRuns: 250 },
    );
  });

  it("left only keys of the grammar in Redis", async () => {
    const keys = await redisKeys(sys.redis);
    expect(keys.length).toBeGreaterThan(0);
    const grammar = keyGrammar(sys.env.CACHE_PREFIX, "demo");
    expect(keys.filter((k) => !grammar.test(k))).toEqual([]);
  });
});
