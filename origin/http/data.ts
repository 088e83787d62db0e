// How handlers touch the database: readData/writeData run the given function in one
// transaction (origin/db/versioned-store.ts) and record the data version the response reports
// in PMS-Data-Version. The DataContext carries what computations need besides the rows.
import type { Context } from "hono";
import type { Actor, OriginEnv } from "../app-env.ts";
import type { OriginConfig } from "../config.ts";
import type { Repos } from "../db/repos.ts";
import { saoPauloDate } from "../domain/calendar.ts";
import type { IsoDate } from "../domain/types.ts";
import { OriginError } from "./errors.ts";

export interface DataContext {
  repos: Repos;
  config: OriginConfig;
  /** The fund's date in America/Sao_Paulo. */
  today: IsoDate;
  /** ISO timestamp of this request (UTC). */
  at: string;
  actor: Actor;
}

function dataContext(c: Context<OriginEnv>): DataContext {
  const now = c.var.deps.now();
  return {
    repos: c.var.deps.repos,
    config: c.var.deps.config,
    today: saoPauloDate(now),
    at: now.toISOString(),
    actor: c.var.actor,
  };
}

export function readData<T>(c: Context<OriginEnv>, fn: (d: DataContext) => T): T {
  const d = dataContext(c);
  const { result, version } = c.var.deps.store.read(() => fn(d));
  c.set("dataVersion", version);
  return result;
}

export function writeData<T>(c: Context<OriginEnv>, label: string, fn: (d: DataContext) => T): T {
  const d = dataContext(c);
  const { result, version } = c.var.deps.store.write(label, () => fn(d));
  c.set("dataVersion", version);
  return result;
}

/** 422 when a date lies after the fund's today: nothing is known about it yet. */
export function assertNotFuture(d: DataContext, date: IsoDate, field: string): void {
  if (date > d.today) {
    throw new OriginError("validation-failed", `${field} is in the future`, [
      { path: field, message: `must be on or before ${d.today}` },
    ]);
  }
}

/** The `as_of_date` a read asked for (default: today), refused with 422 when it is in the future. */
export function asOfDate(d: DataContext, requested: IsoDate | undefined): IsoDate {
  if (requested === undefined) return d.today;
  assertNotFuture(d, requested, "as_of_date");
  return requested;
}
