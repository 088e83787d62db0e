// The consistency checker: writers and readers run concurrently against an edge for a bounded
// time; every acknowledged write records the PMS-Data-Version it produced, every read the moment
// it started and the version it returned. The property (design.md: "never showing data older
// than the last write"): no read that started after a write was acknowledged returns an older
// version — whatever the read's Cache-Status (hit, miss, stale, bypass).
//
// Runtime-agnostic on purpose (no workerd or Node imports): the Worker tests pass the in-process
// edge's fetch, a soak run passes an HTTP fetch against a running edge. Ordering uses a logical
// clock, not wall time: a read "starts after an ack" when its start tick is later than the tick
// taken when the write's response arrived, which is exact in one JavaScript thread (the caller's).

export type CheckRole = "VIEWER" | "MANAGER" | "RISK_OFFICER" | "ADMIN";
export type CheckFetch = (path: string, init: { role: CheckRole; method?: string; body?: string }) => Promise<Response>;

/** mtm: POST /mtm; open-close: open a position then close it; approve-reject: approve one pending
 * proposal and reject another (generating proposals when too few are pending); pack: regenerate
 * the morning pack. */
export type WriterKind = "mtm" | "open-close" | "approve-reject" | "pack";

export interface ScheduledEvent {
  /** Milliseconds after the start of the run. */
  atMs: number;
  name: string;
  run(): Promise<void>;
}

export interface ConsistencyOptions {
  fetch: CheckFetch;
  durationMs: number;
  /** Concurrent reader loops (default 8). */
  readers?: number;
  /** One loop per entry (default: mtm, open-close, approve-reject). */
  writers?: readonly WriterKind[];
  /** Paths the readers pick from at random (default: the four tiers plus two uncached reads). */
  readPaths?: readonly string[];
  /** Faults and recoveries to run during the run (stop Redis, restart the origin, …). */
  events?: readonly ScheduledEvent[];
  /** Pause of each writer between two writes (default 20 ms), so readers see every version. */
  writePauseMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface WriteRecord {
  kind: string;
  method: string;
  path: string;
  startTick: number;
  ackTick: number;
  status: number;
  version: number | null;
  cacheStatus: string | null;
}

export interface ReadRecord {
  path: string;
  startTick: number;
  endTick: number;
  status: number;
  version: number | null;
  cacheStatus: string | null;
}

export interface Violation {
  rule: "read-older-than-acked-write" | "write-older-than-acked-write" | "ok-without-version" | "duplicate-write-version";
  read?: ReadRecord;
  write?: WriteRecord;
  earlier?: WriteRecord;
}

export interface ConsistencyReport {
  writes: WriteRecord[];
  reads: ReadRecord[];
  /** Event name → tick when it finished (or "failed: …"). */
  events: Array<{ name: string; tick: number; error?: string }>;
  violations: Violation[];
  /** One-line summary: counts of reads and writes by outcome and Cache-Status. */
  summary: string;
}

const DEFAULT_READS = [
  "/api/v1/pms/book",
  "/api/v1/pms/risk/live",
  "/api/v1/pms/attribution?period=mtd",
  "/api/v1/pms/morning-pack/latest",
  "/api/v1/pms/book/positions?is_open=true",
  "/api/v1/pms/trades/proposals?status=PENDING",
];

function versionOf(res: Response): number | null {
  const raw = res.headers.get("PMS-Data-Version");
  return raw !== null && /^\d+$/.test(raw) ? Number(raw) : null;
}

const ok = (status: number) => status >= 200 && status < 300;

export async function runConsistencyCheck(opts: ConsistencyOptions): Promise<ConsistencyReport> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const readPaths = opts.readPaths ?? DEFAULT_READS;
  const writers = opts.writers ?? ["mtm", "open-close", "approve-reject"];
  const pause = opts.writePauseMs ?? 20;
  let clock = 0;
  const tick = () => ++clock;
  const writes: WriteRecord[] = [];
  const reads: ReadRecord[] = [];
  const events: ConsistencyReport["events"] = [];
  let running = true;

