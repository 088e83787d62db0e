// Decision journal routes (#17–#20) and the journal's guarantees: append-only, hash-chained.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyJournalChain } from "../domain/journal-hash.ts";
import { startTestOrigin, type TestOrigin } from "../testing/origin-harness.ts";

let o: TestOrigin;
beforeAll(async () => {
  o = await startTestOrigin();
});
afterAll(() => o.close());

describe("GET /journal", () => {
  it("lists newest first with limit/offset, at /journal and /journal/", async () => {
    const page = (await o.get("/journal?limit=5")).body;
    expect(page).toHaveLength(5);
    expect(page.map((e: any) => e.id)).toEqual([...page.map((e: any) => e.id)].sort((a, b) => b - a));
    const next = (await o.get("/journal?limit=5&offset=5")).body;
    expect(next[0].id).toBeLessThan(page[4].id);
    const slash = await o.get("/journal/?limit=5");
    expect(slash.status).toBe(200);
    expect(slash.body).toEqual(page);
  });

  it("filters by entry type (case-insensitive), position, instrument and dates", async () => {
    const closes = (await o.get("/journal?entry_type=close&limit=500")).body;
    expect(closes.length).toBeGreaterThan(0);
    expect(closes.every((e: any) => e.entry_type === "CLOSE")).toBe(true);
    const pid = closes[0].position_id;
    const byPos = (await o.get(`/journal?position_id=${pid}`)).body;
    expect(byPos.map((e: any) => e.entry_type).sort()).toEqual(["CLOSE", "OPEN"]);
    const byInst = (await o.get("/journal?instrument=dol&limit=500")).body;
    expect(byInst.length).toBeGreaterThan(0);
    expect(byInst.every((e: any) => e.instrument === "DOL")).toBe(true);
    const window = (await o.get("/journal?start_date=2026-01-01&end_date=2026-06-30&limit=500")).body;
    expect(window.every((e: any) => e.created_at >= "2026-01-01" && e.created_at < "2026-07-01")).toBe(true);
  });

  it.each([
    "limit=0",
    "limit=501",
    "offset=-1",
    "entry_type=GOSSIP",
    "position_id=abc",
    "start_date=2026-02-31",
    "start_date=2026-06-01&end_date=2026-01-01",
  ])("refuses %s with 422", async (q) => {
    const res = await o.get(`/journal?${q}`);
    expect(res.status).toBe(422);
    expect(res.body.errors.length).toBeGreaterThan(0);
  });
});

describe("GET /journal/{id} and stats", () => {
  it("answers an entry, 404 for unknown ids", async () => {
    expect((await o.get("/journal/1")).body).toMatchObject({ id: 1, entry_type: "OPEN", is_locked: true });
    expect((await o.get("/journal/123456")).status).toBe(404);
  });

  it("GET /journal/stats/decision-analysis counts the journal and positions", async () => {
    const s = (await o.get("/journal/stats/decision-analysis")).body;
    const all = (await o.get("/journal?limit=500")).body;
    expect(s.total_entries).toBe(all.length);
    expect(Object.values(s.by_type).reduce((a: number, b: any) => a + b, 0)).toBe(all.length);
    expect(s.total_positions_closed).toBe((await o.get("/book/positions?is_open=false")).body.length);
    expect(s.total_rejections).toBeGreaterThanOrEqual(1);
    expect(s.avg_holding_days).toBeGreaterThan(0);
  });
});

describe("POST /journal/{id}/outcome", () => {
  it("records the outcome as a new NOTE (201), leaving the original untouched", async () => {
    const original = (await o.get("/journal/2")).body;
    const res = await o.post(
      "/journal/2/outcome",
      { outcome_notes: "Thesis worked", realized_pnl_assessment: "good" },
      { user: "pm@fund" },
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      entry_type: "NOTE",
      position_id: original.position_id,
      manager_notes: "Thesis worked",
      author: "pm@fund",
    });
    expect(res.body.system_notes).toContain("GOOD");
    expect((await o.get("/journal/2")).body).toEqual(original);
  });

  it("validates the body and the id without writing anything", async () => {
    const before = (await o.get("/book")).version;
    for (const [path, body, status] of [
      ["/journal/2/outcome", { outcome_notes: "meh" }, 422],
      ["/journal/2/outcome", { outcome_notes: "fine enough", realized_pnl_assessment: "GREAT" }, 422],
      ["/journal/999999/outcome", { outcome_notes: "fine enough" }, 404],
    ] as const) {
      const res = await o.post(path, body);
      expect(res.status).toBe(status);
      expect(res.version).toBe(before);
    }
  });
});

describe("journal guarantees", () => {
  it("is a valid hash chain, and the database refuses UPDATE and DELETE", async () => {
    await o.post("/journal/3/outcome", { outcome_notes: "chain check" });
    const db = new Database(o.dbPath);
    try {
      const rows = db.prepare("SELECT * FROM journal ORDER BY id").all() as Array<
        Record<string, unknown> & { prev_hash: string; content_hash: string }
      >;
      expect(verifyJournalChain(rows)).toEqual({ valid: true, length: rows.length });
      expect(() => db.prepare("UPDATE journal SET manager_notes = 'edited' WHERE id = 1").run()).toThrow(/append-only/);
      expect(() => db.prepare("DELETE FROM journal WHERE id = 1").run()).toThrow(/append-only/);
      const tampered = rows.map((r) => (r.id === 1 ? { ...r, manager_notes: "edited" } : r));
      expect(verifyJournalChain(tampered).valid).toBe(false);
    } finally {
      db.close();
    }
  });
});
