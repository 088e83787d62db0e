// Attribution: a period selector (daily … inception, custom), P&L by strategy and by asset
// class as bar charts, and the equity curve over its drawdown for the same window.
import type { Attribution, Bucket } from "../../../origin/domain/attribution.ts";
import { barChart, type EquityPoint, equityChart } from "../charts.ts";
import { type DeskContext, POLL_MS, type Screen } from "../context.ts";
import { h, numCell } from "../dom.ts";
import { brl, type Cell, num, pct } from "../format.ts";

export type { Attribution };

export const PERIODS = ["daily", "wtd", "mtd", "qtd", "ytd", "inception", "custom"] as const;

/** The headline figures; `field` names the DOM hook the browser test reads. */
export const ATTRIBUTION_FIELDS: ReadonlyArray<{ field: string; label: string; cell: (a: Attribution) => Cell }> = [
  { field: "total-pnl", label: "P&L", cell: (a) => brl(a.total_pnl_brl) },
  { field: "total-return", label: "Return", cell: (a) => pct(a.total_return_pct, 2, true) },
  { field: "sharpe", label: "Sharpe", cell: (a) => num(a.performance_stats.sharpe_ratio ?? null, 2) },
];

const bars = (buckets: Record<string, Bucket>) =>
  Object.entries(buckets)
    .map(([label, b]) => ({ label, value: b.pnl_brl }))
    .sort((a, b) => b.value - a.value);

export function attributionScreen(ctx: DeskContext): Screen {
  let period: (typeof PERIODS)[number] = "mtd";
  const start = h("input", { type: "date", "aria-label": "start date", "data-input": "start" });
  const end = h("input", { type: "date", "aria-label": "end date", "data-input": "end" });
  let window: { start: string; end: string } | undefined;

  const path = () =>
    period === "custom" && start.value && end.value
      ? `/attribution?period=custom&start_date=${start.value}&end_date=${end.value}`
      : `/attribution?period=${period === "custom" ? "mtd" : period}`;

  const equity = ctx.panel<EquityPoint[]>(
    "equity",
    "Equity curve and drawdown",
    () =>
      window
        ? `/attribution/equity-curve?start_date=${window.start}&end_date=${window.end}`
        : "/attribution/equity-curve",
    POLL_MS.other,
    (points) => equityChart(points),
  );
  const attribution = ctx.panel<Attribution>("attribution", "Attribution", path, POLL_MS.other, (a) => {
    // The curve over the period's window; a window shorter than a month shows the last 30 days
    // instead (the route's default), so a daily or week-to-date period still draws a curve.
    const next = a.period.calendar_days >= 30 ? { start: a.period.start, end: a.period.end } : undefined;
    if (window?.start !== next?.start || window?.end !== next?.end) {
      window = next;
      void equity.panel.load();
    }
    return [
      h(
        "p",
        { class: "sub" },
        `${a.period.label}: ${a.period.start} → ${a.period.end} (${a.period.calendar_days} days)`,
      ),
      h(
        "dl",
        { class: "summary" },
        ATTRIBUTION_FIELDS.map((f) =>
          h("div", {}, h("dt", {}, f.label), numCell(f.cell(a), "strong", { "data-field": f.field })),
        ),
      ),
      h("h3", {}, "By strategy"),
      barChart(bars(a.by_strategy), (v) => brl(v), "P&L by strategy"),
      h("h3", {}, "By asset class"),
      barChart(bars(a.by_asset_class), (v) => brl(v), "P&L by asset class"),
    ];
  });

  const buttons = PERIODS.map((p) => {
    const b = h(
      "button",
      { class: p === period ? "on" : "", "data-period": p },
      p === "wtd" || p === "mtd" || p === "qtd" || p === "ytd" ? p.toUpperCase() : p,
    );
    b.addEventListener("click", () => {
      period = p;
      for (const other of buttons) other.classList.toggle("on", other === b);
      custom.hidden = p !== "custom";
      if (p !== "custom" || (start.value && end.value)) void attribution.panel.load();
    });
    return b;
  });
  const apply = h("button", { "data-action": "custom-apply" }, "Apply");
  apply.addEventListener("click", () => void attribution.panel.load());
  const custom = h("span", { class: "custom" }, start, " → ", end, apply);
  custom.hidden = true;
  const selector = h("div", { class: "toolbar periods" }, buttons, custom);
  return {
    el: h("div", { class: "screen" }, selector, h("div", { class: "grid2" }, attribution.box, equity.box)),
    stop: () => undefined,
  };
}