  async function write(kind: string, method: string, path: string, role: CheckRole, body?: unknown): Promise<{ res: Response | null; json: any }> {
    const startTick = tick();
    let res: Response | null = null;
    try {
      res = await opts.fetch(path, { role, method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    } catch {
      res = null;
    }
    const ackTick = tick();
    const status = res?.status ?? 0;
    writes.push({ kind, method, path, startTick, ackTick, status, version: res ? versionOf(res) : null, cacheStatus: res?.headers.get("Cache-Status") ?? null });
    let json: any = null;
    if (res && ok(status)) json = await res.json().catch(() => null);
    else await res?.body?.cancel();
    return { res, json };
  }

  async function get(path: string, role: CheckRole = "VIEWER"): Promise<any> {
    const res = await opts.fetch(path, { role }).catch(() => null);
    if (!res || !ok(res.status)) {
      await res?.body?.cancel();
      return null;
    }
    return res.json().catch(() => null);
  }

  const writerLoops: Record<WriterKind, () => Promise<void>> = {
    async mtm() {
      await write("mtm", "POST", "/api/v1/pms/mtm", "MANAGER", { price_overrides: {} });
    },
    async "open-close"() {
      const opened = await write("open", "POST", "/api/v1/pms/book/positions/open", "MANAGER", {
        instrument: "IBOV_FUT", asset_class: "EQUITY", direction: "LONG", notional_brl: 250_000,
        execution_price: 120_000, manager_thesis: "consistency checker position", strategy_ids: ["soak"],
      });
      const id = opened.json?.id;
      if (typeof id === "number") {
        await sleep(pause);
        await write("close", "POST", `/api/v1/pms/book/positions/${id}/close`, "MANAGER", { close_price: 120_500 });
      }
    },
    async "approve-reject"() {
      let pending = ((await get("/api/v1/pms/trades/proposals?status=PENDING")) ?? []) as Array<{ id: number }>;
      if (pending.length < 2) {
        await write("generate", "POST", "/api/v1/pms/trades/proposals/generate", "MANAGER", {
          signals: [
            { instrument: "USDBRL", asset_class: "FX", direction: "LONG", conviction: 0.8 },
            { instrument: "ES", asset_class: "EQUITY", direction: "SHORT", conviction: 0.7 },
          ],
        });
        pending = ((await get("/api/v1/pms/trades/proposals?status=PENDING")) ?? []) as Array<{ id: number }>;
      }
      const [a, b] = pending;
      if (a) await write("approve", "POST", `/api/v1/pms/trades/proposals/${a.id}/approve`, "MANAGER", { execution_price: 100, execution_notional_brl: 100_000 });
      if (b) await write("reject", "POST", `/api/v1/pms/trades/proposals/${b.id}/reject`, "MANAGER", { manager_notes: "consistency checker" });
    },
    async pack() {
      await write("pack", "POST", "/api/v1/pms/morning-pack/generate", "MANAGER", { force: true });
    },
  };

  async function writerLoop(kind: WriterKind) {
    while (running) {
      await writerLoops[kind]();
      await sleep(pause);
    }
  }

  async function readerLoop() {
    while (running) {
      const path = readPaths[Math.floor(Math.random() * readPaths.length)]!;
      const startTick = tick();
      let res: Response | null = null;
      try {
        res = await opts.fetch(path, { role: "VIEWER" });
      } catch {
        res = null;
      }
      reads.push({ path, startTick, endTick: tick(), status: res?.status ?? 0, version: res ? versionOf(res) : null, cacheStatus: res?.headers.get("Cache-Status") ?? null });
      await res?.body?.cancel();
      // Yield so writers and scheduled events interleave even when every read is a fast HIT.
      await sleep(1);
    }
  }

  const scheduled = (opts.events ?? []).map(async (event) => {
    await sleep(event.atMs);
    try {
      await event.run();
      events.push({ name: event.name, tick: tick() });
    } catch (error) {
      events.push({ name: event.name, tick: tick(), error: String(error) });
    }
  });
  const loops = [
    ...writers.map((kind) => writerLoop(kind)),
    ...Array.from({ length: opts.readers ?? 8 }, () => readerLoop()),
  ];
  await sleep(opts.durationMs);
  running = false;
  await Promise.all([...loops, ...scheduled]);

  const violations = checkHistory(writes, reads);
  return { writes, reads, events, violations, summary: summarise(writes, reads) };
}

/**
 * The checks over a recorded history:
 *  - a 2xx read that started after a write was acknowledged returns a version ≥ that write's;
 *  - a write that started after another was acknowledged produced a higher version;
 *  - two acknowledged writes never report the same version (each commit is one version);
 *  - every 2xx answer carries PMS-Data-Version (the contract's "every response").
 */
export function checkHistory(writes: readonly WriteRecord[], reads: readonly ReadRecord[]): Violation[] {
  const acked = writes.filter((w) => ok(w.status) && w.version !== null).sort((a, b) => a.ackTick - b.ackTick);
  const violations: Violation[] = [];
  for (const w of writes) if (ok(w.status) && w.version === null) violations.push({ rule: "ok-without-version", write: w });

  // Prefix maximum of versions by ack tick: the newest write acknowledged before tick t.
  const newest: WriteRecord[] = [];
  for (const w of acked) newest.push(newest.length && newest[newest.length - 1]!.version! >= w.version! ? newest[newest.length - 1]! : w);
  const newestBefore = (t: number): WriteRecord | undefined => {
    let lo = 0;
    let hi = acked.length; // first index with ackTick >= t
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (acked[mid]!.ackTick < t) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? undefined : newest[lo - 1];
  };

  for (const r of reads) {
    if (!ok(r.status)) continue; // failed reads are recorded, not checked
    const w = newestBefore(r.startTick);
    if (r.version === null) {
      violations.push({ rule: "ok-without-version", read: r, ...(w ? { write: w } : {}) });
      continue;
    }
    if (w && r.version < w.version!) violations.push({ rule: "read-older-than-acked-write", read: r, write: w });
  }
  for (const w of acked) {
    const earlier = newestBefore(w.startTick);
    if (earlier && w.version! <= earlier.version!) violations.push({ rule: "write-older-than-acked-write", write: w, earlier });
  }
  const byVersion = new Map<number, WriteRecord>();
  for (const w of acked) {
    const other = byVersion.get(w.version!);
    if (other) violations.push({ rule: "duplicate-write-version", write: w, earlier: other });
    byVersion.set(w.version!, w);
  }
  return violations;
}

function countBy<T>(items: readonly T[], key: (t: T) => string): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].sort().map(([k, n]) => `${k}=${n}`).join(" ");
}

