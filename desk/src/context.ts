// What every screen gets: the API client, whether the user may write, and panels wired to the
// page's visibility and to the header that shows each panel's cache state.
import type { DeskApi, Meta } from "./api.ts";
import { type Child, h, replace } from "./dom.ts";
import { age } from "./format.ts";
import { documentVisibility, Panel } from "./panel.ts";

export interface Screen {
  el: HTMLElement;
  stop(): void;
}

/** Polling intervals: risk moves with every mark, the rest less often (docs/desk.md §Polling). */
export const POLL_MS = { risk: 30_000, other: 60_000 } as const;

export class DeskContext {
  private readonly panels = new Set<Panel<unknown>>();
  /** Called once, when the first panel of the page has rendered data. */
  onFirstRender: (() => void) | undefined;

  constructor(
    readonly api: DeskApi,
    readonly canWrite: boolean,
  ) {}

  /**
   * A panel box: a header with the title and the cache state of its last answer (source, age,
   * data version, 200s and 304s so far), and a body rendered from the panel's data.
   */
  panel<T>(
    name: string,
    title: string,
    path: () => string,
    intervalMs: number,
    render: (data: T) => Child,
  ): { box: HTMLElement; panel: Panel<T> } {
    const state = h("span", { class: "cache" });
    const body = h("div", { class: "body" }, h("p", { class: "loading" }, "loading…"));
    const box = h("section", { class: "panel", "data-panel": name }, h("header", {}, h("h2", {}, title), state), body);
    let rendered: T | undefined;
    const panel = new Panel<T>(this.api, documentVisibility, {
      path,
      intervalMs,
      onUpdate: (p) => {
        replace(state, cacheState(p.meta, p.lastPoll, p.counts, this.api.maxVersion));
        box.classList.toggle("busy", p.loading);
        if (p.error) box.dataset.error = p.error;
        else delete box.dataset.error;
        if (p.data !== undefined && p.data !== rendered) {
          rendered = p.data;
          replace(body, render(p.data));
          box.dataset.loaded = "true";
          this.onFirstRender?.();
          this.onFirstRender = undefined;
        } else if (p.data === undefined && p.error) {
          replace(body, h("p", { class: "error" }, p.error));
        }
      },
    });
    this.panels.add(panel as Panel<unknown>);
    return { box, panel };
  }

  startAll(): void {
    for (const p of this.panels) p.start();
  }

  stopAll(): void {
    for (const p of this.panels) p.stop();
    this.panels.clear();
  }

  /** After a write: every panel on screen reads again, at least at the write's version. */
  async afterWrite(): Promise<void> {
    await Promise.all([...this.panels].map((p) => p.load()));
  }
}

function cacheState(meta: Meta | undefined, poll: Meta | undefined, counts: Panel<unknown>["counts"], max: number) {
  if (!meta) return [];
  const behind = meta.version !== null && meta.version < max;
  return [
    h("span", { class: `src src-${meta.source}`, "data-field": "source", title: meta.cacheStatus ?? "" }, meta.source),
    h("span", { "data-field": "age" }, meta.age === null ? "" : `age ${age(meta.age)}`),
    h(
      "span",
      { "data-field": "version", class: behind ? "behind" : "", title: "PMS-Data-Version" },
      meta.version === null ? "" : `v${meta.version}`,
    ),
    h(
      "span",
      {
        "data-field": "polls",
        "data-full": counts.full,
        "data-not-modified": counts.notModified,
        title: "200s / 304s",
      },
      `${counts.full}×200 ${counts.notModified}×304`,
    ),
    poll ? h("span", { "data-field": "last-poll", "data-status": poll.status }, `polled ${clock(poll.at)}`) : null,
  ];
}

const clock = (ms: number) => new Date(ms).toTimeString().slice(0, 8);
