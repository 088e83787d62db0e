// Decision journal: a paged list, newest first, with the hash chain of the page checked in the
// browser.
import { type DeskContext, POLL_MS, type Screen } from "../context.ts";
import { h, numCell, replace } from "../dom.ts";
import { brl } from "../format.ts";
import { type ChainEntry, verifyPage } from "../journal-check.ts";

interface JournalEntry extends ChainEntry {
  created_at: string;
  entry_type: string;
  instrument: string | null;
  direction: string | null;
  notional_brl: number | null;
  manager_notes: string | null;
  system_notes: string | null;
  author: string | null;
}

export const JOURNAL_PAGE = 20;

export function journalScreen(ctx: DeskContext): Screen {
  let offset = 0;
  const chain = h("span", { class: "chain", "data-field": "chain" }, "checking…");
  const prev = h("button", { "data-action": "newer" }, "← newer");
  const next = h("button", { "data-action": "older" }, "older →");
  const page = h("span", { "data-field": "page" });
  const journal = ctx.panel<JournalEntry[]>(
    "journal",
    "Decision journal",
    () => `/journal?limit=${JOURNAL_PAGE}&offset=${offset}`,
    POLL_MS.other,
    (entries) => {
      prev.disabled = offset === 0;
      next.disabled = entries.length < JOURNAL_PAGE;
      page.textContent = `entries ${offset + 1}–${offset + entries.length}`;
      replace(chain, "checking…");
      chain.className = "chain";
      void verifyPage(entries).then((v) => {
        if (journal.panel.data !== entries) return; // a newer page is shown by now
        chain.className = v.ok ? "chain ok" : "chain broken";
        chain.dataset.ok = String(v.ok);
        replace(
          chain,
          v.ok
            ? `hash chain verified: ${v.checked} entries${v.reachesGenesis ? ", down to genesis" : ""}`
            : `hash chain BROKEN at entry ${v.id}: ${v.reason}`,
        );
      });
      return h(
        "table",
        { "data-table": "journal" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ["#", "When", "Type", "Instrument", "Notional", "Notes", "Author"].map((t) => h("th", {}, t)),
          ),
        ),
        h(
          "tbody",
          {},
          entries.map((e) =>
            h(
              "tr",
              { "data-entry": e.id },
              h("td", {}, String(e.id)),
              h("td", {}, e.created_at.replace("T", " ").slice(0, 16)),
              h("td", {}, h("span", { class: `tag t-${e.entry_type}` }, e.entry_type)),
              h("td", {}, [e.direction, e.instrument].filter(Boolean).join(" ") || "—"),
              numCell(brl(e.notional_brl)),
              h("td", { class: "notes" }, e.manager_notes ?? e.system_notes ?? ""),
              h("td", {}, e.author ?? ""),
            ),
          ),
        ),
      );
    },
  );
  const turn = (delta: number) => {
    offset = Math.max(0, offset + delta);
    void journal.panel.load();
  };
  prev.addEventListener("click", () => turn(-JOURNAL_PAGE));
  next.addEventListener("click", () => turn(JOURNAL_PAGE));
  const bar = h("div", { class: "toolbar" }, prev, page, next, chain);
  return { el: h("div", { class: "screen" }, bar, journal.box), stop: () => undefined };
}