/** The cache outcome of a response: hit, miss, stale, bypass, request (writes) or none. */
export function cacheOutcome(cacheStatus: string | null): string {
  if (!cacheStatus) return "none";
  const m = /; (hit)|fwd=(\w+)/.exec(cacheStatus);
  return m?.[1] ?? m?.[2] ?? "other";
}

function summarise(writes: readonly WriteRecord[], reads: readonly ReadRecord[]): string {
  return [
    `writes ${writes.length} (${countBy(writes, (w) => `${w.kind}:${w.status}`)})`,
    `reads ${reads.length} (status ${countBy(reads, (r) => String(r.status))}; cache ${countBy(reads, (r) => cacheOutcome(r.cacheStatus))})`,
  ].join("; ");
}

/** A violation as text: the rule, the write (and earlier write) and the read, with their ticks. */
export function describeViolation(v: Violation): string {
  const w = (x: WriteRecord) => `${x.kind} ${x.method} ${x.path} → ${x.status} v${x.version} [start ${x.startTick}, ack ${x.ackTick}] ${x.cacheStatus ?? ""}`;
  const lines = [`${v.rule}:`];
  if (v.write) lines.push(`  write   ${w(v.write)}`);
  if (v.earlier) lines.push(`  earlier ${w(v.earlier)}`);
  if (v.read) lines.push(`  read    GET ${v.read.path} → ${v.read.status} v${v.read.version} [start ${v.read.startTick}, end ${v.read.endTick}] ${v.read.cacheStatus ?? ""}`);
  return lines.join("\n");
}
