// The go-live checks, in the order they run: health, auth, each cache tier MISS→HIT, ETag → 304,
// an optional reversible write, the warm-up. Each is a small named function over the HTTP helper.

import { DEFAULT_TTL_SECONDS } from "../../src/cache/tiers.ts";
import { API_PREFIX } from "../../src/contract/api-prefix.ts";
import { mintToken } from "../token.ts";
import {
  assertHit,
  type Check,
  expectStatus,
  failWith,
  isAdmin,
  type Outcome,
  pass,
  skip,
  type TierName,
  type VerifyContext,
} from "./check-kit.ts";
import { cacheOutcome, dataVersion, describeCacheStatus, field } from "./response-meta.ts";
import { WRITE_CHECKS } from "./write-checks.ts";

interface Tier {
  name: TierName;
  path: string;
  tag: string;
}
export const TIERS: readonly Tier[] = [
  { name: "book", path: `${API_PREFIX}/book`, tag: "portfolio" },
  { name: "risk", path: `${API_PREFIX}/risk/live`, tag: "portfolio" },
  { name: "attribution", path: `${API_PREFIX}/attribution?period=mtd`, tag: "portfolio" },
  { name: "morning_pack", path: `${API_PREFIX}/morning-pack/latest`, tag: "briefing" },
];

export const DEFAULT_TTL: Record<TierName, number> = { ...DEFAULT_TTL_SECONDS };

async function health(ctx: VerifyContext): Promise<Outcome> {
  const res = await ctx.http({ method: "GET", path: "/health", token: null });
  const dep = (name: string) => field(res, name) as { ok?: unknown; latency_ms?: unknown } | undefined;
  const parts = ["redis", "origin"].map((n) => {
    const d = dep(n);
    if (!d) return `${n} not reported`;
    return `${n} ${d.ok === true ? "ok" : "DOWN"} (${String(d.latency_ms ?? "?")} ms)`;
  });
  if (res.status !== 200) failWith(`${res.status}: ${parts.join(", ")}`);
  if (dep("redis")?.ok !== true || dep("origin")?.ok !== true) failWith(`200 but ${parts.join(", ")}`);
  return pass(parts.join(", "));
}

function refusesWith401(token: (ctx: VerifyContext) => string | null, what: string) {
  return async (ctx: VerifyContext): Promise<Outcome> => {
    const res = await ctx.http({ method: "GET", path: `${API_PREFIX}/book`, token: token(ctx) });
    expectStatus(res, 401, what);
    if (res.headers["cache-status"] && cacheOutcome(res.headers["cache-status"]) === "hit") {
      failWith("401 but answered from the cache (auth must run before the cache)");
    }
    return pass(`401 ${res.headers["content-type"]?.split(";")[0] ?? ""}`.trim());
  };
}

/** The token under test must get in; otherwise every later row fails for that one reason. */
async function tokenAccepted(ctx: VerifyContext): Promise<Outcome> {
  const res = await ctx.http({ method: "GET", path: `${API_PREFIX}/book` });
  if (res.status === 401)
    failWith("the token was refused (401): expired, or signed with another JWT_SECRET than this deployment's");
  expectStatus(res, 200, "GET book with the token");
  return pass(`200 as ${ctx.role ?? "unknown role"}`);
}

function tierMissThenHit(tier: Tier): Check {
  return {
    name: `tier ${tier.name}: MISS → HIT`,
    async run(ctx) {
      const maxAge = ctx.ttl[tier.name] + ctx.slackSeconds;
      let invalidatedAt: number | undefined;
      if (isAdmin(ctx)) {
        const inv = await ctx.http({
          method: "POST",
          path: `${API_PREFIX}/cache/invalidate`,
          json: { tags: [tier.tag] },
        });
        if (inv.status < 200 || inv.status > 299) expectStatus(inv, 200, `invalidate ${tier.tag}`);
        invalidatedAt = ctx.now();
      }
      // Without ADMIN, ask for a refill instead (the edge treats no-cache as a forced miss);
      // an edge that ignores it answers hit, which is accepted and noted below.
      const first = await ctx.http({
        method: "GET",
        path: tier.path,
        ...(invalidatedAt === undefined ? { headers: { "cache-control": "no-cache" } } : {}),
      });
      if (first.status === 404 && tier.name === "morning_pack") {
        return skip("no morning pack yet (404): generate one or wait for the pre-open cron, then re-run");
      }
      expectStatus(first, 200, "first read");
      const firstOutcome = cacheOutcome(first.headers["cache-status"]);
      let note: string;
      if (firstOutcome === "miss") {
        if (field(first, "cached") !== false) failWith(`miss but body cached=${String(field(first, "cached"))}`);
        note = invalidatedAt === undefined ? "miss (forced with Cache-Control: no-cache)" : "miss";
      } else if (firstOutcome === "bypass") {
        failWith(`first read bypassed the cache (${describeCacheStatus(first)}): Redis unreachable from the edge?`);
      } else if (invalidatedAt !== undefined) {
        // Allowed only if someone else filled the key after our invalidation.
        const age = field(first, "cache_age_seconds");
        const sinceInvalidate = (ctx.now() - invalidatedAt) / 1000;
        if (firstOutcome !== "hit" || typeof age !== "number" || age > sinceInvalidate + 1) {
          failWith(
            `first read after invalidating "${tier.tag}" was ${describeCacheStatus(first)} (age ${String(age)} s): the invalidation did not take effect`,
          );
        }
        note = "hit (filled by another request after the invalidation)";
      } else if (firstOutcome === "hit" || firstOutcome === "stale") {
        note = `${firstOutcome} (could not force a MISS: no-cache ignored and invalidation needs ADMIN)`;
      } else {
        failWith(`first read: unexpected ${describeCacheStatus(first)}`);
      }
      // A stale first read is revalidated in the background (docs/cache-protocol.md §Reads): give it a moment.
      let second = await ctx.http({ method: "GET", path: tier.path });
      for (let i = 0; i < 4 && cacheOutcome(second.headers["cache-status"]) === "stale"; i++) {
        await ctx.sleep(500);
        second = await ctx.http({ method: "GET", path: tier.path });
      }
      const hit = assertHit(second, maxAge, "second read");
      const firstVersion = dataVersion(first);
      if (firstVersion !== undefined && hit.version < firstVersion) {
        failWith(`second read went back in time: PMS-Data-Version ${hit.version} < ${firstVersion}`);
      }
      return pass(`${note} → hit, age ${hit.age} s (≤ ${maxAge}), version ${hit.version}`);
    },
  };
}

