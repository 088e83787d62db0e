// Small persisted state: the emergency stop, the daily risk trend and the portfolio returns.
import type { RiskTrendPoint } from "../domain/live-risk.ts";
import type { IsoDate } from "../domain/types.ts";
import type { Db } from "./open.ts";

export interface EmergencyStop {
  active: boolean;
  reason: string | null;
  activated_by: string | null;
  activated_at: string | null;
  reset_by: string | null;
  reset_at: string | null;
}

export interface ReturnRow {
  date: IsoDate;
  nav_brl: number;
  pnl_brl: number;
  return_pct: number;
}

export class StateRepo {
  constructor(private readonly db: Db) {}

  /** Runs fn in a nested transaction (SAVEPOINT): a throw rolls back fn's writes only. */
  savepoint<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  emergencyStop(): EmergencyStop {
    const row = this.db
      .prepare<[], Omit<EmergencyStop, "active"> & { active: number }>("SELECT * FROM emergency_stop WHERE id = 1")
      .get();
    if (!row)
      return { active: false, reason: null, activated_by: null, activated_at: null, reset_by: null, reset_at: null };
    return { ...row, active: row.active === 1 };
  }

  saveEmergencyStop(s: EmergencyStop): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO emergency_stop (id, active, reason, activated_by, activated_at, reset_by, reset_at)
         VALUES (1, @active, @reason, @activated_by, @activated_at, @reset_by, @reset_at)`,
      )
      .run({ ...s, active: s.active ? 1 : 0 });
  }

  /** One point per day: recording a date again replaces its point. */
  recordRiskPoint(p: RiskTrendPoint): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO risk_trend (date, var_95, var_99, leverage_gross, drawdown_pct, alert_count, overall_status)
         VALUES (@date, @var_95, @var_99, @leverage_gross, @drawdown_pct, @alert_count, @overall_status)`,
      )
      .run(p);
  }

  riskTrend(since: IsoDate, until: IsoDate): RiskTrendPoint[] {
    return this.db
      .prepare<[IsoDate, IsoDate], RiskTrendPoint>(
        "SELECT * FROM risk_trend WHERE date >= ? AND date <= ? ORDER BY date",
      )
      .all(since, until);
  }

  /** Inserts the rows whose date is not stored yet; returns how many were inserted. */
  insertReturns(rows: readonly ReturnRow[]): number {
    const stmt = this.db.prepare(
      "INSERT OR IGNORE INTO portfolio_returns (date, nav_brl, pnl_brl, return_pct) VALUES (@date, @nav_brl, @pnl_brl, @return_pct)",
    );
    let inserted = 0;
    for (const r of rows) inserted += stmt.run(r).changes;
    return inserted;
  }

  returnsRange(): { count: number; first: IsoDate | null; last: IsoDate | null } {
    return this.db
      .prepare<[], { count: number; first: string | null; last: string | null }>(
        "SELECT COUNT(*) AS count, MIN(date) AS first, MAX(date) AS last FROM portfolio_returns",
      )
      .get()!;
  }
}
