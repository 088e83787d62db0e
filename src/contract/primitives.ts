// Building blocks of the contract's schemas. Query values arrive as strings; each helper
// parses them strictly and outputs ONE canonical form, so two spellings of one request are
// the same request (the edge builds cache keys from these outputs).
import * as z from "zod";
import { fundToday } from "../cache/fund-date.ts";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isCalendarDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1900 && y <= 2200 && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** An ISO date `YYYY-MM-DD` that exists on the calendar. */
export const isoDate = z.string().trim().refine(isCalendarDate, { message: "must be a real date written YYYY-MM-DD" });

/**
 * An `as_of_date` on or before the fund's today (São Paulo date of the clock): nothing is known
 * about a later date, and a future date must not become a cache key. The origin checks it again
 * against its own clock.
 */
export const asOfDate = isoDate.refine((d) => d <= fundToday(Date.now()), { message: "must not be in the future" });

/** A strictly positive, finite number (JSON bodies). */
export const positive = z.number().finite().positive();

/**
 * A price, quote or FX rate: positive and within [1e-6, 1e9]. P&L, VaR and stress figures divide
 * and multiply by prices; outside this range they overflow to Infinity/NaN and a single accepted
 * value (a 1e308 mark, a 1e-300 entry) made every later MTM and risk snapshot fail with a 500.
 */
export const price = positive.min(1e-6).max(1e9);

/** A non-empty free text, trimmed, with an upper bound so no one stores a novel. */
export function text(min: number, max = 4000) {
  return z
    .string()
    .trim()
    .min(min, { message: `must be at least ${min} characters` })
    .max(max);
}

/** An enum matched case-insensitively; the output is the canonical spelling. */
export function looseEnum<const T extends readonly [string, ...string[]]>(values: T) {
  const byLower = new Map(values.map((v) => [v.toLowerCase(), v] as const));
  return z
    .string()
    .trim()
    .transform((raw, ctx) => {
      const canonical = byLower.get(raw.toLowerCase());
      if (canonical === undefined) {
        ctx.addIssue({ code: "custom", message: `must be one of ${values.join(", ")}` });
        return z.NEVER;
      }
      return canonical as T[number];
    });
}

/** A whole number in a query string, within [min, max]. */
export function queryInt(min: number, max: number) {
  return z
    .string()
    .trim()
    .regex(/^-?\d{1,9}$/, { message: "must be a whole number" })
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

/** A boolean in a query string: exactly `true` or `false`. */
export const queryBool = z.enum(["true", "false"]).transform((v) => v === "true");

/** A numeric id in a path segment. */
export const idParam = z.object({ id: queryInt(1, 2_147_483_647) });

/** A date in a path segment. */
export const dateParam = z.object({ date: isoDate });

/** An instrument ticker: letters, digits and a few separators, upper-cased. */
export const ticker = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9_.\-/]+$/, { message: "must be a ticker (letters, digits, _ . - /)" })
  .transform((t) => t.toUpperCase());

export const ASSET_CLASSES = ["RATES", "FX", "CREDIT", "EQUITY", "SOVEREIGN", "INFLATION"] as const;
export type AssetClass = (typeof ASSET_CLASSES)[number];
export const DIRECTIONS = ["LONG", "SHORT"] as const;
export type Direction = (typeof DIRECTIONS)[number];
