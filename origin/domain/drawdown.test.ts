import { describe, expect, it } from "vitest";
import { drawdown } from "./drawdown.ts";

const series = (navs: number[]) =>
  navs.map((nav_brl, i) => ({ date: `2025-11-${String(10 + i).padStart(2, "0")}`, nav_brl }));

describe("drawdown", () => {
  it("measures current and max drawdown from the running peak", () => {
    // Peak 110 on day 11; low 88 on day 13 → (110 − 88)/110 = 20 %; recover to 105 → 4.5454 %.
    const d = drawdown(series([100, 110, 99, 88, 105]));
    expect(d.max_drawdown_pct).toBeCloseTo(20, 10);
    expect(d.max_drawdown_date).toBe("2025-11-13");
    expect(d.current_drawdown_pct).toBeCloseTo((5 / 110) * 100, 10);
    expect(d.peak_date).toBe("2025-11-11");
    expect(d.peak_nav_brl).toBe(110);
    expect(d.days_in_drawdown).toBe(3); // three observations since the peak
  });

  it("is zero at a new high (ties count as a new peak)", () => {
    const d = drawdown(series([100, 90, 100]));
    expect(d.current_drawdown_pct).toBe(0);
    expect(d.days_in_drawdown).toBe(0);
    expect(d.peak_date).toBe("2025-11-12");
    expect(d.max_drawdown_pct).toBeCloseTo(10, 10);
  });

  it("counts a loss from inception against the starting capital", () => {
    // Capital 100 → 95 → 97: drawdown 3 %, max 5 %, two observations, no peak date.
    const d = drawdown(series([95, 97]), 100);
    expect(d.current_drawdown_pct).toBeCloseTo(3, 10);
    expect(d.max_drawdown_pct).toBeCloseTo(5, 10);
    expect(d.days_in_drawdown).toBe(2);
    expect(d.peak_date).toBeNull();
  });

  it("handles an empty series", () => {
    expect(drawdown([], 100)).toMatchObject({ current_drawdown_pct: 0, max_drawdown_pct: 0, current_nav_brl: 100 });
  });
});
