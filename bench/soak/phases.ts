// The soak's four phases, each run as its own checker window (the checker keeps every record in
// memory): Redis healthy; Redis slow around the edge's deadline; Redis stopped and started empty
// mid-phase; the origin stopped and started mid-phase (same port, same database). Each phase
// schedules its faults as checker events, then `recover` puts the stack back to healthy whatever
// happened, so one phase's fault never leaks into the next.
import type { ReadRecord, ScheduledEvent, WriteRecord } from "../../test/support/consistency.ts";
import type { Stack } from "../stack.ts";

export type PhaseId = "healthy" | "redis-slow" | "redis-restart" | "origin-restart";

export interface PhaseContext {
  stack: Stack;
  durationMs: number;
  /** The edge's REDIS_DEADLINE_MS. */
  redisDeadlineMs: number;
}

/** What a phase claims to exercise; seen in the records or not (shown as ⚠, not a failure). */
export interface PhaseHistory {
  reads: readonly ReadRecord[];
  writes: readonly WriteRecord[];
  /** Read cache outcomes of 2xx reads (hit, miss, stale, bypass, …) → count. */
  outcomes: Readonly<Record<string, number>>;
  events: ReadonlyArray<{ name: string; tick: number; error?: string }>;
}

export interface SoakPhase {
  id: PhaseId;
  title: string;
  events(ctx: PhaseContext): ScheduledEvent[];
  /** Empty when the phase exercised what it claims, else what was not seen. */
  missing(history: PhaseHistory): string[];
}

const acked = (w: WriteRecord) => w.status >= 200 && w.status < 300;

/** Every kind of write ran and committed at least once. */
function writersCommitted(history: PhaseHistory): string[] {
  const kinds = new Set(history.writes.filter(acked).map((w) => w.kind));
  return ["mtm", "open", "close", "approve"].filter((k) => !kinds.has(k)).map((k) => `no acknowledged ${k}`);
}

const at = (ctx: PhaseContext, fraction: number) => Math.round(ctx.durationMs * fraction);

/** A service stopped at 30 % of the phase and started again at 50 %; the phase must also see a
 * write acknowledged after the restart (the system recovered within the window). */
function restartPhase(
  id: PhaseId,
  title: string,
  what: string,
  stop: (stack: Stack) => Promise<void>,
  start: (stack: Stack) => Promise<void>,
  missingWhileDown: (history: PhaseHistory) => string[],
): SoakPhase {
  return {
    id,
    title,
    events: (ctx) => [
      { atMs: at(ctx, 0.3), name: `stop ${what}`, run: () => stop(ctx.stack) },
      { atMs: at(ctx, 0.5), name: `start ${what}`, run: () => start(ctx.stack) },
    ],
    missing(h) {
      const started = h.events.find((e) => e.name === `start ${what}`)?.tick ?? Infinity;
      return [
        ...missingWhileDown(h),
        ...(h.writes.some((w) => acked(w) && w.ackTick > started) ? [] : ["no write acknowledged after the restart"]),
      ];
    },
  };
}

// Delay switches every 1.5 s; bounded by the phase length (at most durationMs / 1500 events).
const SLOW_SWITCH_MS = 1_500;

export const PHASES: readonly SoakPhase[] = [
  {
    id: "healthy",
    title: "Redis healthy",
    events: () => [],
    missing: (h) => [...writersCommitted(h), ...(h.outcomes.hit ? [] : ["no cache hit"])],
  },
  {
    id: "redis-slow",
    title: "Redis slow (bridge delay alternating below/above the deadline)",
    events(ctx) {
      const below = Math.max(0, ctx.redisDeadlineMs - 50);
      const above = ctx.redisDeadlineMs + 50;
      const start = at(ctx, 0.1);
      const end = at(ctx, 0.85);
      const events: ScheduledEvent[] = [];
      for (let i = 0, t = start; t < end; i++, t += SLOW_SWITCH_MS) {
        const delayMs = i % 2 === 0 ? below : above;
        events.push({ atMs: t, name: `bridge delay ${delayMs} ms`, run: () => ctx.stack.setBridgeFault({ delayMs }) });
      }
      events.push({ atMs: end, name: "bridge healthy", run: () => ctx.stack.setBridgeFault({}) });
      return events;
    },
    missing: (h) => [
      ...writersCommitted(h),
      ...(h.outcomes.bypass ? [] : ["no bypass (the deadline was never passed)"]),
    ],
  },
  restartPhase(
    "redis-restart",
    "Redis stopped and restarted empty mid-phase",
    "redis",
    (s) => s.stopRedis(),
    (s) => s.startRedis(),
    (h) => (h.outcomes.bypass ? [] : ["no bypass while Redis was down"]),
  ),
  restartPhase(
    "origin-restart",
    "origin stopped and restarted mid-phase",
    "origin",
    (s) => s.stopOrigin(),
    (s) => s.startOrigin(),
    (h) =>
      h.writes.some((w) => w.status >= 500 || w.status === 0) ? [] : ["no write failed while the origin was down"],
  ),
];

/** Back to healthy after a phase, whatever its events did (each step is a no-op when healthy). */
export async function recover(stack: Stack): Promise<void> {
  await stack.setBridgeFault({});
  await stack.startRedis();
  await stack.startOrigin();
}
