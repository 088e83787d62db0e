// Position book: the summary (NAV, P&L today / MTD / YTD, leverage) and the open positions,
// sortable by any column. MTM (mark to market) for roles that may write.
import type { BookSummary } from "../../../origin/domain/book.ts";
import { ApiError } from "../api.ts";
import { type DeskContext, POLL_MS, type Screen } from "../context.ts";
import { type Child, h, numCell } from "../dom.ts";
import { brl, brlMillions, type Cell, num, times, usd } from "../format.ts";

export interface Position {
  id: number;
  instrument: string;
  asset_class: string;
  direction: string;
  notional_brl: number;
  entry_price: number;
  entry_date: string;
  current_price: number | null;
  unrealized_pnl_brl: number;
  unrealized_pnl_usd: number | null;
  price_stale: boolean;
}
export type { BookSummary };
export interface Book {
  summary: BookSummary;
  positions: Position[];
}

/** The summary figures, in the order shown; `field` names the DOM hook the browser test reads. */
export const SUMMARY_FIELDS: ReadonlyArray<{ field: string; label: string; cell: (s: BookSummary) => Cell }> = [
  { field: "nav", label: "NAV", cell: (s) => brlMillions(s.aum) },
  { field: "pnl-today", label: "P&L today", cell: (s) => brl(s.pnl_today_brl) },
  { field: "pnl-today-usd", label: "P&L today (USD)", cell: (s) => usd(s.pnl_today_usd) },
  { field: "pnl-mtd", label: "P&L MTD", cell: (s) => brl(s.pnl_mtd_brl) },
  { field: "pnl-ytd", label: "P&L YTD", cell: (s) => brl(s.pnl_ytd_brl) },
  { field: "leverage", label: "Leverage (gross)", cell: (s) => times(s.leverage) },
  { field: "net-leverage", label: "Leverage (net)", cell: (s) => times(s.net_leverage) },
  { field: "open-positions", label: "Open positions", cell: (s) => num(s.open_positions, 0) },
];

type Column = { key: keyof Position; label: string; cell?: (p: Position) => Cell };
const COLUMNS: Column[] = [
  { key: "id", label: "#" },
  { key: "instrument", label: "Instrument" },
  { key: "asset_class", label: "Class" },
  { key: "direction", label: "Dir" },
  { key: "notional_brl", label: "Notional", cell: (p) => brl(p.notional_brl) },
  { key: "entry_price", label: "Entry", cell: (p) => num(p.entry_price, 4) },
  { key: "current_price", label: "Mark", cell: (p) => num(p.current_price, 4) },
  { key: "unrealized_pnl_brl", label: "P&L BRL", cell: (p) => brl(p.unrealized_pnl_brl) },
  { key: "unrealized_pnl_usd", label: "P&L USD", cell: (p) => usd(p.unrealized_pnl_usd) },
  { key: "entry_date", label: "Since" },
];

export function bookScreen(ctx: DeskContext): Screen {
  let sort: { key: keyof Position; desc: boolean } = { key: "id", desc: false };
  let last: Book | undefined;
  const table = h("div", { class: "positions" });
  const drawTable = () => {
    if (!last) return;
    table.replaceChildren(
      positionsTable(last.positions, sort, (key) => {
        sort = { key, desc: sort.key === key ? !sort.desc : key !== "instrument" && key !== "asset_class" };
        drawTable();
      }),
    );
  };
  const book = ctx.panel<Book>(
    "book",
    "Position book",
    () => "/book",
    POLL_MS.other,
    (b) => {
      last = b;
      drawTable();
      return [summary(b.summary), table];
    },
  );
  const tools: Child = ctx.canWrite ? mtmButton(ctx) : null;
  return { el: h("div", { class: "screen" }, tools, book.box), stop: () => undefined };
}

function summary(s: BookSummary): Child {
  return h(
    "dl",
    { class: "summary" },
    h("div", {}, h("dt", {}, "As of"), h("dd", { "data-field": "as-of" }, s.as_of_date)),
    SUMMARY_FIELDS.map((f) =>
      h("div", {}, h("dt", {}, f.label), numCell(f.cell(s), "strong", { "data-field": f.field })),
    ),
  );
}

function positionsTable(
  rows: Position[],
  sort: { key: keyof Position; desc: boolean },
  onSort: (key: keyof Position) => void,
): HTMLElement {
  const sorted = [...rows].sort((a, b) => {
    const x = a[sort.key];
    const y = b[sort.key];
    const order =
      typeof x === "number" && typeof y === "number" ? x - y : String(x ?? "").localeCompare(String(y ?? ""));
    return sort.desc ? -order : order;
  });
  return h(
    "table",
    { "data-table": "positions" },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        COLUMNS.map((c) =>
          h(
            "th",
            {
              class: c.cell ? "num" : undefined,
              "data-sort": c.key,
              "aria-sort": sort.key === c.key ? (sort.desc ? "descending" : "ascending") : undefined,
              onclick: () => onSort(c.key),
            },
            c.label,
          ),
        ),
      ),
    ),
    h(
      "tbody",
      {},
      sorted.map((p) =>
        h(
          "tr",
          { "data-position": p.id, class: p.price_stale ? "stale" : "" },
          COLUMNS.map((c) => (c.cell ? numCell(c.cell(p)) : h("td", {}, String(p[c.key] ?? "—")))),
        ),
      ),
    ),
  );
}

function mtmButton(ctx: DeskContext): Child {
  const message = h("span", { class: "message" });
  const button = h("button", { "data-action": "mtm" }, "Mark to market");
  button.addEventListener("click", async () => {
    button.disabled = true;
    message.textContent = "…";
    try {
      const { body } = await ctx.api.post<{ updated_count: number }>("/mtm", { price_overrides: {} });
      message.textContent = `marked ${body.updated_count} positions`;
      await ctx.afterWrite();
    } catch (error) {
      message.textContent = error instanceof ApiError ? error.detail : (error as Error).message;
    } finally {
      button.disabled = false;
    }
  });
  return h("div", { class: "toolbar write" }, button, message);
}
