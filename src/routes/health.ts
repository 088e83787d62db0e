// GET /health, without auth: whether this edge can reach Redis and the origin, and how fast.
// 200 when both answer, 503 otherwise; the body says which part failed. It reveals no data.
import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { AppError } from "../http/app-error.ts";

interface Probe {
  ok: boolean;
  latency_ms: number;
  error?: string;
}

async function probe(check: () => Promise<boolean>): Promise<Probe> {
  const started = performance.now();
  let ok = false;
  let error: string | undefined;
  try {
    ok = await check();
    if (!ok) error = "unexpected answer";
  } catch (e) {
    // An AppError's detail is written for clients (the origin client's "could not be reached" or
    // "did not answer within N ms"); anything else may carry internals, so it stays generic.
    error = e instanceof AppError ? e.detail : "unreachable";
  }
  const result: Probe = { ok, latency_ms: Math.round((performance.now() - started) * 10) / 10 };
  if (error) result.error = error;
  return result;
}

export const health = new Hono<AppEnv>().get("/health", async (c) => {
  const [redis, origin] = await Promise.all([
    probe(() => c.get("cache").ping()),
    probe(async () => (await c.get("origin").send("GET", "/health")).ok),
  ]);
  const ok = redis.ok && origin.ok;
  return c.json({ status: ok ? "ok" : "degraded", redis, origin }, ok ? 200 : 503);
});
