// The daily pipeline (POST /pipeline/trigger) and the returns backfill. The pipeline is one
// write transaction; each step runs in a nested transaction (a SAVEPOINT in better-sqlite3), so
// a failing step is rolled back alone and reported, and the run answers "partial".

import type { ReturnRow } from "../db/state-repo.ts";
import { navSeries } from "../domain/nav.ts";
import type { DataContext } from "../http/data.ts";
import { generatePack } from "./morning-pack-service.ts";
import { markToMarket } from "./position-commands.ts";
import { generateProposals } from "./proposal-commands.ts";
import { recordRiskPoint } from "./risk-service.ts";

type StepResult = { status: "ok"; [k: string]: unknown } | { status: "failed"; error: string };

function step(d: DataContext, name: string, fn: () => Record<string, unknown>): StepResult {
  try {
    return { status: "ok", ...d.repos.state.savepoint(fn) };
  } catch (err) {
    console.error(`origin: pipeline step ${name} failed:`, err);
    return { status: "failed", error: `${name} failed` };
  }
}

export function runPipeline(d: DataContext) {
  const steps = {
    mtm: step(d, "mtm", () => ({ updated_count: markToMarket(d, {}, null).updated_count })),
    proposals: step(d, "proposals", () => ({ created: generateProposals(d, undefined, d.today).length })),
    morning_pack: step(d, "morning_pack", () => ({ briefing_date: generatePack(d, d.today, true).briefing_date })),
    risk_snapshot: step(d, "risk_snapshot", () => ({
      overall_status: recordRiskPoint(d, d.today).limits_summary.overall_status,
    })),
    portfolio_returns: step(d, "portfolio_returns", () => ({ rows_inserted: backfillReturns(d).rows_inserted })),
  };
  const ok = Object.values(steps).every((s) => s.status === "ok");
  return { status: ok ? ("success" as const) : ("partial" as const), date: d.today, steps };
}

/** Stores the fund's daily return for every day with P&L that has no stored row yet. */
export function backfillReturns(d: DataContext) {
  const daily = d.repos.snapshots.dailyPnl(d.today);
  const navs = navSeries(d.config.capitalBrl, daily);
  const rows: ReturnRow[] = navs.map((n, i) => {
    const pnl = daily[i]!.pnl_brl;
    const before = n.nav_brl - pnl;
    return { date: n.date, nav_brl: n.nav_brl, pnl_brl: pnl, return_pct: before > 0 ? (pnl / before) * 100 : 0 };
  });
  const rows_inserted = d.repos.state.insertReturns(rows);
  const range = d.repos.state.returnsRange();
  return {
    status: "ok" as const,
    rows_inserted,
    total_rows: range.count,
    date_range: { start: range.first, end: range.last },
  };
}
