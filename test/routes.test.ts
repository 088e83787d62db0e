// Every route of the contract answers through the edge: with the role it needs, a 2xx from the
// origin (each write against its own fresh copy of the seeded fund, so no route sees another's
// writes; reads, which never write, share one); with each role below it, 403 before the origin.
// Plus the /risk/summary redirect.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROUTES, type RouteCase, roleFor, rolesBelow } from "../origin/testing/routes-table.ts";
import { originCalls } from "./support/counters.ts";
import { control, edge, newOrigin, newRedisStack, type RedisStack } from "./support/stack.ts";

type Origin = Awaited<ReturnType<typeof newOrigin>>;
let redis: RedisStack;
let readOrigin: Origin;
beforeAll(async () => {
  [redis, readOrigin] = await Promise.all([newRedisStack(), newOrigin()]);
});
afterAll(() => Promise.all([control("DELETE", `/redis/${redis.id}`), control("DELETE", `/origins/${readOrigin.id}`)]));

async function withOrigin(method: string, run: (e: ReturnType<typeof edge>, origin: Origin) => Promise<void>) {
  const origin = method === "GET" ? readOrigin : await newOrigin();
  try {
    await run(
      edge({
        UPSTASH_REDIS_REST_URL: redis.restUrl,
        UPSTASH_REDIS_REST_TOKEN: redis.token,
        ORIGIN_URL: origin.url,
        ORIGIN_TOKEN: origin.token,
      }),
      origin,
    );
  } finally {
    if (origin !== readOrigin) await control("DELETE", `/origins/${origin.id}`);
  }
}

/** The route's path, with the seeded pack's real date for /morning-pack/:date (seeded for the last business day). */
async function pathOf(e: ReturnType<typeof edge>, route: RouteCase): Promise<string> {
  if (route.pattern !== "/morning-pack/:date") return route.path;
  const latest = (await (await e.fetch("/api/v1/pms/morning-pack/latest", { role: "VIEWER" })).json()) as {
    briefing_date: string;
  };
  return `/morning-pack/${latest.briefing_date}`;
}

describe.each(ROUTES.map((route) => [`${route.method} ${route.pattern}`, route] as const))("%s", (_name, route) => {
  it("answers 2xx with its role and 403 below it", async () => {
    await withOrigin(route.method, async (e, origin) => {
      const path = `/api/v1/pms${await pathOf(e, route)}`;
      const init = { method: route.method, ...(route.body === undefined ? {} : { body: JSON.stringify(route.body) }) };
      for (const role of rolesBelow(route)) {
        const before = await originCalls(origin);
        const refused = await e.fetch(path, { ...init, role });
        expect(refused.status, role).toBe(403);
        expect(await originCalls(origin)).toBe(before);
      }
      const res = await e.fetch(path, { ...init, role: roleFor(route) });
      expect(res.status, await res.clone().text()).toBeGreaterThanOrEqual(200);
      expect(res.status).toBeLessThan(300);
      expect(res.headers.get("PMS-Data-Version")).toMatch(/^\d+$/);
      if (route.method !== "GET") return;
      // Every GET, tiered (weak) or not (strong, over the origin's body), revalidates with 304.
      const etag = res.headers.get("ETag");
      expect(etag).toMatch(/^(W\/)?"[0-9a-f]{64}"$/);
      const again = await e.fetch(path, { role: roleFor(route), headers: { "If-None-Match": etag! } });
      if (again.status === 200) expect(again.headers.get("ETag"), "200 only when the body changed").not.toBe(etag);
      else expect(again.status).toBe(304);
    });
  });
});

describe("GET /risk/summary", () => {
  it("redirects to /risk/live with 307", async () => {
    await withOrigin("GET", async (e) => {
      const res = await e.fetch("/api/v1/pms/risk/summary", { role: "VIEWER", redirect: "manual" });
      expect(res.status).toBe(307);
      expect(res.headers.get("Location")).toBe("/api/v1/pms/risk/live");
    });
  });
});
