// Per-user budgets: origin reads (misses, bypasses, pass-through GETs) and writes, HITs free; a
// request over budget is 429 problem+json with Retry-After and reaches nothing. Without the
// binding nothing is limited. The binding here is a counter with the binding's interface; the
// Worker-level abuse suite runs Miniflare's own implementation.
import { describe, expect, it } from "vitest";
import { harness } from "../testing/app-harness.ts";

/** `limit` calls allowed per key, then refused (a fixed window that never ends). */
function limiter(limit: number) {
  const used = new Map<string, number>();
  const keys: string[] = [];
  return {
    keys,
    async limit({ key }: { key: string }) {
      keys.push(key);
      used.set(key, (used.get(key) ?? 0) + 1);
      return { success: used.get(key)! <= limit };
    },
  };
}

const windowOf = (i: number) =>
  `/attribution?period=custom&start_date=2026-01-${String(1 + (i % 28)).padStart(2, "0")}&end_date=2026-0${2 + Math.floor(i / 28)}-01`;

describe("rate limits", () => {
  it("limits a user's misses, never their HITs; 429 is problem+json with Retry-After", async () => {
    const reads = limiter(3);
    const h = harness({ RATE_LIMIT_ORIGIN_READS: reads } as unknown as Record<string, string>);
    for (let i = 0; i < 3; i++) expect((await h.get(windowOf(i))).status).toBe(200);
    const refused = await h.get(windowOf(3));
    expect(refused.status).toBe(429);
    expect(refused.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
    expect(refused.headers.get("Retry-After")).toBe("60");
    expect(h.origin.gets()).toHaveLength(3);
    // The refused read gave its lease back: nobody waits on a fill that will not come.
    expect([...h.memory.leases.keys()]).toEqual([]);
    for (let i = 0; i < 20; i++) expect((await h.get(windowOf(i % 3))).headers.get("Cache-Status")).toMatch(/hit/);
    expect(reads.keys.every((k) => k === "demo:viewer@fund")).toBe(true);
    // Another user has a budget of their own.
    expect((await h.get(windowOf(5), undefined, "MANAGER")).status).toBe(200);
  });

  it("limits pass-through GETs under the read budget and writes under their own", async () => {
    const reads = limiter(1);
    const writes = limiter(1);
    const h = harness({ RATE_LIMIT_ORIGIN_READS: reads, RATE_LIMIT_WRITES: writes } as unknown as Record<
      string,
      string
    >);
    expect((await h.get("/risk/limits")).status).toBe(200);
    expect((await h.get("/risk/limits")).status).toBe(429);
    expect((await h.post("/mtm", {}, "MANAGER")).status).toBe(200);
    const write = await h.post("/mtm", {}, "MANAGER");
    expect(write.status).toBe(429);
    expect(write.headers.get("Retry-After")).toBe("60");
    expect(h.origin.calls.filter((c) => c.method === "POST")).toHaveLength(1);
  });

  it("limits nothing without the binding (the unit harness, an undeclared binding)", async () => {
    const h = harness({ RATE_LIMIT_RETRY_AFTER_SECONDS: "5" });
    for (let i = 0; i < 60; i++) expect((await h.get(windowOf(i))).status).toBe(200);
    expect(h.origin.gets()).toHaveLength(60);
  });
});
