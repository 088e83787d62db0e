import { describe, expect, it } from "vitest";
import { fundToday } from "../../src/cache/fund-date.ts";
import { cacheKeys, UnsafeKeyPart, variantOf } from "../../src/cache/keys.ts";
import { TIERS } from "../../src/cache/tiers.ts";

describe("cache keys", () => {
  it("lays out generation, entry and lease keys under the configured prefix", () => {
    const keys = cacheKeys("pms:", "demo");
    expect(keys.gen("portfolio")).toBe("pms:gen:demo:portfolio");
    expect(keys.entry("attribution", variantOf(["mtd", "2026-11-25"]))).toBe("pms:e:demo:attribution:mtd_2026-11-25");
    expect(keys.lease("book", "2026-11-25")).toBe("pms:lease:demo:book:2026-11-25");
  });

  it.each(["a:b", "*", "a b", "..", "x\n", "", "a_b", "ü"])("refuses the variant part %j", (part) => {
    expect(() => variantOf([part])).toThrow(UnsafeKeyPart);
  });

  it("refuses a fund id that could change the key structure", () => {
    expect(() => cacheKeys("pms:", "demo:other")).toThrow(UnsafeKeyPart);
    expect(() => cacheKeys("pms:", "*")).toThrow(UnsafeKeyPart);
  });

  it("keys attribution without dates by today, custom by its window", () => {
    const row = TIERS["/api/v1/pms/attribution"]!;
    expect(row.variant({ query: { period: "ytd" }, params: {}, today: "2026-11-25" })).toEqual(["ytd", "2026-11-25"]);
    expect(
      row.variant({ query: { period: "custom", start_date: "2026-01-01", end_date: "2026-03-31" }, params: {}, today: "2026-11-25" }),
    ).toEqual(["custom", "2026-01-01", "2026-03-31"]);
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
});
