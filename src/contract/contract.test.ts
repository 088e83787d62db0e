import { describe, expect, it } from "vitest";
import { fundToday } from "../cache/fund-date.ts";
import {
  AsOfQuery,
  AttributionQuery,
  EmergencyStopBody,
  isCalendarDate,
  JournalQuery,
  MtmBody,
  OpenPositionBody,
  PositionsQuery,
} from "./index.ts";

describe("contract primitives", () => {
  it("accepts only real calendar dates", () => {
    expect(isCalendarDate("2024-02-29")).toBe(true);
    expect(isCalendarDate("2026-02-29")).toBe(false);
    expect(isCalendarDate("2026-13-01")).toBe(false);
    expect(isCalendarDate("2026-1-05")).toBe(false);
  });

  it("matches enums case-insensitively and outputs the canonical spelling", () => {
    expect(PositionsQuery.parse({ asset_class: "rates", is_open: "true" })).toEqual({
      asset_class: "RATES",
      is_open: true,
    });
    expect(PositionsQuery.safeParse({ asset_class: "stocks" }).success).toBe(false);
  });
});

describe("AttributionQuery", () => {
  it("gives two spellings of one request one canonical form", () => {
    expect(AttributionQuery.parse({ period: "MTD" })).toEqual({ period: "mtd" });
    expect(AttributionQuery.parse({ period: "mtd", start_date: "2026-01-01" })).toEqual({ period: "mtd" });
    expect(AttributionQuery.parse({})).toEqual({ period: "mtd" });
    expect(AttributionQuery.parse({ period: "ytd", as_of_date: "2026-03-31" })).toEqual({
      period: "ytd",
      as_of_date: "2026-03-31",
    });
  });

  it("requires ordered dates for custom", () => {
    expect(AttributionQuery.parse({ period: "Custom", start_date: "2026-01-01", end_date: "2026-01-31" })).toEqual({
      period: "custom",
      start_date: "2026-01-01",
      end_date: "2026-01-31",
    });
    expect(
      AttributionQuery.safeParse({ period: "custom", start_date: "2026-02-01", end_date: "2026-01-31" }).success,
    ).toBe(false);
    expect(AttributionQuery.safeParse({ period: "custom" }).success).toBe(false);
    expect(AttributionQuery.safeParse({ period: "../" }).success).toBe(false);
  });
});

describe("bodies", () => {
  it("rejects a thesis that is blank after trimming and non-positive notionals", () => {
    const base = {
      instrument: "DI1F27",
      asset_class: "RATES",
      direction: "LONG",
      notional_brl: 1e6,
      execution_price: 90000,
      manager_thesis: "carry trade",
    };
    expect(OpenPositionBody.safeParse(base).success).toBe(true);
    expect(OpenPositionBody.safeParse({ ...base, manager_thesis: "   ab   " }).success).toBe(false);
    expect(OpenPositionBody.safeParse({ ...base, notional_brl: 0 }).success).toBe(false);
    expect(OpenPositionBody.safeParse({ ...base, notional_brl: "1000" }).success).toBe(false);
  });

  it("defaults and bounds queries", () => {
    expect(JournalQuery.parse({})).toMatchObject({ limit: 50, offset: 0 });
    expect(JournalQuery.safeParse({ limit: "501" }).success).toBe(false);
    expect(JournalQuery.safeParse({ start_date: "2026-02-01", end_date: "2026-01-01" }).success).toBe(false);
  });

  it("upper-cases override tickers and refuses non-positive prices", () => {
    expect(MtmBody.parse({ price_overrides: { di1f27: 91000 } })).toEqual({ price_overrides: { DI1F27: 91000 } });
    expect(MtmBody.safeParse({ price_overrides: { DI1F27: -1 } }).success).toBe(false);
  });

  it("requires an explicit emergency-stop confirmation", () => {
    expect(EmergencyStopBody.safeParse({ reason: "limit breach", manager_confirmation: true }).success).toBe(true);
    expect(EmergencyStopBody.safeParse({ reason: "limit breach", manager_confirmation: false }).success).toBe(false);
    expect(EmergencyStopBody.safeParse({ reason: "  ", manager_confirmation: true }).success).toBe(false);
  });
});

describe("as_of_date", () => {
  it("refuses a date after the fund's today (São Paulo), accepts today and the past", () => {
    const today = fundToday(Date.now());
    expect(AsOfQuery.safeParse({ as_of_date: "2099-01-01" }).success).toBe(false);
    expect(AttributionQuery.safeParse({ period: "mtd", as_of_date: "2099-01-01" }).success).toBe(false);
    expect(AsOfQuery.parse({ as_of_date: today })).toEqual({ as_of_date: today });
    expect(AsOfQuery.parse({ as_of_date: "2026-01-15" })).toEqual({ as_of_date: "2026-01-15" });
  });
});
