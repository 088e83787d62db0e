// Operational events as one structured JSON line each (console.log of one object), which
// Workers Logs (wrangler.toml [observability]) indexes field by field: query by `event` or by
// `request_id` (the X-Request-Id the client got). Only the events an operator acts on; the
// per-request story is in the response headers (Cache-Status, Server-Timing).
export type LogEvent =
  | "breaker.open"
  | "breaker.half-open"
  | "breaker.closed"
  | "invalidation.failed"
  | "invalidation.retried"
  | "invalidation.recovered"
  | "refresh.failed"
  | "lease-wait.timeout"
  | "warm.step";

const WARN: ReadonlySet<LogEvent> = new Set([
  "breaker.open",
  "invalidation.failed",
  "invalidation.retried",
  "refresh.failed",
  "lease-wait.timeout",
]);

/** Writes the event's line; `requestId` is the request that caused it (null for the cron). */
export function logEvent(event: LogEvent, requestId: string | null, fields: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ level: WARN.has(event) ? "warn" : "info", event, request_id: requestId, ...fields }));
}
