// The panel's polling rules with a fake API and fake timers: intervals, If-None-Match, pause
// while hidden, and late answers never overwriting newer ones.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Meta, ReadResult } from "./api.ts";
import { Panel, type PanelApi, type Visibility } from "./panel.ts";

type Call = { path: string; etag: string | null; resolve: (r: ReadResult<unknown>) => void; signal?: AbortSignal };

function fakeApi() {
  const calls: Call[] = [];
  const api: PanelApi = {
    get<T>(path: string, opts: { etag?: string | null; signal?: AbortSignal }) {
      return new Promise<ReadResult<T>>((resolve) => {
        calls.push({ path, etag: opts.etag ?? null, resolve: resolve as Call["resolve"], signal: opts.signal });
      });
    },
  };
  return { api, calls };
}

const meta = (version: number, etag: string, status = 200): Meta => ({
  status,
  source: "hit",
  cacheStatus: "pms-edge; hit",
  age: 0,
  version,
  etag,
  at: 0,
});

function fakeVisibility() {
  let hidden = false;
  const listeners = new Set<() => void>();
  const v: Visibility = {
    hidden: () => hidden,
    onChange(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  return {
    v,
    set(h: boolean) {
      hidden = h;
      for (const l of listeners) l();
    },
  };
}

const flush = () => vi.advanceTimersByTimeAsync(0);

describe("desk panel polling", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("polls at its interval and sends the ETag it holds, keeping the data on a 304", async () => {
    const { api, calls } = fakeApi();
    const panel = new Panel<{ n: number }>(api, fakeVisibility().v, {
      path: () => "/risk/live",
      intervalMs: 30_000,
      onUpdate: () => {},
    });
    panel.start();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.etag).toBeNull();
    calls[0]!.resolve({ status: 200, body: { n: 1 }, meta: meta(7, '"a"') });
    await flush();
    await vi.advanceTimersByTimeAsync(29_999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.etag).toBe('"a"');
    calls[1]!.resolve({ status: 304, meta: meta(7, '"a"', 304) });
    await flush();
    expect(panel.data).toEqual({ n: 1 });
    expect(panel.counts).toEqual({ full: 1, notModified: 1 });
    panel.stop();
  });

  it("pauses while the page is hidden and reloads at once when it shows again", async () => {
    const { api, calls } = fakeApi();
    const vis = fakeVisibility();
    const panel = new Panel(api, vis.v, { path: () => "/book", intervalMs: 60_000, onUpdate: () => {} });
    panel.start();
    calls[0]!.resolve({ status: 200, body: {}, meta: meta(1, '"b"') });
    await flush();
    vis.set(true);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(calls).toHaveLength(1);
    vis.set(false);
    expect(calls).toHaveLength(2);
    panel.stop();
  });

  it("drops a late answer once a newer load has started, and aborts the older request", async () => {
    const { api, calls } = fakeApi();
    let period = "mtd";
    const panel = new Panel<{ period: string }>(api, fakeVisibility().v, {
      path: () => `/attribution?period=${period}`,
      intervalMs: 60_000,
      onUpdate: () => {},
    });
    panel.start();
    period = "ytd";
    void panel.load();
    expect(calls[0]!.signal?.aborted).toBe(true);
    calls[1]!.resolve({ status: 200, body: { period: "ytd" }, meta: meta(5, '"y"') });
    await flush();
    calls[0]!.resolve({ status: 200, body: { period: "mtd" }, meta: meta(5, '"m"') }); // arrives late
    await flush();
    expect(panel.data).toEqual({ period: "ytd" });
    panel.stop();
  });

  it("never replaces the data shown with an answer at an older data version", async () => {
    const { api, calls } = fakeApi();
    const panel = new Panel<{ v: number }>(api, fakeVisibility().v, {
      path: () => "/book",
      intervalMs: 60_000,
      onUpdate: () => {},
    });
    panel.start();
    calls[0]!.resolve({ status: 200, body: { v: 9 }, meta: meta(9, '"new"') });
    await flush();
    void panel.load();
    calls[1]!.resolve({ status: 200, body: { v: 8 }, meta: meta(8, '"old"') });
    await flush();
    expect(panel.data).toEqual({ v: 9 });
    expect(panel.meta?.version).toBe(9);
    panel.stop();
  });
});
