// Runs a warm-up plan against the app itself. Each step: bounded retries for transient failures
// (network, 502/503/504, 5xx), one structured log line with its outcome and duration; a failed
// step does not stop the others.
import { signUserToken } from "../auth/sign-token.ts";
import { sleep } from "../lib/sleep.ts";
import { logEvent } from "../log.ts";
import { type Schedule, type WarmStep, warmPlan } from "./plan.ts";

export interface StepReport {
  step: string;
  ok: boolean;
  status: number | null;
  cache_status: string | null;
  attempts: number;
  duration_ms: number;
  error?: string;
}

export interface WarmReport {
  schedule: Schedule;
  ok: boolean;
  started_at: string;
  duration_ms: number;
  steps: StepReport[];
}

/** What the warm-up calls: the app's own fetch with the deployment's bindings. */
export type AppFetch = (request: Request) => Promise<Response>;

export interface WarmOptions {
  schedule: Schedule;
  today: string;
  jwtSecret: string;
  /** The fund this edge serves: the warm-up's token names it. */
  fund: string;
  fetch: AppFetch;
  /** Attempts per step (first try included). */
  attempts?: number;
  backoffMs?: number;
  /**
   * The request that asked for the warm-up (POST /cache/warm); the cron has none and gets a
   * fresh id. Each step's own request carries it, so the step's log lines share it.
   */
  requestId?: string;
}

const transient = (status: number) => status >= 500 || status === 429;

async function runStep(step: WarmStep, token: string, requestId: string, options: WarmOptions): Promise<StepReport> {
  const attempts = options.attempts ?? 3;
  const started = Date.now();
  let last: Omit<StepReport, "attempts" | "duration_ms" | "step"> = { ok: false, status: null, cache_status: null };
  let attempt = 0;
  while (attempt < attempts) {
    attempt++;
    try {
      const headers = new Headers({
        Authorization: `Bearer ${token}`,
        "Cache-Control": "no-cache",
        "X-Request-Id": requestId,
      });
      if (step.body !== undefined) headers.set("Content-Type", "application/json");
      const res = await options.fetch(
        new Request(`http://pms-edge.internal${step.path}`, {
          method: step.method,
          headers,
          ...(step.body === undefined ? {} : { body: JSON.stringify(step.body) }),
        }),
      );
      await res.body?.cancel();
      last = { ok: res.ok, status: res.status, cache_status: res.headers.get("Cache-Status") };
      if (res.ok || !transient(res.status)) break;
      last.error = `origin answered ${res.status}`;
    } catch (error) {
      last = { ok: false, status: null, cache_status: null, error: (error as Error).message };
    }
    if (attempt < attempts) await sleep((options.backoffMs ?? 500) * attempt);
  }
  if (!last.ok && !last.error) last.error = `answered ${last.status}`;
  return { step: step.name, ...last, attempts: attempt, duration_ms: Date.now() - started };
}

export async function runWarm(options: WarmOptions): Promise<WarmReport> {
  const requestId = options.requestId ?? crypto.randomUUID();
  const started = Date.now();
  // The edge's own identity for work nobody requested: ADMIN, five minutes, never leaves the isolate.
  const token = await signUserToken(options.jwtSecret, {
    role: "ADMIN",
    sub: "pms-edge-warmup",
    ttlSeconds: 300,
    fund: options.fund,
  });
  const steps: StepReport[] = [];
  // Sequential on purpose: the reads must see the writes before them.
  for (const step of warmPlan(options.schedule, options.today)) {
    const report = await runStep(step, token, requestId, options);
    logEvent("warm.step", requestId, { schedule: options.schedule, ...report });
    steps.push(report);
  }
  return {
    schedule: options.schedule,
    ok: steps.every((s) => s.ok),
    started_at: new Date(started).toISOString(),
    duration_ms: Date.now() - started,
    steps,
  };
}
