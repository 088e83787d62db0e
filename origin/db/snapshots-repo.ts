// P&L snapshots: one per position per date (re-marking a date replaces it).
import type { DailyPnl, IsoDate, PnlSnapshot, PriceSource } from "../domain/types.ts";
import { toFlag } from "./json-columns.ts";
import type { Db } from "./open.ts";

interface SnapshotRow extends Omit<PnlSnapshot, "price_stale" | "price_source"> {
  price_stale: number;
  price_source: string;
}

function fromRow(r: SnapshotRow): PnlSnapshot {
  return { ...r, price_source: r.price_source as PriceSource, price_stale: r.price_stale === 1 };
}

export class SnapshotsRepo {
  constructor(private readonly db: Db) {}

  upsert(snapshots: Iterable<PnlSnapshot>): void {
    const stmt = this.db.prepare(
      `INSERT OR REPLACE INTO pnl_snapshots
         (position_id, date, price, price_source, price_stale, unrealized_pnl_brl, realized_pnl_brl,
          cumulative_pnl_brl, daily_pnl_brl, fx_rate)
       VALUES (@position_id, @date, @price, @price_source, @price_stale, @unrealized_pnl_brl, @realized_pnl_brl,
          @cumulative_pnl_brl, @daily_pnl_brl, @fx_rate)`,
    );
    for (const s of snapshots) stmt.run({ ...s, price_stale: toFlag(s.price_stale) });
  }

  /** Removes a position's snapshots after a date (a close dated in the past ends its history). */
  deleteAfter(positionId: number, date: IsoDate): void {
    this.db.prepare("DELETE FROM pnl_snapshots WHERE position_id = ? AND date > ?").run(positionId, date);
  }

  /** Per position, its latest snapshot strictly before `date`. */
  latestBefore(date: IsoDate, positionIds?: readonly number[]): Map<number, PnlSnapshot> {
    return this.latest("<", date, positionIds);
  }

  /** Per position, its latest snapshot on or before `date`. */
  latestOnOrBefore(date: IsoDate, positionIds?: readonly number[]): Map<number, PnlSnapshot> {
    return this.latest("<=", date, positionIds);
  }

  private latest(op: "<" | "<=", date: IsoDate, positionIds?: readonly number[]): Map<number, PnlSnapshot> {
    const idFilter = positionIds ? `AND position_id IN (${positionIds.map(Number).join(",") || "NULL"})` : "";
    const rows = this.db
      .prepare<[IsoDate], SnapshotRow>(
        `SELECT s.* FROM pnl_snapshots s
         JOIN (SELECT position_id AS pid, MAX(date) AS d FROM pnl_snapshots
               WHERE date ${op} ? ${idFilter} GROUP BY position_id) m
           ON s.position_id = m.pid AND s.date = m.d`,
      )
      .all(date);
    return new Map(rows.map((r) => [r.position_id, fromRow(r)]));
  }

  /** Snapshots with date in [start, end], ordered by date then position. */
  between(start: IsoDate, end: IsoDate): PnlSnapshot[] {
    return this.db
      .prepare<[IsoDate, IsoDate], SnapshotRow>(
        "SELECT * FROM pnl_snapshots WHERE date >= ? AND date <= ? ORDER BY date, position_id",
      )
      .all(start, end)
      .map(fromRow);
  }

  /**
   * Fund P&L per date up to `end`, ascending: the same figures as domain/nav.dailyPnlByDate
   * (USD at each snapshot's own rate, null when a snapshot has none), aggregated in SQLite so
   * a read does not load every snapshot of a large fund.
   */
  dailyPnl(end?: IsoDate): DailyPnl[] {
    return this.db
      .prepare<[IsoDate], DailyPnl>(
        `SELECT date, SUM(daily_pnl_brl) AS pnl_brl,
                CASE WHEN COUNT(fx_rate) = COUNT(*) AND MIN(fx_rate) > 0 THEN SUM(daily_pnl_brl / fx_rate) END AS pnl_usd
         FROM pnl_snapshots WHERE date <= ? GROUP BY date ORDER BY date`,
      )
      .all(end ?? "9999-12-31");
  }

  /** The P&L columns of every snapshot dated ≤ end (what attribution needs), by date. */
  pnlRows(end: IsoDate): Pick<PnlSnapshot, "position_id" | "date" | "daily_pnl_brl" | "cumulative_pnl_brl">[] {
    return this.db
      .prepare<[IsoDate], Pick<PnlSnapshot, "position_id" | "date" | "daily_pnl_brl" | "cumulative_pnl_brl">>(
        "SELECT position_id, date, daily_pnl_brl, cumulative_pnl_brl FROM pnl_snapshots WHERE date <= ? ORDER BY date, position_id",
      )
      .all(end);
  }

  firstDate(): IsoDate | null {
    return this.db.prepare<[], { d: string | null }>("SELECT MIN(date) AS d FROM pnl_snapshots").get()?.d ?? null;
  }
}
