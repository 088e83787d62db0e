// Every read and every write of the origin goes through here, so that:
//  - a write runs in ONE SQLite transaction that also bumps meta.data_version; if anything
//    throws half-way, SQLite rolls the whole transaction back (data and version unchanged);
//  - a read runs in one (deferred) transaction and reports the version it was computed at.
// better-sqlite3 is synchronous, so nothing else can interleave inside either function.
import type { Db } from "./open.ts";

export interface Versioned<T> {
  result: T;
  version: number;
}

export interface StoreHooks {
  /** Called inside every write transaction just before the version bump (tests inject faults here). */
  beforeCommit?: (label: string) => void;
}

export class VersionedStore {
  private readonly getVersion;
  private readonly bumpVersion;

  constructor(
    readonly db: Db,
    private readonly hooks: StoreHooks = {},
  ) {
    this.getVersion = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'data_version'");
    this.bumpVersion = db.prepare(
      "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'data_version'",
    );
  }

  currentVersion(): number {
    return Number(this.getVersion.get()?.value ?? 0);
  }

  read<T>(fn: (db: Db) => T): Versioned<T> {
    return this.db.transaction(() => ({ result: fn(this.db), version: this.currentVersion() }))();
  }

  /** Runs fn and the version bump in one IMMEDIATE transaction (a writer lock from the start). */
  write<T>(label: string, fn: (db: Db) => T): Versioned<T> {
    return this.db
      .transaction(() => {
        const result = fn(this.db);
        this.hooks.beforeCommit?.(label);
        this.bumpVersion.run();
        return { result, version: this.currentVersion() };
      })
      .immediate();
  }
}
