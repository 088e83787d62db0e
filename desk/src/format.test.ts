import { describe, expect, it } from "vitest";
import { age, bp, brl, brlMillions, num, pct, times, usd } from "./format.ts";

describe("desk number formatting", () => {
  it("writes money with its currency and thousands separators, negatives marked", () => {
    expect(brl(1234567.4)).toEqual({ text: "R$ 1,234,567", negative: false });
    expect(brl(-98765.5)).toEqual({ text: "R$ -98,766", negative: true });
    expect(usd(-1500.25, 2)).toEqual({ text: "US$ -1,500.25", negative: true });
    expect(brlMillions(101_234_567)).toEqual({ text: "R$ 101.23 mm", negative: false });
    expect(brlMillions(-2_500_000)).toEqual({ text: "R$ -2.50 mm", negative: true });
  });

  it("never shows a loss that rounds to zero", () => {
    expect(brl(-0.3)).toEqual({ text: "R$ 0", negative: false });
    expect(pct(-0.001)).toEqual({ text: "0.00%", negative: false });
  });

  it("writes percentages, basis points and multiples, signed where a move is meant", () => {
    expect(pct(1.2345)).toEqual({ text: "1.23%", negative: false });
    expect(pct(0.5, 2, true).text).toBe("+0.50%");
    expect(pct(-3.1, 1, true)).toEqual({ text: "-3.1%", negative: true });
    expect(bp(0.25)).toEqual({ text: "+25 bp", negative: false });
    expect(bp(-0.031)).toEqual({ text: "-3 bp", negative: true });
    expect(times(2.345)).toEqual({ text: "2.35×", negative: false });
    expect(num(5432.1, 1).text).toBe("5,432.1");
  });

  it("shows a dash for missing values", () => {
    for (const f of [brl, usd, brlMillions, pct, bp, times, num]) expect(f(null).text).toBe("—");
    expect(brl(Number.NaN).text).toBe("—");
  });

  it("writes ages in seconds, minutes and hours", () => {
    expect([age(0), age(42), age(185), age(7260), age(null)]).toEqual(["0 s", "42 s", "3 min 5 s", "2 h 1 min", "—"]);
  });
});
