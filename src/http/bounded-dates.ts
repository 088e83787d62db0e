// Bounded input (docs/security.md §Bounded input): every date a request names lies within the
// fund's history. None lies after the fund's today (an as-of date, a window's end, a pack's
// date: nothing has been computed for the future); with FUND_INCEPTION_DATE set, none lies before
// it; and a window (start_date … end_date) spans at most ATTRIBUTION_MAX_SPAN_DAYS. Each
// distinct window is its own cache entry and its own origin computation, so without these
// bounds a VIEWER could send 300-year windows by the thousand. Checked on the validated
// (canonical) values, before the cache and the origin; a violation is a 422 like any other.
import type { Context } from "hono";
import type { FieldError } from "../contract/problem.ts";
import type { AppEnv } from "../env.ts";
import { AppError } from "./app-error.ts";

const NOT_AFTER_TODAY = ["as_of_date", "end_date", "start_date", "date"];

const days = (from: string, to: string) =>
  (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;

/** Throws 422 when a validated query or path value names a date outside the fund's history. */
export function checkDateBounds(c: Context<AppEnv>, values: unknown): void {
  if (values === null || typeof values !== "object") return;
  const v = values as Record<string, unknown>;
  const { security } = c.get("config");
  const errors: FieldError[] = [];
  let today: string | undefined;
  for (const field of NOT_AFTER_TODAY) {
    const date = v[field];
    if (typeof date !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(date)) continue;
    today ??= c.get("cache").today();
    if (date > today) errors.push({ path: field, message: `must not be after the fund's today (${today})` });
    else if (security.inceptionDate && date < security.inceptionDate)
      errors.push({ path: field, message: `must not be before the fund's inception (${security.inceptionDate})` });
  }
  if (typeof v.start_date === "string" && typeof v.end_date === "string") {
    const span = days(v.start_date, v.end_date);
    if (span > security.maxWindowDays)
      errors.push({ path: "start_date", message: `the window spans ${span} days; at most ${security.maxWindowDays}` });
  }
  if (errors.length > 0) throw new AppError("validation-failed", "the dates lie outside the fund's history", errors);
}
