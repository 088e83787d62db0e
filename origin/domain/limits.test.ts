import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, evaluateLimits, type RiskFigures, resolveLimits } from "./limits.ts";

const zeroShares = { RATES: 0, FX: 0, INFLATION: 0, SOVEREIGN: 0, CREDIT: 0, EQUITY: 0 };
const calm: RiskFigures = {
  var95_pct: 0.5,
  var99_pct: 1,
  gross_leverage: 1,
  net_leverage: 0.5,
  drawdown_pct: 1,
  concentration_share_pct: zeroShares,
};

describe("limits", () => {
  it("defaults follow the contract", () => {
    expect(DEFAULT_LIMITS).toMatchObject({
      var95_pct_nav: 2,
      var99_pct_nav: 3,
      gross_leverage: 4,
      net_leverage: 2,
      drawdown_warning_pct: 5,
      drawdown_limit_pct: 10,
    });
    expect(DEFAULT_LIMITS.concentration_pct_gross).toEqual({
      RATES: 60,
      FX: 40,
      INFLATION: 30,
      SOVEREIGN: 20,
      CREDIT: 20,
      EQUITY: 30,
    });
  });

  it("overrides merge into the defaults, concentration per class", () => {
    const c = resolveLimits({ gross_leverage: 1.5, concentration_pct_gross: { RATES: 80 }, var95_pct_nav: undefined });
    expect(c.gross_leverage).toBe(1.5);
    expect(c.var95_pct_nav).toBe(2);
    expect(c.concentration_pct_gross.RATES).toBe(80);
    expect(c.concentration_pct_gross.FX).toBe(40);
  });

  it("grades each limit and raises exactly one alert per limit in WARNING or BREACHED", () => {
    // var95 1.7 = 85 % of 2.0 → WARNING; var99 3.5 > 3.0 → BREACHED; gross 2.0 = 50 % → OK;
    // net |−1.7| = 85 % of 2.0 → WARNING; drawdown 6 ≥ 5 (warning) ≤ 10 → WARNING;
    // RATES 70 > 60 → BREACHED; FX 32 = exactly 80 % of 40 → WARNING.
    const r = evaluateLimits({
      var95_pct: 1.7,
      var99_pct: 3.5,
      gross_leverage: 2,
      net_leverage: -1.7,
      drawdown_pct: 6,
      concentration_share_pct: { ...zeroShares, RATES: 70, FX: 32 },
    });
    const status = Object.fromEntries(r.limits_summary.limits.map((l) => [l.name, l.status]));
    expect(status).toMatchObject({
      var_95: "WARNING",
      var_99: "BREACHED",
      gross_leverage: "OK",
      net_leverage: "WARNING",
      drawdown: "WARNING",
      concentration_RATES: "BREACHED",
      concentration_FX: "WARNING",
      concentration_EQUITY: "OK",
    });
    expect(r.alerts.map((a) => `${a.limit}:${a.severity}`).sort()).toEqual([
      "concentration_FX:WARNING",
      "concentration_RATES:BREACHED",
      "drawdown:WARNING",
      "net_leverage:WARNING",
      "var_95:WARNING",
      "var_99:BREACHED",
    ]);
    expect(r.limits_summary).toMatchObject({ overall_status: "BREACHED", warning_count: 4, breached_count: 2 });
    const var99 = r.limits_summary.limits.find((l) => l.name === "var_99")!;
    expect(var99.utilization_pct).toBeCloseTo(116.6667, 3); // 3.5 / 3.0
    expect(r.alerts.find((a) => a.limit === "var_99")?.message).toContain("3.50% of NAV");
  });

  it("overall status is WARNING with only warnings, OK with none", () => {
    expect(evaluateLimits(calm).limits_summary.overall_status).toBe("OK");
    expect(evaluateLimits(calm).alerts).toEqual([]);
    expect(evaluateLimits({ ...calm, gross_leverage: 3.2 }).limits_summary.overall_status).toBe("WARNING");
  });

  it("a value at its limit is not a breach; above it is", () => {
    expect(evaluateLimits({ ...calm, drawdown_pct: 10 }).alerts[0]?.severity).toBe("WARNING");
    expect(evaluateLimits({ ...calm, drawdown_pct: 10.01 }).alerts[0]?.severity).toBe("BREACHED");
  });
});
