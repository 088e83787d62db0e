// Bounded input: dates within the fund's history, windows within the maximum span, custom
// windows without grace, entries within the size limit and the fund's budget. Refusals are 422
// problem+json and reach neither the cache nor the origin.
import { describe, expect, it } from "vitest";
import { fundToday } from "../cache/fund-date.ts";
import { harness, json } from "../testing/app-harness.ts";

const today = () => fundToday(Date.now());
const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

async function expect422(h: ReturnType<typeof harness>, path: string, field: string) {
  const callsBefore = h.store.calls;
  const res = await h.get(path);
  expect(res.status, path).toBe(422);
  expect(res.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
  const problem = (await res.json()) as { errors: { path: string }[] };
  expect(problem.errors.map((e) => e.path)).toContain(field);
  expect(h.store.calls).toBe(callsBefore);
  expect(h.origin.calls).toEqual([]);
}

describe("bounded dates", () => {
  it("refuses an as_of_date, a window end or a pack date after the fund's today", async () => {
    const h = harness();
    const tomorrow = addDays(today(), 1);
    await expect422(h, `/book?as_of_date=${tomorrow}`, "as_of_date");
    await expect422(h, `/risk/live?as_of_date=${tomorrow}`, "as_of_date");
    await expect422(h, `/attribution?period=mtd&as_of_date=${tomorrow}`, "as_of_date");
    await expect422(h, `/attribution?period=custom&start_date=2026-01-01&end_date=${tomorrow}`, "end_date");
    await expect422(h, `/morning-pack/${tomorrow}`, "date");
    expect((await h.get(`/book?as_of_date=${today()}`)).status).toBe(200);
  });

  it("keeps custom windows within the maximum span and after the fund's inception", async () => {
    const h = harness({ ATTRIBUTION_MAX_SPAN_DAYS: "400", FUND_INCEPTION_DATE: "2020-01-02" });
    const end = today();
    await expect422(h, `/attribution?period=custom&start_date=${addDays(end, -401)}&end_date=${end}`, "start_date");
    await expect422(h, "/attribution?period=custom&start_date=2020-01-01&end_date=2020-02-01", "start_date");
    await expect422(h, "/book?as_of_date=1900-01-01", "as_of_date");
    expect((await h.get(`/attribution?period=custom&start_date=${addDays(end, -400)}&end_date=${end}`)).status).toBe(
      200,
    );
  });

  it("refuses a 300-year window by default", async () => {
    await expect422(harness(), "/attribution?period=custom&start_date=1900-01-01&end_date=2200-01-01", "end_date");
    await expect422(harness(), "/attribution?period=custom&start_date=1900-01-01&end_date=2020-01-01", "start_date");
  });
});

describe("what a window costs the cache", () => {
  it("keeps a custom window no longer than its fresh TTL (no grace); relative periods keep theirs", async () => {
    const h = harness();
    await h.get("/attribution?period=custom&start_date=2026-01-01&end_date=2026-02-01");
    await h.get("/attribution?period=mtd");
    const ttls = Object.fromEntries(
      [...h.memory.entries].map(([key, e]) => [key.split(":").at(-1)!.split("_")[0], e.expiresAt - e.storedAt]),
    );
    expect(ttls).toEqual({ custom: 300_000, mtd: (300 + 43_200) * 1000 });
  });

  it("serves an answer larger than CACHE_MAX_ENTRY_BYTES without storing it", async () => {
    const h = harness({ CACHE_MAX_ENTRY_BYTES: "2048" });
    h.origin.handler = (call) => (call.method === "GET" ? json({ pad: "x".repeat(4096) }, 1) : undefined);
    const first = await h.get("/book");
    expect(first.status).toBe(200);
    expect(first.headers.get("Cache-Status")).not.toMatch(/stored/);
    expect(h.memory.entries.size).toBe(0);
    expect(h.memory.leases.size).toBe(0);
    await h.get("/book");
    expect(h.origin.gets()).toHaveLength(2);
  });

  it("holds at most CACHE_MAX_ENTRIES entries per fund, evicting the oldest", async () => {
    const h = harness({ CACHE_MAX_ENTRIES: "5" });
    for (let d = 1; d <= 12; d++) {
      const day = String(d).padStart(2, "0");
      expect((await h.get(`/attribution?period=custom&start_date=2026-01-${day}&end_date=2026-02-01`)).status).toBe(
        200,
      );
    }
    expect(h.memory.entries.size).toBe(5);
    const kept = [...h.memory.entries.keys()].map((k) => k.split("_")[1]).sort();
    expect(kept).toEqual(["2026-01-08", "2026-01-09", "2026-01-10", "2026-01-11", "2026-01-12"]);
  });
});
