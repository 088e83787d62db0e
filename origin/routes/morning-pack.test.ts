// Morning pack routes (#21–#24): persisted packs, one per date; force replaces.
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestOrigin, TEST_TODAY, type TestOrigin } from "../testing/origin-harness.ts";

let o: TestOrigin;
beforeEach(async () => {
  o = await startTestOrigin();
});
afterEach(() => o.close());

const SECTIONS = [
  "action_items",
  "trade_proposals",
  "market_snapshot",
  "risk_summary",
  "portfolio_state",
  "regime",
  "top_signals",
  "agent_views",
  "signal_changes",
  "macro_narrative",
];

describe("morning pack", () => {
  it("GET /latest answers the seeded pack of the last business day with every section", async () => {
    const res = await o.get("/morning-pack/latest");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: expect.any(Number),
      briefing_date: TEST_TODAY,
      created_at: expect.any(String),
    });
    for (const s of SECTIONS) expect(res.body).toHaveProperty(s);
    expect(Array.isArray(res.body.action_items)).toBe(true);
    expect(typeof res.body.macro_narrative).toBe("string");
    const priorities = res.body.action_items.map((a: any) => a.priority);
    expect(priorities).toEqual([...priorities].sort((a, b) => a - b));
    expect((await o.get(`/morning-pack/${TEST_TODAY}`)).body).toEqual(res.body);
  });

  it("POST /generate returns the existing pack unless force, which replaces it", async () => {
    const existing = (await o.get("/morning-pack/latest")).body;
    const again = await o.post("/morning-pack/generate", {});
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(existing.id);
    const forced = await o.post("/morning-pack/generate", { force: true });
    expect(forced.body.id).not.toBe(existing.id);
    expect((await o.get("/morning-pack/latest")).body.id).toBe(forced.body.id);
  });

  it("generates a pack for an earlier date, listed by /history; unknown dates 404", async () => {
    expect((await o.get("/morning-pack/2026-11-20")).status).toBe(404);
    const made = await o.post("/morning-pack/generate", { briefing_date: "2026-11-20" });
    expect(made.body.briefing_date).toBe("2026-11-20");
    expect((await o.get("/morning-pack/2026-11-20")).body.id).toBe(made.body.id);
    const history = (await o.get("/morning-pack/history?days=10")).body;
    expect(history.map((h: any) => h.briefing_date)).toEqual([TEST_TODAY, "2026-11-20"]);
    expect(history[0]).toMatchObject({ action_items_count: expect.any(Number), narrative_excerpt: expect.any(String) });
    expect((await o.get("/morning-pack/history?days=2")).body).toHaveLength(1);
  });

  it("validates dates, days and force without writing", async () => {
    const before = (await o.get("/book")).version;
    for (const [method, path, body] of [
      ["GET", "/morning-pack/2026-02-30"],
      ["GET", "/morning-pack/history?days=0"],
      ["GET", "/morning-pack/history?days=366"],
      ["POST", "/morning-pack/generate", { force: "yes" }],
      ["POST", "/morning-pack/generate", { briefing_date: "20261125" }],
      ["POST", "/morning-pack/generate", { briefing_date: "2027-01-04" }],
    ] as const) {
      const res = await o.call(method, path, { role: "MANAGER", body });
      expect(res.status, `${method} ${path}`).toBe(422);
      expect(res.version).toBe(before);
    }
  });

  it("GET /latest is 404 when there is no pack", async () => {
    const db = new Database(o.dbPath);
    db.prepare("DELETE FROM morning_packs").run();
    db.close();
    const res = await o.get("/morning-pack/latest");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });
});
