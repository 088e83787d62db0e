// What every check is made of: its outcome, the context it runs in, and assertions that end a
// check with a readable reason instead of a stack trace.
import type { Http, HttpResponse } from "./http.ts";
import { cacheOutcome, dataVersion, describeCacheStatus, field } from "./response-meta.ts";

export type Status = "pass" | "fail" | "skip";
export interface Outcome {
  status: Status;
  detail: string;
}
export interface CheckResult extends Outcome {
  name: string;
  ms: number;
}

export type TierName = "book" | "risk" | "attribution" | "morning_pack";

export interface VerifyContext {
  http: Http;
  /** Role claim of the token under test (unverified), upper-case. */
  role?: string;
  allowWrites: boolean;
  /** Fresh TTL per tier, seconds: a HIT older than this (plus slack) is wrong. */
  ttl: Record<TierName, number>;
  slackSeconds: number;
  /** A well-formed token signed with a secret the deployment does not know. */
  forgedToken: string;
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Facts one check leaves for a later one. */
  state: { writeVersion?: number };
}

export interface Check {
  name: string;
  run(ctx: VerifyContext): Promise<Outcome>;
}

/** Thrown by assertions; the runner turns it into a failed row. */
export class CheckFailed extends Error {}

export const pass = (detail: string): Outcome => ({ status: "pass", detail });
export const skip = (detail: string): Outcome => ({ status: "skip", detail });

export function failWith(detail: string): never {
  throw new CheckFailed(detail);
}

export function expectStatus(res: HttpResponse, expected: number, what: string): void {
  if (res.status === expected) return;
  const problem = res.body as { title?: unknown; detail?: unknown } | undefined;
  const why =
    typeof problem?.detail === "string"
      ? problem.detail
      : typeof problem?.title === "string"
        ? problem.title
        : res.text.slice(0, 120);
  const cache = res.headers["cache-status"] ? `; ${describeCacheStatus(res)}` : "";
  failWith(`${what}: expected ${expected}, got ${res.status}${why ? ` (${why})` : ""}${cache}`);
}

export const isAdmin = (ctx: VerifyContext) => ctx.role === "ADMIN";
export const canWrite = (ctx: VerifyContext) => ctx.role === "ADMIN" || ctx.role === "MANAGER";

export async function runChecks(ctx: VerifyContext, checks: readonly Check[]): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    const start = ctx.now();
    let outcome: Outcome;
    try {
      outcome = await check.run(ctx);
    } catch (error) {
      const message = error instanceof CheckFailed ? error.message : `error: ${(error as Error).message}`;
      outcome = { status: "fail", detail: message };
    }
    results.push({ name: check.name, ...outcome, ms: Math.round(ctx.now() - start) });
  }
  return results;
}

/** A HIT must say so in the header and the body, with an age inside the tier's fresh TTL. */
export function assertHit(res: HttpResponse, maxAge: number, what: string): { age: number; version: number } {
  expectStatus(res, 200, what);
  if (cacheOutcome(res.headers["cache-status"]) !== "hit")
    failWith(`${what}: expected a hit, got ${describeCacheStatus(res)}`);
  if (field(res, "cached") !== true) failWith(`${what}: hit but body cached=${String(field(res, "cached"))}`);
  const age = field(res, "cache_age_seconds");
  if (typeof age !== "number" || age < 0 || age > maxAge) {
    failWith(`${what}: cache_age_seconds=${String(age)} outside [0, ${maxAge}]`);
  }
  const version = dataVersion(res);
  if (version === undefined) failWith(`${what}: no PMS-Data-Version header`);
  if (!res.headers.etag) failWith(`${what}: no ETag header`);
  return { age, version };
}
