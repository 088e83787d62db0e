// Read-your-writes for any client (docs/cache-protocol.md §Read-your-writes): a client that saw
// PMS-Data-Version N (for instance on its own write's answer) sends `PMS-Min-Version: N` on its
// reads, and a tiered read whose cached copy is current only as of an older version goes to the
// origin instead of answering from the cache.
import { AppError } from "../http/app-error.ts";
import type { CacheRead } from "./pms-cache.ts";

export const MIN_VERSION_HEADER = "PMS-Min-Version";

/**
 * The version the client asks for at least, or undefined without the header. A value that is
 * not a whole number is a 400: a client that sends the header relies on it, and silently
 * ignoring a mistyped value would serve it exactly the old data it asked not to see.
 */
export function minVersionOf(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (!/^\d{1,15}$/.test(value)) {
    throw new AppError("bad-request", `${MIN_VERSION_HEADER} must be a whole number`, [
      { path: `header.${MIN_VERSION_HEADER}`, message: "expected a non-negative integer (a PMS-Data-Version)" },
    ]);
  }
  return Number(value);
}

/** Whether a cached copy current as of `version` is too old for the client's minimum. */
export function olderThanAsked(version: number, minVersion: number | undefined): boolean {
  return minVersion !== undefined && version < minVersion;
}

/** A servable entry (fresh or stale) whose version, as it would be answered, is below the minimum. */
export function entryOlderThanAsked(read: CacheRead, minVersion: number | undefined): boolean {
  if (!read.envelope || (read.state !== "fresh" && read.state !== "stale")) return false;
  return olderThanAsked(Math.max(read.envelope.version, read.floorVersion), minVersion);
}
