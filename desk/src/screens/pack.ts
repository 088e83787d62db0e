// Morning pack: the action items, the market snapshot, and the pending proposals with Approve /
// Reject (for roles that may write; the API enforces the role again).
import { ApiError } from "../api.ts";
import { type DeskContext, POLL_MS, type Screen } from "../context.ts";
import { type Child, h, numCell } from "../dom.ts";
import { brl, num, pct } from "../format.ts";

type Unavailable = { status: "unavailable"; reason: string };
type Section<T> = T | Unavailable;
const available = <T>(s: Section<T> | undefined): s is T =>
  s !== undefined && !(typeof s === "object" && s !== null && !Array.isArray(s) && "status" in s);

interface ActionItem {
  priority: number;
  category: string;
  title: string;
  detail: string;
}
interface MarketRow {
  ticker: string;
  name: string;
  asset_class: string;
  last: number;
  change_1d_pct: number | null;
  change_5d_pct: number | null;
  rate_pct: number | null;
  stale: boolean;
}
export interface Pack {
  id: number;
  briefing_date: string;
  action_items: Section<ActionItem[]>;
  market_snapshot: Section<MarketRow[]>;
  macro_narrative: Section<string>;
}
export interface Proposal {
  id: number;
  instrument: string;
  asset_class: string;
  direction: string;
  suggested_notional_brl: number;
  conviction: number;
  is_flip: boolean;
  rationale: string;
  status: string;
}

function unavailable(s: Unavailable): Child {
  return h("p", { class: "empty" }, `unavailable: ${s.reason}`);
}

export function packScreen(ctx: DeskContext): Screen {
  let lastPrices = new Map<string, number>();
  const pack = ctx.panel<Pack>(
    "pack",
    "Morning pack",
    () => "/morning-pack/latest",
    POLL_MS.other,
    (p) => {
      if (available(p.market_snapshot)) {
        lastPrices = new Map(p.market_snapshot.map((r) => [r.ticker, r.last]));
        // The proposals may have been shown first (the two panels load concurrently).
        fillPrices(proposals.box, lastPrices);
      }
      return [
        h("p", { class: "sub" }, `Briefing ${p.briefing_date} · pack #${p.id}`),
        available(p.macro_narrative) ? h("p", { class: "narrative" }, p.macro_narrative) : null,
        h("h3", {}, "Action items"),
        available(p.action_items) ? actionItems(p.action_items) : unavailable(p.action_items),
        h("h3", {}, "Market snapshot"),
        available(p.market_snapshot) ? market(p.market_snapshot) : unavailable(p.market_snapshot),
      ];
    },
  );
  const proposals = ctx.panel<Proposal[]>(
    "proposals",
    "Pending proposals",
    () => "/trades/proposals?status=PENDING",
    POLL_MS.other,
    (list) => proposalTable(ctx, list, () => lastPrices),
  );
  const el = h("div", { class: "screen grid2" }, pack.box, proposals.box);
  return { el, stop: () => undefined };
}

/** Proposals shown before the pack arrived get the snapshot's last price as their execution price. */
function fillPrices(box: HTMLElement, prices: Map<string, number>): void {
  for (const card of box.querySelectorAll<HTMLElement>("[data-proposal]")) {
    const input = card.querySelector<HTMLInputElement>('input[data-input="price"]');
    const last = prices.get(card.dataset.instrument ?? "");
    if (input && !input.value && last !== undefined) input.value = String(last);
  }
}

function actionItems(items: ActionItem[]): Child {
  if (items.length === 0) return h("p", { class: "empty" }, "nothing to act on");
  return h(
    "ul",
    { class: "actions" },
    items.map((i) =>
      h(
        "li",
        { class: `p${i.priority}` },
        h("span", { class: "tag" }, `P${i.priority} ${i.category}`),
        h("strong", {}, i.title),
        h("span", { class: "detail" }, i.detail),
      ),
    ),
  );
}

function market(rows: MarketRow[]): Child {
  return h(
    "table",
    { "data-table": "market" },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ["Ticker", "Class", "Last", "1d", "5d", "Rate"].map((t) => h("th", {}, t)),
      ),
    ),
    h(
      "tbody",
      {},
      rows.map((r) =>
        h(
          "tr",
          { class: r.stale ? "stale" : "" },
          h("td", { title: r.name }, r.ticker),
          h("td", {}, r.asset_class),
          numCell(num(r.last, r.last > 1000 ? 2 : 4)),
          numCell(pct(r.change_1d_pct, 2, true)),
          numCell(pct(r.change_5d_pct, 2, true)),
          numCell(pct(r.rate_pct, 2)),
        ),
      ),
    ),
  );
}

function proposalTable(ctx: DeskContext, list: Proposal[], prices: () => Map<string, number>): Child {
  if (list.length === 0) return h("p", { class: "empty" }, "no pending proposals");
  return h(
    "div",
    { class: "proposals" },
    list.map((p) => {
      const price = h("input", {
        type: "number",
        step: "any",
        min: "0",
        value: prices().get(p.instrument) ?? "",
        "aria-label": `execution price for ${p.instrument}`,
        "data-input": "price",
      });
      const notional = h("input", {
        type: "number",
        step: "any",
        min: "0",
        value: p.suggested_notional_brl,
        "aria-label": `notional for ${p.instrument}`,
        "data-input": "notional",
      });
      const notes = h("input", {
        type: "text",
        value: "Rejected from the desk",
        "aria-label": "rejection notes",
        "data-input": "notes",
      });
      const message = h("span", { class: "message" });
      const act = async (button: HTMLButtonElement, run: () => Promise<unknown>) => {
        button.disabled = true;
        message.textContent = "…";
        try {
          await run();
          message.textContent = "done";
          await ctx.afterWrite();
        } catch (error) {
          message.textContent = error instanceof ApiError ? error.detail : (error as Error).message;
          button.disabled = false;
        }
      };
      const approve = h("button", { class: "approve", "data-action": "approve" }, "Approve");
      approve.addEventListener("click", () =>
        act(approve, () =>
          ctx.api.post(`/trades/proposals/${p.id}/approve`, {
            execution_price: Number(price.value),
            execution_notional_brl: Number(notional.value),
            manager_notes: "Approved from the desk",
          }),
        ),
      );
      const reject = h("button", { class: "reject", "data-action": "reject" }, "Reject");
      reject.addEventListener("click", () =>
        act(reject, () => ctx.api.post(`/trades/proposals/${p.id}/reject`, { manager_notes: notes.value })),
      );
      return h(
        "article",
        { class: "proposal", "data-proposal": p.id, "data-instrument": p.instrument },
        h(
          "div",
          { class: "line" },
          h("strong", {}, `${p.direction} ${p.instrument}`),
          h("span", { class: "tag" }, p.asset_class),
          p.is_flip ? h("span", { class: "tag warn" }, "FLIP") : null,
          h("span", {}, "conviction "),
          numCell(pct(p.conviction * 100, 0), "span"),
          numCell(brl(p.suggested_notional_brl), "span"),
        ),
        h("p", { class: "detail" }, p.rationale),
        ctx.canWrite
          ? h("div", { class: "write" }, "price ", price, " notional ", notional, approve, notes, reject, message)
          : null,
      );
    }),
  );
}
