// Business-day calendar of the fund (B3, São Paulo): Monday–Friday minus the Brazilian
// national holidays on which B3 does not trade (fixed dates, plus Carnival Monday/Tuesday,
// Good Friday and Corpus Christi, which move with Easter). Dates are "YYYY-MM-DD" strings;
// arithmetic is done on UTC day numbers so no local time zone can shift a date.
import type { IsoDate } from "./types.ts";

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a "YYYY-MM-DD" date; throws on a malformed or impossible date. */
export function dayNumber(date: IsoDate): number {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new RangeError(`impossible date: ${date}`);
  }
  return ms / MS_PER_DAY;
}

export function fromDayNumber(n: number): IsoDate {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

export function isValidIsoDate(date: string): boolean {
  try {
    dayNumber(date);
    return true;
  } catch {
    return false;
  }
}

export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** b − a in calendar days. */
export function calendarDaysBetween(a: IsoDate, b: IsoDate): number {
  return dayNumber(b) - dayNumber(a);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
function weekday(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

/** Easter Sunday (Gregorian, anonymous algorithm — Meeus/Jones/Butcher). */
function easterDayNumber(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

// Memo of holiday sets per year: a pure function of the year, so caching is safe.
const holidayMemo = new Map<number, Set<number>>();

/** B3 non-trading national holidays of a year, as day numbers. */
export function holidaysOf(year: number): Set<number> {
  const memo = holidayMemo.get(year);
  if (memo) return memo;
  const fixed = ["01-01", "04-21", "05-01", "09-07", "10-12", "11-02", "11-15", "12-25"];
  // Black Consciousness Day became a national holiday by Lei 14.759/2023, from 2024 on.
  if (year >= 2024) fixed.push("11-20");
  const days = new Set(fixed.map((md) => dayNumber(`${String(year).padStart(4, "0")}-${md}`)));
  const easter = easterDayNumber(year);
  for (const offset of [-48, -47, -2, 60]) days.add(easter + offset); // Carnival Mon/Tue, Good Friday, Corpus Christi
  holidayMemo.set(year, days);
  return days;
}

function isBusinessDayNumber(n: number): boolean {
  const wd = weekday(n);
  if (wd === 0 || wd === 6) return false;
  return !holidaysOf(new Date(n * MS_PER_DAY).getUTCFullYear()).has(n);
}

export function isBusinessDay(date: IsoDate): boolean {
  return isBusinessDayNumber(dayNumber(date));
}

/** Moves n business days forward (n > 0) or back (n < 0); n = 0 returns the date itself. */
export function addBusinessDays(date: IsoDate, n: number): IsoDate {
  let day = dayNumber(date);
  const step = n >= 0 ? 1 : -1;
  for (let left = Math.abs(n); left > 0; ) {
    day += step;
    if (isBusinessDayNumber(day)) left--;
  }
  return fromDayNumber(day);
}

/** The date itself when it is a business day, else the previous business day. */
export function businessDayOnOrBefore(date: IsoDate): IsoDate {
  let day = dayNumber(date);
  while (!isBusinessDayNumber(day)) day--;
  return fromDayNumber(day);
}

/** Business days in [start, end], both inclusive, ascending (empty when start > end). */
export function businessDaysBetween(start: IsoDate, end: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  const last = dayNumber(end);
  for (let day = dayNumber(start); day <= last; day++) {
    if (isBusinessDayNumber(day)) out.push(fromDayNumber(day));
  }
  return out;
}

/** Business days in (start, end] — the DU count between two dates as B3 counts it. */
export function businessDayCount(start: IsoDate, end: IsoDate): number {
  const a = dayNumber(start);
  const b = dayNumber(end);
  if (b <= a) return 0;
  return businessDaysUpTo(b) - businessDaysUpTo(a);
}

// DU counts run on every position figure (DV01, days to maturity) over spans of years, so they
// use memoised prefix counts per year instead of walking day by day. Pure functions of the
// calendar, so the memo is safe.
const COUNT_BASE_YEAR = 1900;
const yearPrefixMemo = new Map<number, { first: number; prefix: Uint16Array }>();
const beforeYearMemo = new Map<number, number>([[COUNT_BASE_YEAR, 0]]);

function yearPrefix(year: number): { first: number; prefix: Uint16Array } {
  let t = yearPrefixMemo.get(year);
  if (!t) {
    const first = Date.UTC(year, 0, 1) / MS_PER_DAY;
    const days = Date.UTC(year + 1, 0, 1) / MS_PER_DAY - first;
    const prefix = new Uint16Array(days);
    let count = 0;
    for (let i = 0; i < days; i++) prefix[i] = count += isBusinessDayNumber(first + i) ? 1 : 0;
    t = { first, prefix };
    yearPrefixMemo.set(year, t);
  }
  return t;
}

/** Business days from 1900-01-01 up to the start of `year` (negative before 1900). */
function businessDaysBeforeYear(year: number): number {
  const memo = beforeYearMemo.get(year);
  if (memo !== undefined) return memo;
  const count =
    year > COUNT_BASE_YEAR
      ? businessDaysBeforeYear(year - 1) + (yearPrefix(year - 1).prefix.at(-1) as number)
      : businessDaysBeforeYear(year + 1) - (yearPrefix(year).prefix.at(-1) as number);
  beforeYearMemo.set(year, count);
  return count;
}

/** Business days from 1900-01-01 through day number n (differences of it are DU counts). */
function businessDaysUpTo(n: number): number {
  const year = new Date(n * MS_PER_DAY).getUTCFullYear();
  const t = yearPrefix(year);
  return businessDaysBeforeYear(year) + (t.prefix[n - t.first] as number);
}

/** The last n business days ending on or before `end`, ascending. */
export function lastBusinessDays(end: IsoDate, n: number): IsoDate[] {
  const out: IsoDate[] = [];
  let day = dayNumber(end);
  while (out.length < n) {
    if (isBusinessDayNumber(day)) out.push(fromDayNumber(day));
    day--;
  }
  return out.reverse();
}

/** The fund's date ("today") in America/Sao_Paulo at the given instant. */
export function saoPauloDate(at: Date): IsoDate {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "America/Sao_Paulo",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(at);
}

/** Monday of the date's week (weeks run Monday–Sunday). */
export function weekStart(date: IsoDate): IsoDate {
  const n = dayNumber(date);
  return fromDayNumber(n - ((weekday(n) + 6) % 7));
}

export function monthStart(date: IsoDate): IsoDate {
  return `${date.slice(0, 7)}-01`;
}

export function quarterStart(date: IsoDate): IsoDate {
  const month = Number(date.slice(5, 7));
  const first = month - ((month - 1) % 3);
  return `${date.slice(0, 4)}-${String(first).padStart(2, "0")}-01`;
}

export function yearStart(date: IsoDate): IsoDate {
  return `${date.slice(0, 4)}-01-01`;
}
