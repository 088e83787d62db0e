// The read aggregates stay equal to what they summarise after every kind of write: the fund's
// daily P&L table (kept by the snapshot write path) against a GROUP BY over the snapshots, and a
// position's window P&L by two seeks against the sum of its daily snapshots.
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestOrigin, type TestOrigin } from "../testing/origin-harness.ts";
import { reposOf } from "./repos.ts";

let o: TestOrigin;
beforeEach(async () => {
  o = await startTestOrigin();
});
afterEach(() => o.close());

function check(label: string) {
  const db = new Database(o.dbPath, { readonly: true });
  try {
    const raw = db
      .prepare(
        `SELECT date, SUM(daily_pnl_brl) AS pnl_brl,
           CASE WHEN COUNT(fx_rate) = COUNT(*) AND MIN(fx_rate) > 0 THEN SUM(daily_pnl_brl / fx_rate) END AS pnl_usd
         FROM pnl_snapshots GROUP BY date ORDER BY date`,
      )
      .all() as Array<{ date: string; pnl_brl: number; pnl_usd: number | null }>;
    const kept = reposOf(db).snapshots.dailyPnl();
    expect(
      kept.map((d) => d.date),
      label,
    ).toEqual(raw.map((d) => d.date));
    kept.forEach((d, i) => {
      expect(d.pnl_brl, `${label} ${d.date}`).toBeCloseTo(raw[i]!.pnl_brl, 6);
      if (raw[i]!.pnl_usd === null) expect(d.pnl_usd).toBeNull();
      else expect(d.pnl_usd!, `${label} ${d.date} usd`).toBeCloseTo(raw[i]!.pnl_usd!, 6);
    });
    const ids = (db.prepare("SELECT id FROM positions").all() as Array<{ id: number }>).map((r) => r.id);
    const first = kept[0]!.date;
    for (const [start, end] of [
      [first, "2026-11-25"],
      ["2026-11-01", "2026-11-25"],
      ["2026-06-10", "2026-09-30"],
    ] as const) {
      const seeks = reposOf(db).snapshots.pnlBetween(start, end, ids);
      const sums = db
        .prepare(
          "SELECT position_id AS id, SUM(daily_pnl_brl) AS pnl FROM pnl_snapshots WHERE date >= ? AND date <= ? GROUP BY position_id",
        )
        .all(start, end) as Array<{ id: number; pnl: number }>;
      expect([...seeks.keys()].sort(), `${label} ${start}..${end}`).toEqual(sums.map((s) => s.id).sort());
      for (const s of sums) expect(seeks.get(s.id)!, `${label} position ${s.id}`).toBeCloseTo(s.pnl, 6);
    }
  } finally {
    db.close();
  }
}

describe("read aggregates", () => {
  it("match the snapshots after the seed, a back-dated open, a back-dated close and an MTM with an FX rate", async () => {
    check("seeded");
    const opened = await o.post("/book/positions/open", {
      instrument: "IBOV_FUT",
      asset_class: "EQUITY",
      direction: "LONG",
      notional_brl: 2_000_000,
      execution_price: 120_000,
      entry_date: "2026-10-05",
      manager_thesis: "back-dated for the aggregate check",
    });
    expect(opened.status).toBe(201);
    check("after a back-dated open");
    expect(
      (await o.post(`/book/positions/${opened.body.id}/close`, { close_price: 121_000, close_date: "2026-11-10" }))
        .status,
    ).toBe(200);
    check("after a back-dated close");
    expect((await o.post("/mtm", { price_overrides: {}, fx_rate: 5.5 })).status).toBe(200);
    check("after an MTM");
  });
});