async function etagRevalidation(ctx: VerifyContext): Promise<Outcome> {
  const path = `${API_PREFIX}/book`;
  const res = await ctx.http({ method: "GET", path });
  expectStatus(res, 200, "GET book");
  const etag = res.headers.etag;
  if (!etag) failWith("GET book carried no ETag");
  const again = await ctx.http({ method: "GET", path, headers: { "if-none-match": etag } });
  if (again.status === 200 && again.headers.etag !== etag) {
    return pass(
      `the book changed between two reads (ETag ${etag} → ${again.headers.etag ?? "none"}); re-run to check 304`,
    );
  }
  expectStatus(again, 304, "If-None-Match with the current ETag");
  if (again.text.length > 0) failWith(`304 with a body of ${again.text.length} bytes`);
  return pass(`304 for ${etag}`);
}

/**
 * The on-demand warm-up runs the EOD plan: an MTM at the origin (a write, but idempotent for a
 * date: re-marking replaces that date's snapshots), then the portfolio reads. Because it writes,
 * it runs only with --allow-writes; a non-ADMIN token is still sent, and must be refused.
 */
async function warm(ctx: VerifyContext): Promise<Outcome> {
  if (isAdmin(ctx) && !ctx.allowWrites) {
    return skip("the warm-up writes at the origin (EOD plan: MTM); pass --allow-writes to run it");
  }
  const res = await ctx.http({ method: "POST", path: `${API_PREFIX}/cache/warm`, json: { schedule: "eod" } });
  if (!isAdmin(ctx)) {
    if (res.status >= 200 && res.status < 300)
      failWith(`a ${ctx.role ?? "non-ADMIN"} token was allowed to run the warm-up (${res.status})`);
    return skip(`needs an ADMIN token (this ${ctx.role ?? "token"} got ${res.status}, as it should)`);
  }
  expectStatus(res, 200, "POST /cache/warm");
  const steps = field(res, "steps");
  const list = Array.isArray(steps) ? (steps as Array<Record<string, unknown>>) : [];
  const failed = list
    .filter((s) => s.ok !== true)
    .map((s) => `${String(s.step ?? s.name ?? "?")} (${String(s.status ?? s.error ?? "failed")})`);
  if (failed.length > 0 || field(res, "ok") === false)
    failWith(`warm-up steps failed: ${failed.join(", ") || "report says ok:false"}`);
  if (list.length === 0) failWith("the warm-up report lists no steps");
  const book = await ctx.http({ method: "GET", path: `${API_PREFIX}/book` });
  const hit = assertHit(book, ctx.ttl.book + ctx.slackSeconds, "book after warm-up");
  return pass(`${list.length} steps ok; book then a hit (age ${hit.age} s)`);
}

export function buildChecks(): Check[] {
  return [
    { name: "health", run: health },
    { name: "auth: no token → 401", run: refusesWith401(() => null, "no Authorization header") },
    {
      name: "auth: wrong token → 401",
      run: refusesWith401((ctx) => ctx.forgedToken, "token signed with another secret"),
    },
    { name: "auth: this token → accepted", run: tokenAccepted },
    ...TIERS.map(tierMissThenHit),
    { name: "ETag → 304", run: etagRevalidation },
    ...WRITE_CHECKS,
    { name: "warm-up (ADMIN)", run: warm },
  ];
}

/** A token the deployment cannot have signed: right shape and claims, unknown secret. */
export function forgeToken(role: string | undefined): Promise<string> {
  const secret = `not-the-secret-${Math.random().toString(36).slice(2)}`;
  return mintToken(secret, {
    role: role === "ADMIN" || role === "MANAGER" || role === "RISK_OFFICER" ? role : "VIEWER",
    sub: "pms-edge-verify",
  });
}
