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
  db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('data_version', '0')").run();
  return db;
}

/** True once the seed has completed (it writes meta.seeded in its last transaction). */
export function isSeeded(db: Db): boolean {
  return db.prepare("SELECT 1 FROM meta WHERE key = 'seeded'").get() !== undefined;
}
