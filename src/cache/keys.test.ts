import { describe, expect, it } from "vitest";
import { fundToday } from "./fund-date.ts";
import { cacheKeys, UnsafeKeyPart, variantOf } from "./keys.ts";
import { TIERS } from "./tiers.ts";

describe("cache keys", () => {
  it("lays out the meta hash, entry and lease keys under the configured prefix, in the fund's hash tag", () => {
    const keys = cacheKeys("pms:", "demo");
    expect(keys.meta()).toBe("pms:{demo}:meta");
    expect(keys.entry("attribution", variantOf(["mtd", "2026-11-25"]))).toBe("pms:{demo}:e:attribution:mtd_2026-11-25");
    expect(keys.lease("book", "2026-11-25")).toBe("pms:{demo}:lease:book:2026-11-25");
    // Redis Cluster hashes only what is between the first { and the next }: one slot per fund.
    const hashTag = (key: string) => /\{([^}]*)\}/.exec(key)?.[1];
    expect(keys.index()).toBe("pms:{demo}:index");
    expect(new Set([keys.meta(), keys.index(), keys.entry("book", "x"), keys.lease("risk", "y")].map(hashTag))).toEqual(
      new Set(["demo"]),
    );
  });

  it.each(["a:b", "*", "a b", "..", "x\n", "", "a_b", "ü"])("refuses the variant part %j", (part) => {
    expect(() => variantOf([part])).toThrow(UnsafeKeyPart);
  });

  it("refuses a fund id that could change the key structure", () => {
    expect(() => cacheKeys("pms:", "demo:other")).toThrow(UnsafeKeyPart);
    expect(() => cacheKeys("pms:", "*")).toThrow(UnsafeKeyPart);
    expect(() => cacheKeys("pms:", "a}b")).toThrow(UnsafeKeyPart);
  });

  it("keys attribution without dates by today, custom by its window, and pins the key's date for the origin", () => {
    const row = TIERS["/api/v1/pms/attribution"]!;
    const ytd = { query: { period: "ytd" }, params: {}, today: "2026-11-25" };
    expect(row.variant(ytd)).toEqual(["ytd", "2026-11-25"]);
    expect(row.pinned?.(ytd)).toEqual({ as_of_date: "2026-11-25" });
    const asOf = { query: { period: "ytd", as_of_date: "2026-03-31" }, params: {}, today: "2026-11-25" };
    expect(row.variant(asOf)).toEqual(["ytd", "2026-03-31"]);
    const custom = {
      query: { period: "custom", start_date: "2026-01-01", end_date: "2026-03-31" },
      params: {},
      today: "2026-11-25",
    };
    expect(row.variant(custom)).toEqual(["custom", "2026-01-01", "2026-03-31"]);
    expect(row.pinned?.(custom)).toEqual({});
  });

  it("pins the key's date of book and risk for the origin, so the origin never computes another day", () => {
    for (const route of ["/api/v1/pms/book", "/api/v1/pms/risk/live"]) {
      const row = TIERS[route]!;
      expect(row.pinned?.({ query: {}, params: {}, today: "2026-11-25" })).toEqual({ as_of_date: "2026-11-25" });
      expect(row.pinned?.({ query: { as_of_date: "2026-01-02" }, params: {}, today: "2026-11-25" })).toEqual({
        as_of_date: "2026-01-02",
      });
    }
  });

  it("keys /morning-pack/latest as latest, never as today's date", () => {
    const row = TIERS["/api/v1/pms/morning-pack/latest"]!;
    expect(row.variant({ query: {}, params: {}, today: "2026-11-25" })).toEqual(["latest"]);
  });
});

describe("fundToday", () => {
  it("is the calendar date in São Paulo (UTC-3), not in UTC", () => {
    expect(fundToday(Date.parse("2026-11-26T02:30:00Z"))).toBe("2026-11-25");
    expect(fundToday(Date.parse("2026-11-26T03:00:00Z"))).toBe("2026-11-26");
  });

  it("turns at the fund's midnight to the millisecond, whatever it answered just before", () => {
    // The last minute's answer is kept: the minute before midnight and midnight's are different ones.
    for (const t of ["2026-11-26T02:59:00.000Z", "2026-11-26T02:59:59.999Z"]) {
      expect(fundToday(Date.parse(t))).toBe("2026-11-25");
    }
    expect(fundToday(Date.parse("2026-11-26T03:00:00.000Z"))).toBe("2026-11-26");
    expect(fundToday(Date.parse("2026-11-26T03:00:59.999Z"))).toBe("2026-11-26");
    expect(fundToday(Date.parse("2026-11-26T02:59:59.999Z"))).toBe("2026-11-25");
    expect(fundToday(Date.parse("2027-01-01T02:59:30.000Z"))).toBe("2026-12-31");
  });
});
