// Opens the origin's SQLite database (better-sqlite3, WAL) and creates its schema.

import { rmSync } from "node:fs";
import Database from "better-sqlite3";
import { SCHEMA_SQL } from "./schema.ts";

export type Db = Database.Database;

/** Removes a database file and its WAL companions (for --reseed and temp test DBs). */
export function removeDatabaseFiles(path: string): void {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(path + suffix, { force: true });
}

export function openDatabase(path: string): Db {
  const db = new Database(path);
  // WAL lets readers (other processes, e.g. a sqlite3 shell) run while the origin writes.
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  db.exec(SCHEMA_SQL);
  addMissingColumns(db);
  db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('data_version', '0')").run();
  return db;
}

/** True once the seed has completed (it writes meta.seeded in its last transaction). */
export function isSeeded(db: Db): boolean {
  return db.prepare("SELECT 1 FROM meta WHERE key = 'seeded'").get() !== undefined;
}

/** Columns added after a database may have been created: CREATE TABLE IF NOT EXISTS skips them. */
function addMissingColumns(db: Db): void {
  const has = (table: string, column: string) =>
    db
      .prepare<[], { name: string }>(`PRAGMA table_info(${table})`)
      .all()
      .some((c) => c.name === column);
  if (!has("proposals", "expires_on")) db.exec("ALTER TABLE proposals ADD COLUMN expires_on TEXT NOT NULL DEFAULT ''");
  // The daily P&L aggregate of a database written before it existed (SnapshotsRepo keeps it after).
  const empty = db.prepare("SELECT 1 FROM fund_daily_pnl LIMIT 1").get() === undefined;
  if (empty && db.prepare("SELECT 1 FROM pnl_snapshots LIMIT 1").get() !== undefined) {
    db.exec(`INSERT INTO fund_daily_pnl (date, pnl_brl, pnl_usd)
      SELECT date, SUM(daily_pnl_brl),
             CASE WHEN COUNT(fx_rate) = COUNT(*) AND MIN(fx_rate) > 0 THEN SUM(daily_pnl_brl / fx_rate) END
      FROM pnl_snapshots GROUP BY date`);
  }
}
