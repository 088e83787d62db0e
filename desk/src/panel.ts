// One panel's data life: load, poll, pause while hidden, and never let a late answer overwrite a
// newer one. DOM-free (the screens render what it holds), so it is unit-tested with a fake API
// and fake timers (desk/src/panel.test.ts).
import { ApiError, type Meta, type ReadResult } from "./api.ts";

export interface PanelApi {
  get<T>(path: string, opts: { etag?: string | null; signal?: AbortSignal }): Promise<ReadResult<T>>;
}

/** The page's visibility (document.visibilityState in the browser). */
export interface Visibility {
  hidden(): boolean;
  onChange(listener: () => void): () => void;
}

export interface PanelOptions<T> {
  /** The API path to read now (a panel whose path changes, e.g. a period selector, reloads). */
  path: () => string;
  intervalMs: number;
  onUpdate: (panel: Panel<T>) => void;
}

export class Panel<T> {
  data: T | undefined;
  /** The answer last applied (200), and the last poll's answer (200 or 304). */
  meta: Meta | undefined;
  lastPoll: Meta | undefined;
  error: string | undefined;
  loading = false;
  /** 200s and 304s applied (the browser test reads these from the DOM). */
  counts = { full: 0, notModified: 0 };

  private path = "";
  private seq = 0;
  private inFlight: AbortController | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = true;
  private unwatch: (() => void) | undefined;

  constructor(
    private readonly api: PanelApi,
    private readonly visibility: Visibility,
    readonly options: PanelOptions<T>,
  ) {}

  start(): void {
    this.stopped = false;
    this.unwatch = this.visibility.onChange(() => {
      if (this.visibility.hidden()) this.clearTimer();
      else void this.load();
    });
    void this.load();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
    this.unwatch?.();
    this.inFlight?.abort();
  }

  /**
   * Loads now (a poll, a period change, or a write's aftermath). A load started later always
   * wins: the earlier request is aborted, and an answer that still arrives is dropped by its
   * sequence number. An answer older than the data shown (lower PMS-Data-Version for the same
   * path) is dropped too.
   */
  async load(): Promise<void> {
    this.clearTimer();
    const path = this.options.path();
    if (path !== this.path) {
      // Another question: the old answer's ETag and version say nothing about it.
      this.path = path;
      this.data = undefined;
      this.meta = undefined;
    }
    const seq = ++this.seq;
    this.inFlight?.abort();
    const controller = new AbortController();
    this.inFlight = controller;
    this.loading = true;
    this.options.onUpdate(this);
    try {
      const etag = this.data === undefined ? null : (this.meta?.etag ?? null);
      const result = await this.api.get<T>(path, { etag, signal: controller.signal });
      if (seq !== this.seq) return; // a newer load has started since
      this.lastPoll = result.meta;
      if (result.status === 304) {
        this.counts.notModified++;
      } else if (!this.olderThanShown(result.meta)) {
        this.data = result.body;
        this.meta = result.meta;
        this.counts.full++;
      }
      this.error = undefined;
    } catch (error) {
      if (seq !== this.seq) return;
      this.error = error instanceof ApiError ? error.detail : (error as Error).message;
    } finally {
      if (seq === this.seq) {
        this.loading = false;
        this.inFlight = undefined;
        this.options.onUpdate(this);
        this.schedule();
      }
    }
  }

  private olderThanShown(meta: Meta): boolean {
    const shown = this.meta?.version;
    return this.data !== undefined && shown != null && meta.version !== null && meta.version < shown;
  }

  private schedule(): void {
    if (this.stopped || this.visibility.hidden()) return;
    this.timer = setTimeout(() => void this.load(), this.options.intervalMs);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

export const documentVisibility: Visibility = {
  hidden: () => document.visibilityState === "hidden",
  onChange(listener) {
    document.addEventListener("visibilitychange", listener);
    return () => document.removeEventListener("visibilitychange", listener);
  },
};
