// POST /risk/stress-test through the real stack (edge Worker, Redis bridge, reference origin):
// a VIEWER gets the custom stress result, every call reaches the origin (never cached), the
// data version does not move, and a body the contract refuses never leaves the edge.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { originCalls } from "./support/counters.ts";
import { type IsolatedSystem, isolatedSystem } from "./support/stack.ts";

let sys: IsolatedSystem;
beforeAll(async () => {
  sys = await isolatedSystem();
});
afterAll(() => sys?.dispose());

const path = "/api/v1/pms/risk/stress-test";
const post = (body: unknown) => sys.fetch(path, { method: "POST", role: "VIEWER", body: JSON.stringify(body) });

describe("POST /risk/stress-test through the edge", () => {
  it("answers a VIEWER from the origin every time, uncached, without bumping the version", async () => {
    const book = await sys.fetch("/api/v1/pms/book", { role: "VIEWER" });
    const version = book.headers.get("PMS-Data-Version");
    const body = { name: "edge check", shocks: [{ asset_class: "RATES", shift_bp: 100 }] };
    const calls = await originCalls(sys.origin, { route: "/api/v1/pms/risk/stress-test", method: "POST" });
    const first = await post(body);
    expect(first.status, await first.clone().text()).toBe(200);
    expect(first.headers.get("PMS-Data-Version")).toBe(version);
    expect(first.headers.get("Cache-Status")).toBeNull();
    const r = (await first.json()) as { scenario: string; total_pnl_brl: number; by_position: unknown[] };
    expect(r.scenario).toBe("edge check");
    expect(r.by_position.length).toBeGreaterThan(0);
    const second = await post(body);
    expect(await second.json()).toEqual(r);
    expect(await originCalls(sys.origin, { route: "/api/v1/pms/risk/stress-test", method: "POST" })).toBe(calls + 2);
    const after = await sys.fetch("/api/v1/pms/book", { role: "VIEWER" });
    expect(after.headers.get("PMS-Data-Version")).toBe(version);
  });

  it("refuses a shock with two selectors at the edge (422 problem+json), without calling the origin", async () => {
    const calls = await originCalls(sys.origin);
    const res = await post({ shocks: [{ asset_class: "RATES", instrument: "DI1F28", shift_bp: 10 }] });
    expect(res.status).toBe(422);
    expect(res.headers.get("Content-Type")).toContain("application/problem+json");
    const problem = (await res.json()) as { errors: Array<{ path: string }> };
    expect(problem.errors.map((e) => e.path)).toContain("shocks.0");
    expect(await originCalls(sys.origin)).toBe(calls);
  });

  it("needs a token (401) but no role above VIEWER", async () => {
    const res = await sys.fetch(path, { method: "POST", body: JSON.stringify({ shocks: [] }) });
    expect(res.status).toBe(401);
  });
});
