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
    const dates = new Set<IsoDate>();
    for (const s of snapshots) {
      stmt.run({ ...s, price_stale: toFlag(s.price_stale) });
      dates.add(s.date);
    }
    this.refreshDaily(dates);
  }

  /** Removes a position's snapshots after a date (a close dated in the past ends its history). */
  deleteAfter(positionId: number, date: IsoDate): void {
    const dates = this.db
      .prepare<[number, IsoDate], { date: string }>(
        "DELETE FROM pnl_snapshots WHERE position_id = ? AND date > ? RETURNING date",
      )
      .all(positionId, date)
      .map((r) => r.date);
    this.refreshDaily(dates);
  }

  /**
   * Recomputes the fund's P&L of the given dates from their snapshots (the write path calls it
   * for every date it touched): the same figures as domain/nav.dailyPnlByDate.
   */
  refreshDaily(dates: Iterable<IsoDate>): void {
    const upsert = this.db.prepare(
      `INSERT OR REPLACE INTO fund_daily_pnl (date, pnl_brl, pnl_usd)
       SELECT date, SUM(daily_pnl_brl),
              CASE WHEN COUNT(fx_rate) = COUNT(*) AND MIN(fx_rate) > 0 THEN SUM(daily_pnl_brl / fx_rate) END
       FROM pnl_snapshots WHERE date = ? GROUP BY date`,
    );
    const drop = this.db.prepare(
      "DELETE FROM fund_daily_pnl WHERE date = ? AND NOT EXISTS (SELECT 1 FROM pnl_snapshots WHERE date = ?)",
    );
    for (const date of new Set(dates)) {
      upsert.run(date);
      drop.run(date, date);
    }
  }

  /** Per position, its latest snapshot strictly before `date`. */
  latestBefore(date: IsoDate, positionIds?: readonly number[]): Map<number, PnlSnapshot> {
    return this.latest("<", date, positionIds);
  }

  /** Per position, its latest snapshot on or before `date`. */
  latestOnOrBefore(date: IsoDate, positionIds?: readonly number[]): Map<number, PnlSnapshot> {
    return this.latest("<=", date, positionIds);
  }

  // One primary-key seek per position (positions × log n), not a scan of every snapshot up to
  // the date: the cost does not grow with the history.
  private latest(op: "<" | "<=", date: IsoDate, positionIds?: readonly number[]): Map<number, PnlSnapshot> {
    // MATERIALIZED keeps SQLite from flattening the seeks into a scan of the snapshots.
    const idFilter = positionIds ? `WHERE p.id IN (${positionIds.map(Number).join(",") || "NULL"})` : "";
    const rows = this.db
      .prepare<[IsoDate], SnapshotRow>(
        `WITH m AS MATERIALIZED (
           SELECT p.id AS pid, (SELECT MAX(date) FROM pnl_snapshots WHERE position_id = p.id AND date ${op} ?) AS d
           FROM positions p ${idFilter})
         SELECT s.* FROM m JOIN pnl_snapshots s ON s.position_id = m.pid AND s.date = m.d`,
      )
      .all(date);
    return new Map(rows.map((r) => [r.position_id, fromRow(r)]));
  }

  /**
   * Per position, Σ daily P&L of its snapshots dated in [start, end]: the cumulative P&L of its
   * last snapshot ≤ end minus that of its last snapshot < start (daily = cumulative − previous
   * cumulative, so the sum telescopes). Two seeks per position, whatever the window.
   */
  pnlBetween(start: IsoDate, end: IsoDate, positionIds: readonly number[]): Map<number, number> {
    const rows = this.db
      .prepare<{ start: IsoDate; end: IsoDate }, { id: number; at_end: number; before: number | null }>(
        `SELECT p.id,
           (SELECT cumulative_pnl_brl FROM pnl_snapshots WHERE position_id = p.id AND date <= @end
              ORDER BY date DESC LIMIT 1) AS at_end,
           (SELECT cumulative_pnl_brl FROM pnl_snapshots WHERE position_id = p.id AND date < @start
              ORDER BY date DESC LIMIT 1) AS before
         FROM positions p
         WHERE p.id IN (${positionIds.map(Number).join(",") || "NULL"})
           AND EXISTS (SELECT 1 FROM pnl_snapshots WHERE position_id = p.id AND date >= @start AND date <= @end)`,
      )
      .all({ start, end });
    return new Map(rows.map((r) => [r.id, r.at_end - (r.before ?? 0)]));
  }

  /** Fund P&L of the dates in [start, end] (the aggregate), ascending. */
  dailyPnlBetween(start: IsoDate, end: IsoDate): DailyPnl[] {
    return this.db
      .prepare<[IsoDate, IsoDate], DailyPnl>(
        "SELECT date, pnl_brl, pnl_usd FROM fund_daily_pnl WHERE date >= ? AND date <= ? ORDER BY date",
      )
      .all(start, end);
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
   * (USD at each snapshot's own rate, null when a snapshot has none), read from the daily
   * aggregate the write path keeps (refreshDaily), so a read does not touch every snapshot.
   */
  dailyPnl(end?: IsoDate): DailyPnl[] {
    return this.dailyPnlBetween("0000-01-01", end ?? "9999-12-31");
  }

  /** The USD/BRL the snapshots of a date were marked with (the day's MTM rate), null when none. */
  dayFxRate(date: IsoDate): number | null {
    return (
      this.db
        .prepare<[IsoDate], { fx_rate: number }>(
          "SELECT fx_rate FROM pnl_snapshots WHERE date = ? AND fx_rate IS NOT NULL ORDER BY position_id LIMIT 1",
        )
        .get(date)?.fx_rate ?? null
    );
  }

  firstDate(): IsoDate | null {
    return this.db.prepare<[], { d: string | null }>("SELECT MIN(date) AS d FROM fund_daily_pnl").get()?.d ?? null;
  }
}
