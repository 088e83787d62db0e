// Hand-made SVG charts: a horizontal bar chart (P&L by bucket, positive and negative around a
// zero line) and the equity curve over its drawdown. Scales fit the data; no library.
import { h, svg } from "./dom.ts";
import type { Cell } from "./format.ts";

export interface Bar {
  label: string;
  value: number;
}

/** Horizontal bars around zero, one row per bucket, with the formatted value at the end. */
export function barChart(bars: Bar[], format: (v: number) => Cell, title: string): Element {
  if (bars.length === 0) return h("p", { class: "empty" }, "no data for this period");
  const row = 22;
  const labelW = 160;
  const valueW = 110;
  const width = 600;
  const plotW = width - labelW - valueW;
  const min = Math.min(0, ...bars.map((b) => b.value));
  const max = Math.max(0, ...bars.map((b) => b.value));
  const span = max - min || 1;
  const x = (v: number) => labelW + ((v - min) / span) * plotW;
  const zero = x(0);
  const height = bars.length * row + 8;
  const chart = svg("svg", {
    viewBox: `0 0 ${width} ${height}`,
    class: "chart bars",
    role: "img",
    "aria-label": title,
  });
  bars.forEach((b, i) => {
    const y = 4 + i * row;
    const left = Math.min(zero, x(b.value));
    const w = Math.max(1, Math.abs(x(b.value) - zero));
    const value = format(b.value);
    chart.append(
      svg("text", { x: labelW - 6, y: y + 15, "text-anchor": "end", class: "label" }, b.label),
      svg("rect", { x: left, y: y + 3, width: w, height: row - 8, class: b.value < 0 ? "bar neg" : "bar" }),
      svg(
        "text",
        { x: width - 4, y: y + 15, "text-anchor": "end", class: value.negative ? "value neg" : "value" },
        value.text,
      ),
    );
  });
  chart.append(svg("line", { x1: zero, x2: zero, y1: 0, y2: height, class: "zero" }));
  return chart;
}

export interface EquityPoint {
  date: string;
  equity_brl: number;
  drawdown_pct: number;
}

/** The equity line (top two thirds) over the drawdown area (bottom third), sharing the date axis. */
export function equityChart(points: EquityPoint[]): Element {
  if (points.length < 2) return h("p", { class: "empty" }, "not enough points for a curve");
  const width = 640;
  const top = 200;
  const ddH = 90;
  const pad = 6;
  const height = top + ddH + 24;
  const n = points.length;
  const left = 72; // room for the axis labels ("118.4mm")
  const x = (i: number) => left + (i / (n - 1)) * (width - left - 6);
  const eq = points.map((p) => p.equity_brl);
  const lo = Math.min(...eq);
  const hi = Math.max(...eq);
  const y = (v: number) => pad + (1 - (v - lo) / (hi - lo || 1)) * (top - 2 * pad);
  // drawdown_pct is a magnitude (0.37 = 0.37 % below the peak): drawn downwards from zero.
  const dd = points.map((p) => -Math.abs(p.drawdown_pct));
  const ddMin = Math.min(-0.01, ...dd);
  const yd = (v: number) => top + 8 + (v / ddMin) * (ddH - 8);
  const line = points.map((p, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(p.equity_brl).toFixed(1)}`).join("");
  const area = `M${x(0)},${yd(0)}${dd.map((v, i) => `L${x(i).toFixed(1)},${yd(v).toFixed(1)}`).join("")}L${x(n - 1)},${yd(0)}Z`;
  const mm = (v: number) => `${(v / 1e6).toFixed(1)}mm`;
  return svg(
    "svg",
    {
      viewBox: `0 0 ${width} ${height}`,
      class: "chart equity",
      role: "img",
      "aria-label": "equity curve and drawdown",
    },
    svg("text", { x: left - 6, y: y(hi) + 4, "text-anchor": "end", class: "axis" }, mm(hi)),
    svg("text", { x: left - 6, y: y(lo) + 4, "text-anchor": "end", class: "axis" }, mm(lo)),
    svg("path", { d: line, class: "equity-line" }),
    svg("line", { x1: x(0), x2: x(n - 1), y1: yd(0), y2: yd(0), class: "zero" }),
    svg("path", { d: area, class: "drawdown" }),
    svg("text", { x: left - 6, y: yd(ddMin) + 4, "text-anchor": "end", class: "axis neg" }, `${ddMin.toFixed(1)}%`),
    svg("text", { x: x(0), y: height - 4, class: "axis" }, points[0]!.date),
    svg("text", { x: x(n - 1), y: height - 4, "text-anchor": "end", class: "axis" }, points[n - 1]!.date),
  );
}
