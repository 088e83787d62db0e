// A request the contract rejects never reaches the origin and never touches the cache.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { originCalls, upstashRequests } from "./support/counters.ts";
import { type EdgeInit, type IsolatedSystem, isolatedSystem } from "./support/stack.ts";

let sys: IsolatedSystem;
beforeAll(async () => {
  sys = await isolatedSystem();
});
afterAll(() => sys.dispose());

const post = (body: string, headers: Record<string, string> = { "Content-Type": "application/json" }): EdgeInit => ({
  method: "POST",
  role: "MANAGER",
  body,
  headers,
});

const CASES: Array<[string, string, EdgeInit, number]> = [
  ["unknown attribution period", "/api/v1/pms/attribution?period=weekly", { role: "VIEWER" }, 422],
  ["custom period without dates", "/api/v1/pms/attribution?period=custom", { role: "VIEWER" }, 422],
  [
    "custom period with start after end",
    "/api/v1/pms/attribution?period=custom&start_date=2026-02-01&end_date=2026-01-01",
    { role: "VIEWER" },
    422,
  ],
  ["a key that tries to escape its prefix", "/api/v1/pms/attribution?period=..%2F*", { role: "VIEWER" }, 422],
  ["an impossible date", "/api/v1/pms/book?as_of_date=2026-02-30", { role: "VIEWER" }, 422],
  ["a date with a newline", "/api/v1/pms/risk/live?as_of_date=2026-01-01%0Aflushall", { role: "VIEWER" }, 422],
  ["a future Book date", "/api/v1/pms/book?as_of_date=2099-01-01", { role: "VIEWER" }, 422],
  ["a future live-risk date", "/api/v1/pms/risk/live?as_of_date=2099-01-01", { role: "VIEWER" }, 422],
  ["a future attribution date", "/api/v1/pms/attribution?period=mtd&as_of_date=2099-01-01", { role: "VIEWER" }, 422],
  ["a non-date pack key", "/api/v1/pms/morning-pack/yesterday", { role: "VIEWER" }, 422],
  ["a non-numeric id", "/api/v1/pms/trades/proposals/abc", { role: "VIEWER" }, 422],
  ["days out of range", "/api/v1/pms/risk/trend?days=366", { role: "VIEWER" }, 422],
  ["malformed JSON", "/api/v1/pms/mtm", post("{not json"), 400],
  ["a body that is not JSON", "/api/v1/pms/mtm", post("price=1", { "Content-Type": "text/plain" }), 415],
  ["a wrong type", "/api/v1/pms/book/positions/1/update-price", post(JSON.stringify({ price: "12" })), 422],
  ["a negative price", "/api/v1/pms/book/positions/1/close", post(JSON.stringify({ close_price: -1 })), 422],
  [
    "an unknown enum value",
    "/api/v1/pms/book/positions/open",
    post(
      JSON.stringify({
        instrument: "X",
        asset_class: "STOCKS",
        direction: "LONG",
        notional_brl: 1,
        execution_price: 1,
        manager_thesis: "valid thesis",
      }),
    ),
    422,
  ],
  [
    "an oversized body",
    "/api/v1/pms/trades/proposals/generate",
    post(JSON.stringify({ signals: [], pad: "x".repeat(300 * 1024) })),
    413,
  ],
];

describe.each(CASES)("%s", (_name, path, init, status) => {
  it(`answers ${status} problem+json without calling the origin or Redis`, async () => {
    const [upstashBefore, originBefore] = await Promise.all([upstashRequests(sys.redis.id), originCalls(sys.origin)]);
    const res = await sys.fetch(path, init);
    expect(res.status).toBe(status);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
    const body = (await res.json()) as { status: number; errors?: unknown[] };
    expect(body.status).toBe(status);
    if (status === 422) expect(body.errors?.length).toBeGreaterThan(0);
    expect(await upstashRequests(sys.redis.id)).toBe(upstashBefore);
    expect(await originCalls(sys.origin)).toBe(originBefore);
  });
});
