// Attribution windows (docs/contract.md route 30): daily, WTD, MTD, QTD, YTD, inception and
// custom, case-insensitive. Both ends are inclusive; calendar_days counts both.
import { calendarDaysBetween, isValidIsoDate, monthStart, quarterStart, weekStart, yearStart } from "./calendar.ts";
import type { IsoDate } from "./types.ts";

export const PERIODS = ["daily", "WTD", "MTD", "QTD", "YTD", "inception", "custom"] as const;
export type Period = (typeof PERIODS)[number];

export interface PeriodWindow {
  start: IsoDate;
  end: IsoDate;
  calendar_days: number;
  label: string;
}

/** A request that names no valid window; `path` is the offending query parameter (→ 422). */
export class PeriodError extends Error {
  constructor(
    readonly path: "period" | "start_date" | "end_date",
    message: string,
  ) {
    super(message);
    this.name = "PeriodError";
  }
}

export function parsePeriod(raw: string | undefined): Period {
  if (raw === undefined || raw === "") return "MTD";
  const hit = PERIODS.find((p) => p.toLowerCase() === raw.trim().toLowerCase());
  if (!hit) throw new PeriodError("period", `period must be one of ${PERIODS.join(", ")}`);
  return hit;
}

export function periodWindow(
  period: Period,
  today: IsoDate,
  opts: { start_date?: string; end_date?: string; inception?: IsoDate | null } = {},
): PeriodWindow {
  const make = (start: IsoDate, end: IsoDate, label: string): PeriodWindow => ({
    start,
    end,
    calendar_days: calendarDaysBetween(start, end) + 1,
    label,
  });
  switch (period) {
    case "daily":
      return make(today, today, "Daily");
    case "WTD":
      return make(weekStart(today), today, "Week to date");
    case "MTD":
      return make(monthStart(today), today, "Month to date");
    case "QTD":
      return make(quarterStart(today), today, "Quarter to date");
    case "YTD":
      return make(yearStart(today), today, "Year to date");
    case "inception": {
      const start = opts.inception && opts.inception <= today ? opts.inception : today;
      return make(start, today, "Since inception");
    }
    case "custom": {
      const { start_date: s, end_date: e } = opts;
      if (!s || !isValidIsoDate(s))
        throw new PeriodError("start_date", "start_date (YYYY-MM-DD) is required for a custom period");
      if (!e || !isValidIsoDate(e))
        throw new PeriodError("end_date", "end_date (YYYY-MM-DD) is required for a custom period");
      if (s > e) throw new PeriodError("start_date", "start_date must be on or before end_date");
      return make(s, e, `Custom ${s} to ${e}`);
    }
  }
}
