// Every operational event writes one JSON line naming the request that caused it: the breaker's
// transitions, a failed invalidation and its background retries, a failed refresh, a lease wait
// that ran out, each warm-up step. Captured from console.log on the unit harness.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fundToday } from "./cache/fund-date.ts";
import { harness, json } from "./testing/app-harness.ts";

let lines: string[];
beforeEach(() => {
  lines = [];
  vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(" "));
  });
});
afterEach(() => vi.restoreAllMocks());

/** The parsed log lines of `event` (each line must be exactly one JSON object). */
function events(event: string): Record<string, unknown>[] {
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((e) => e.event === event);
}

const idOf = (res: Response) => res.headers.get("X-Request-Id");

describe("structured log lines", () => {
  it("breaker: open after the threshold, half-open on the probe, closed when Redis answers", async () => {
    const h = harness({ REDIS_BREAKER_THRESHOLD: "2", REDIS_BREAKER_COOLDOWN_MS: "1000" });
    h.store.down = true;
    await h.get("/book");
    expect(events("breaker.open")).toHaveLength(0);
    const opening = await h.get("/risk/live");
    expect(events("breaker.open")).toEqual([
      expect.objectContaining({ level: "warn", request_id: idOf(opening), fund: "demo", from: "closed", threshold: 2 }),
    ]);
    await h.get("/book"); // skipped while open: no new line
    expect(events("breaker.open")).toHaveLength(1);

    h.clock.offset += 1_000;
    h.store.down = false;
    const probe = await h.get("/book");
    expect(events("breaker.half-open")).toEqual([expect.objectContaining({ request_id: idOf(probe), from: "open" })]);
    expect(events("breaker.closed")).toEqual([
      expect.objectContaining({ level: "info", request_id: idOf(probe), from: "half-open" }),
    ]);
  });

  it("invalidation: failed on the write, retried in the background, recovered", async () => {
    const h = harness();
    h.store.down = true;
    const write = await h.post("/mtm", { price_overrides: {} });
    expect(write.headers.get("Cache-Status")).toMatch(/invalidation-failed/);
    expect(events("invalidation.failed")).toEqual([
      expect.objectContaining({ request_id: idOf(write), write: "mtm", tags: expect.arrayContaining(["portfolio"]) }),
    ]);
    h.store.down = false;
    h.store.failNext = 3; // the first retry (three bump attempts) fails, the second succeeds
    await h.settle();
    expect(events("invalidation.retried")).toEqual([
      expect.objectContaining({ request_id: idOf(write), attempt: 1, error: expect.stringMatching(/fetch failed/) }),
    ]);
    expect(events("invalidation.recovered")).toEqual([
      expect.objectContaining({ request_id: idOf(write), attempt: 2 }),
    ]);
  });

  it("refresh: the write-back's origin call failed", async () => {
    const h = harness();
    h.origin.handler = (call) => (call.method === "GET" ? json({ title: "down" }, 1, 503) : undefined);
    const write = await h.post("/mtm", { price_overrides: {} });
    await h.settle();
    const failed = events("refresh.failed");
    expect(failed.length).toBeGreaterThan(0);
    expect(failed).toContainEqual(
      expect.objectContaining({ request_id: idOf(write), target: "book", stage: "origin", status: 503 }),
    );
  });

  it("lease wait: ran out while another isolate held the fill lease", async () => {
    const h = harness({ CACHE_LEASE_WAIT_MS: "0" });
    const held = await h.cache().read("book", fundToday(Date.now()));
    expect(held.lease).toMatchObject({ token: expect.any(String) });
    const res = await h.get("/book");
    expect(res.headers.get("Cache-Status")).toMatch(/lease-wait-timeout/);
    expect(events("lease-wait.timeout")).toEqual([
      expect.objectContaining({ level: "warn", request_id: idOf(res), tier: "book", waited_ms: 0 }),
    ]);
  });

  it("warm-up: one line per step with the warm-up request's id", async () => {
    const h = harness();
    const res = await h.post("/cache/warm", { schedule: "pre-open" });
    expect(res.status).toBe(200);
    const report = (await res.json()) as { steps: { step: string }[] };
    const steps = events("warm.step");
    expect(steps.map((s) => s.step)).toEqual(report.steps.map((s) => s.step));
    for (const step of steps) expect(step).toMatchObject({ request_id: idOf(res), schedule: "pre-open" });
  });
});
