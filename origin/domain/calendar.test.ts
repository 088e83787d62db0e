import { describe, expect, it } from "vitest";
import {
  addBusinessDays,
  addCalendarDays,
  businessDayCount,
  businessDayOnOrBefore,
  businessDaysBetween,
  calendarDaysBetween,
  dayNumber,
  isBusinessDay,
  isValidIsoDate,
  lastBusinessDays,
  monthStart,
  quarterStart,
  saoPauloDate,
  weekStart,
  yearStart,
} from "./calendar.ts";

describe("calendar", () => {
  it("rejects impossible dates", () => {
    expect(isValidIsoDate("2025-02-29")).toBe(false);
    expect(isValidIsoDate("2024-02-29")).toBe(true);
    expect(isValidIsoDate("2025-13-01")).toBe(false);
    expect(isValidIsoDate("25-01-01")).toBe(false);
    expect(() => dayNumber("2025-04-31")).toThrow(RangeError);
  });

  it("knows weekends and B3 holidays, fixed and Easter-based", () => {
    // Easter 2025 is April 20: Carnival Mar 3–4, Good Friday Apr 18, Corpus Christi Jun 19.
    for (const d of ["2025-03-03", "2025-03-04", "2025-04-18", "2025-06-19"]) expect(isBusinessDay(d)).toBe(false);
    // Easter 2024 is March 31: Carnival Feb 12–13, Good Friday Mar 29, Corpus Christi May 30.
    for (const d of ["2024-02-12", "2024-02-13", "2024-03-29", "2024-05-30"]) expect(isBusinessDay(d)).toBe(false);
    expect(isBusinessDay("2025-03-05")).toBe(true); // Ash Wednesday trades
    expect(isBusinessDay("2025-12-25")).toBe(false);
    expect(isBusinessDay("2025-11-20")).toBe(false); // national from 2024
    expect(isBusinessDay("2023-11-20")).toBe(true); // a Monday, not yet national
    expect(isBusinessDay("2025-11-22")).toBe(false); // Saturday
    expect(isBusinessDay("2025-11-21")).toBe(true);
  });

  it("adds and subtracts business days across holidays and weekends", () => {
    expect(addBusinessDays("2025-11-19", 1)).toBe("2025-11-21"); // skips Thu 20 (holiday)
    expect(addBusinessDays("2025-11-21", 1)).toBe("2025-11-24"); // skips the weekend
    expect(addBusinessDays("2025-11-24", -2)).toBe("2025-11-19");
    expect(addBusinessDays("2025-11-22", 0)).toBe("2025-11-22");
    expect(businessDayOnOrBefore("2025-11-23")).toBe("2025-11-21");
  });

  it("counts DU in (start, end]", () => {
    // 17, 18, 19, 21 Nov 2025 (20 is a holiday, 15–16 weekend) = 4
    expect(businessDayCount("2025-11-14", "2025-11-21")).toBe(4);
    expect(businessDayCount("2025-11-21", "2025-11-14")).toBe(0);
    expect(businessDaysBetween("2025-11-14", "2025-11-21")).toEqual([
      "2025-11-14",
      "2025-11-17",
      "2025-11-18",
      "2025-11-19",
      "2025-11-21",
    ]);
    expect(lastBusinessDays("2025-11-23", 3)).toEqual(["2025-11-18", "2025-11-19", "2025-11-21"]);
  });

  it("gives São Paulo's date (UTC−3) at an instant", () => {
    expect(saoPauloDate(new Date("2025-01-01T02:30:00Z"))).toBe("2024-12-31");
    expect(saoPauloDate(new Date("2025-01-01T03:30:00Z"))).toBe("2025-01-01");
  });

  it("finds period starts and calendar differences", () => {
    expect(weekStart("2025-11-26")).toBe("2025-11-24"); // Wednesday → Monday
    expect(weekStart("2025-11-30")).toBe("2025-11-24"); // Sunday belongs to the week of Monday 24
    expect(weekStart("2025-11-24")).toBe("2025-11-24");
    expect(monthStart("2025-11-26")).toBe("2025-11-01");
    expect(quarterStart("2025-11-26")).toBe("2025-10-01");
    expect(quarterStart("2025-03-31")).toBe("2025-01-01");
    expect(yearStart("2025-11-26")).toBe("2025-01-01");
    expect(calendarDaysBetween("2024-02-28", "2024-03-01")).toBe(2); // leap year
  });

  it("counts DU over any span exactly as walking the days one by one (memoised prefix counts)", () => {
    // Spans across years, holidays (Carnival, 20 Nov from 2024), before 1900 and backwards.
    const walk = (a: string, b: string) => businessDaysBetween(addCalendarDays(a, 1), b).length;
    const spans: Array<[string, string]> = [
      ["2024-12-20", "2027-01-04"],
      ["2026-02-13", "2026-02-19"],
      ["2023-11-17", "2024-11-21"],
      ["1899-12-25", "1900-01-05"],
      ["2026-11-25", "2028-01-03"],
      ["2026-03-02", "2026-03-02"],
      ["2026-03-09", "2026-03-02"],
    ];
    for (const [a, b] of spans) expect(businessDayCount(a, b), `${a} → ${b}`).toBe(a < b ? walk(a, b) : 0);
  });
});
