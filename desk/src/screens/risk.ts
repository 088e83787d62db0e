// Risk monitor: VaR 95 / 99 and expected shortfall, limit utilisation bars, alerts and the
// stress scenarios. Polled every 30 s.

import type { LimitCheck } from "../../../origin/domain/limits.ts";
import type { LiveRisk } from "../../../origin/domain/live-risk.ts";
import { type DeskContext, POLL_MS, type Screen } from "../context.ts";
import { type Child, h, numCell } from "../dom.ts";
import { brl, type Cell, pct, times } from "../format.ts";

export type { LiveRisk };

/** The headline figures; `field` names the DOM hook the browser test reads. */
export const RISK_FIELDS: ReadonlyArray<{ field: string; label: string; cell: (r: LiveRisk) => Cell }> = [
  { field: "var95", label: "VaR 95% (1d)", cell: (r) => brl(r.var.var_95_brl) },
  { field: "var95-pct", label: "VaR 95% of NAV", cell: (r) => pct(r.var.var_95_pct) },
  { field: "var99", label: "VaR 99% (1d)", cell: (r) => brl(r.var.var_99_brl) },
  { field: "var99-pct", label: "VaR 99% of NAV", cell: (r) => pct(r.var.var_99_pct) },
  { field: "es", label: "ES 97.5%", cell: (r) => brl(r.var.es_975_brl) },
  { field: "gross", label: "Leverage gross", cell: (r) => times(r.leverage.gross) },
  { field: "drawdown", label: "Drawdown", cell: (r) => pct(-Math.abs(r.drawdown.current_drawdown_pct)) },
];

const limitValue = (l: LimitCheck, v: number) => (l.unit === "x_nav" ? times(v) : pct(v));

export function riskScreen(ctx: DeskContext): Screen {
  const risk = ctx.panel<LiveRisk>(
    "risk",
    "Risk monitor",
    () => "/risk/live",
    POLL_MS.risk,
    (r) => [
      h(
        "p",
        { class: "sub" },
        `As of ${r.as_of_date} · historical VaR over ${r.var.observations} days · status `,
        h(
          "span",
          { class: `overall s-${r.limits_summary.overall_status}`, "data-field": "overall" },
          r.limits_summary.overall_status,
        ),
      ),
      h(
        "dl",
        { class: "summary" },
        RISK_FIELDS.map((f) =>
          h("div", {}, h("dt", {}, f.label), numCell(f.cell(r), "strong", { "data-field": f.field })),
        ),
      ),
      h("h3", {}, "Limits"),
      limits(r.limits_summary.limits),
      h("h3", {}, "Alerts"),
      r.alerts.length === 0
        ? h("p", { class: "empty" }, "no alerts")
        : h(
            "ul",
            { class: "alerts" },
            r.alerts.map((a) => h("li", { class: `s-${a.severity}` }, h("strong", {}, a.severity), ` ${a.message}`)),
          ),
      h("h3", {}, "Stress scenarios"),
      stress(r.stress_tests),
    ],
  );
  return { el: h("div", { class: "screen" }, risk.box), stop: () => undefined };
}

function limits(list: LimitCheck[]): Child {
  return h(
    "div",
    { class: "limits" },
    list.map((l) => {
      const fill = h("span", { class: "fill" });
      // Through the CSSOM: the page's Content-Security-Policy refuses inline style attributes.
      fill.style.width = `${Math.max(0, Math.min(100, l.utilization_pct)).toFixed(1)}%`;
      return h(
        "div",
        { class: `limit s-${l.status}`, "data-limit": l.name },
        h("span", { class: "name" }, l.name),
        h("span", { class: "track" }, fill),
        numCell(pct(l.utilization_pct, 0), "span"),
        h("span", { class: "of" }, `${limitValue(l, l.value).text} of ${limitValue(l, l.limit).text}`),
      );
    }),
  );
}

function stress(rows: LiveRisk["stress_tests"]): Child {
  return h(
    "table",
    { "data-table": "stress" },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ["Scenario", "P&L", "% NAV"].map((t) => h("th", {}, t)),
      ),
    ),
    h(
      "tbody",
      {},
      rows.map((s) =>
        h(
          "tr",
          {},
          h("td", { title: s.description }, s.scenario),
          numCell(brl(s.pnl_brl)),
          numCell(pct(s.pnl_pct, 2, true)),
        ),
      ),
    ),
  );
}
