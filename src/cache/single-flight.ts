// Single-flight inside one isolate (docs/cache-protocol.md §Fills and leases): concurrent
// identical tier reads share one resolution instead of each asking Redis and the origin.
//
// Sharing must never hand a reader an answer that is older than a write acknowledged before the
// reader started. Two ways to join are safe:
//   - `share(key)`: the key includes the generations the reader read from Redis. Equal
//     generations mean no write was bumped between the first reader's read and this one's, and
//     a write is only acknowledged after its bump, so the shared answer (asked after the first
//     read) already includes every write acknowledged before this reader started.
//   - `next(key)`: when no generations are known (Redis unreachable), a reader only joins a call
//     sent after it started (exact on the isolate's logical clock). A call sent before it may
//     predate a write acknowledged meanwhile, so the reader queues for the one that starts after
//     it: at most one call in flight and one queued per key, so a Redis outage costs the origin
//     at most two calls per key per isolate at a time.
//     Without Redis nothing paces a burst: reads fail fast, so the first call would leave before
//     the burst's last reads arrive, and each round trip its arrivals span would cost one more
//     call. A caller may therefore ask the first call to `gather` the burst: it is held until
//     arrivals pause (or a bound passes), and every read arriving meanwhile joins it. With Redis
//     slow, the Redis deadline already paces the burst the same way.
// Values are plain data (strings, numbers), never Responses or streams: workerd forbids using a
// request's I/O objects from another request, while a settled promise of plain data is fine.
// A request that waits on work running in another request has no I/O of its own pending, and
// workerd cancels such a request as hung ("would never generate a response"); so every waiter
// keeps a timer pending while it waits (awaitShared), and gives up after a bound in case the
// request doing the work was cancelled.
import { AppError } from "../http/app-error.ts";
import { tick } from "../isolate-clock.ts";
import { sleep } from "../lib/sleep.ts";

/** How often a waiter's timer fires; the shared answer itself wakes it at once. */
const KEEPALIVE_MS = 50;

/** Awaits `shared` from the calling request, keeping one of its own timers pending meanwhile. */
export async function awaitShared<T>(shared: Promise<T>, maxWaitMs: number): Promise<T> {
  const settled = shared.then(
    () => true,
    () => true,
  );
  const deadline = Date.now() + maxWaitMs;
  while (!(await Promise.race([settled, sleep(KEEPALIVE_MS).then(() => false)]))) {
    // Answered like an origin that did not answer in time (504).
    if (Date.now() > deadline)
      throw new AppError("origin-timeout", `the shared origin call did not settle within ${maxWaitMs} ms`);
  }
  return shared;
}

interface Queue {
  running: Promise<unknown> | null;
  /** The isolate's logical time when the running call was sent. */
  runningSince: number;
  queued: Promise<unknown> | null;
  /** How many callers joined the queued call: a gathering call waits until this stops moving. */
  joins: number;
}

/** Hold a new call until no caller joined it for `quietMs`, and at most `maxMs`. */
export interface Gather {
  quietMs: number;
  maxMs: number;
}

export interface NextOptions {
  /** The caller's start on the isolate's logical clock (tick()): a call sent later may be joined. */
  since: number;
  /** When no call is running: hold the new one to gather the burst it starts (see the top). */
  gather?: Gather;
}

/** Resolves once `q` saw no new joiner for `quietMs`, or `maxMs` after it was called. */
async function arrivalsPaused(q: Queue, { quietMs, maxMs }: Gather): Promise<void> {
  const end = Date.now() + maxMs;
  let seen = -1;
  while (q.joins !== seen && Date.now() < end) {
    seen = q.joins;
    await sleep(Math.min(quietMs, end - Date.now()));
  }
}

export class SingleFlight {
  private readonly shared = new Map<string, Promise<unknown>>();
  private readonly queues = new Map<string, Queue>();
  /** How many resolutions were started (not joined); tests and /cache/status read it. */
  started = 0;

  /** `maxWaitMs`: how long a waiter waits for another request's work (Workers' waitUntil limit). */
  constructor(private readonly maxWaitMs = 30_000) {}

  /** Now, on the isolate's logical clock (the one requests' arrivals are stamped with). */
  tick(): number {
    return tick();
  }

  /** The running resolution of `key`, or a new one from `run`. */
  share<T>(key: string, run: () => Promise<T>): { promise: Promise<T>; leader: boolean } {
    const existing = this.shared.get(key) as Promise<T> | undefined;
    if (existing) return { promise: awaitShared(existing, this.maxWaitMs), leader: false };
    this.started++;
    const promise = run().finally(() => this.shared.delete(key));
    this.shared.set(key, promise);
    return { promise, leader: true };
  }

  /**
   * A call of `run` sent after the caller started (`options.since`): the running one if it was,
   * else the queued one, else a new one (queued behind the running one, if any).
   */
  next<T>(key: string, run: () => Promise<T>, options: NextOptions): { promise: Promise<T>; leader: boolean } {
    let queue = this.queues.get(key);
    if (!queue) this.queues.set(key, (queue = { running: null, runningSince: 0, queued: null, joins: 0 }));
    const q = queue;
    if (q.running && q.runningSince > options.since) {
      return { promise: awaitShared(q.running as Promise<T>, this.maxWaitMs), leader: false };
    }
    if (q.queued) {
      q.joins++;
      return { promise: awaitShared(q.queued as Promise<T>, this.maxWaitMs), leader: false };
    }
    this.started++;
    const start = (): Promise<T> => {
      const running = run();
      q.running = running;
      q.runningSince = tick();
      return running.finally(() => {
        if (q.running === running) q.running = null;
        if (!q.running && !q.queued) this.queues.delete(key);
      });
    };
    if (!q.running) {
      if (!options.gather) return { promise: start(), leader: true };
      // The leader waits on timers of its own meanwhile, so it needs no awaitShared.
      const gathering = arrivalsPaused(q, options.gather).then(() => {
        q.queued = null;
        return start();
      });
      q.queued = gathering;
      return { promise: gathering, leader: true };
    }
    // The queued call is sent once the running one settles, whatever its outcome: a failure
    // (a Redis deadline passed under load) says little about the next call.
    const queued = q.running
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        q.queued = null;
        return start();
      });
    q.queued = queued;
    // The queued leader also waits on another request's work (the running call) first.
    return { promise: awaitShared(queued, this.maxWaitMs), leader: true };
  }
}
