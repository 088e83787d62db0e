// The seeded fund: deterministic, complete, internally consistent, fast enough for tests.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../config.ts";
import { openDatabase } from "../db/open.ts";
import { VersionedStore } from "../db/versioned-store.ts";
import { ASSET_CLASSES } from "../domain/types.ts";
import { TEST_NOW } from "../testing/origin-harness.ts";
import { type FundKind, seedFund } from "./seed-fund.ts";

const dir = mkdtempSync(join(tmpdir(), "pms-seed-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function seeded(name: string, fund: FundKind = "demo"): Database.Database {
  const path = join(dir, `${name}.sqlite`);
  const db = openDatabase(path);
  seedFund(new VersionedStore(db), { now: TEST_NOW, fund, config: DEFAULT_CONFIG });
  return db;
}

const dump = (db: Database.Database, table: string) =>
  JSON.stringify(db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all());

describe("seedFund", () => {
  it("is deterministic: two seeds of the same day are identical", () => {
    const a = seeded("a");
    const b = seeded("b");
    for (const t of [
      "instruments",
      "daily_closes",
      "positions",
      "pnl_snapshots",
      "proposals",
      "journal",
      "risk_trend",
    ]) {
      expect(dump(a, t), t).toBe(dump(b, t));
    }
    a.close();
    b.close();
  });

  it("covers the six asset classes, two years of closes, open and closed positions, proposals, journal, pack", () => {
    const db = seeded("c");
    const classes = db
      .prepare<[], { asset_class: string }>("SELECT DISTINCT asset_class FROM instruments")
      .all()
      .map((r) => r.asset_class);
    expect(classes.sort()).toEqual([...ASSET_CLASSES].sort());
    const instruments = (db.prepare("SELECT COUNT(*) AS n FROM instruments").get() as { n: number }).n;
    expect(instruments).toBeGreaterThanOrEqual(10);
    const days = (db.prepare("SELECT COUNT(DISTINCT date) AS n FROM daily_closes").get() as { n: number }).n;
    expect(days).toBeGreaterThanOrEqual(500);
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    expect(count("SELECT COUNT(*) AS n FROM positions WHERE is_open = 0")).toBeGreaterThan(0);
    expect(count("SELECT COUNT(*) AS n FROM positions WHERE is_open = 1")).toBeGreaterThan(0);
    expect(count("SELECT COUNT(*) AS n FROM proposals WHERE status = 'PENDING'")).toBeGreaterThan(0);
    expect(count("SELECT COUNT(*) AS n FROM journal")).toBeGreaterThan(count("SELECT COUNT(*) AS n FROM positions"));
    expect(count("SELECT COUNT(*) AS n FROM morning_packs")).toBe(1);
    // Every position's snapshots add up to its final cumulative P&L; closed ones to their realized P&L.
    const bad = db
      .prepare(
        `SELECT p.id FROM positions p JOIN pnl_snapshots s ON s.position_id = p.id
         WHERE p.is_open = 0 GROUP BY p.id HAVING ABS(SUM(s.daily_pnl_brl) - p.realized_pnl_brl) > 1e-6`,
      )
      .all();
    expect(bad).toEqual([]);
    db.close();
  });

  it("--fund large seeds several hundred positions", () => {
    const db = seeded("large", "large");
    expect((db.prepare("SELECT COUNT(*) AS n FROM positions").get() as { n: number }).n).toBeGreaterThanOrEqual(300);
    db.close();
  });
});
