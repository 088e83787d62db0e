// What must hold on every route of the origin: service-token authentication, the role table,
// problem+json errors, the data-version header, body limits; plus /health, /metrics, latency.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestOrigin, TEST_TOKEN, type TestOrigin } from "./testing/origin-harness.ts";
import { ROUTES, roleFor, rolesBelow } from "./testing/routes-table.ts";

let origin: TestOrigin;
beforeAll(async () => {
  origin = await startTestOrigin();
});
afterAll(() => origin.close());

function expectProblem(res: { status: number; headers: Headers; body: any }, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  expect(res.body).toMatchObject({
    status,
    type: expect.stringMatching(/^urn:pms:problem:/),
    title: expect.any(String),
    detail: expect.any(String),
  });
  expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/); // no stack traces
}

describe("every route", () => {
  it("lists the contract's 35 routes", () => {
    expect(ROUTES).toHaveLength(35);
    expect(new Set(ROUTES.map((r) => `${r.method} ${r.pattern}`)).size).toBe(35);
  });

  it.each(ROUTES)("$method $pattern refuses a missing or wrong service token with 401", async (route) => {
    const before = (await origin.get("/book")).version;
    for (const token of [null, "wrong-token"]) {
      const res = await origin.call(route.method, route.path, { token, role: "ADMIN", body: route.body });
      expectProblem(res, 401);
      expect(res.version).toBe(before);
    }
  });

  it.each(ROUTES.filter((r) => rolesBelow(r).length > 0))(
    "$method $pattern refuses roles below its own with 403",
    async (route) => {
      const before = (await origin.get("/book")).version;
      for (const role of rolesBelow(route)) {
        const res = await origin.call(route.method, route.path, { role, body: route.body });
        expectProblem(res, 403);
        expect(res.version).toBe(before);
      }
    },
  );

  it.each(ROUTES.filter((r) => r.method === "GET"))(
    "GET $pattern answers a VIEWER with 200 JSON and never changes the data version",
    async (route) => {
      const before = (await origin.get("/book")).version;
      const res = await origin.get(route.path);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("application/json");
      expect(res.version).toBe(before);
      expect((await origin.get("/book")).version).toBe(before);
    },
  );

  it.each(ROUTES.filter((r) => r.method === "POST"))(
    "POST $pattern answers malformed JSON with 400 and changes nothing",
    async (route) => {
      const before = (await origin.get("/book")).version;
      const res = await origin.call("POST", route.path, { role: roleFor(route), rawBody: '{"price": 1,' });
      expectProblem(res, 400);
      expect(res.version).toBe(before);
    },
  );

  it.each(ROUTES.filter((r) => r.method === "POST"))(
    "POST $pattern answers an oversized body with 413 and changes nothing",
    async (route) => {
      const before = (await origin.get("/book")).version;
      const big = JSON.stringify({ manager_notes: "x".repeat(300 * 1024) });
      const res = await origin.call("POST", route.path, { role: roleFor(route), rawBody: big });
      expectProblem(res, 413);
      expect(res.version).toBe(before);
    },
  );
});

describe("authentication details", () => {
  it("an unknown PMS-Role is refused with 401; a missing one is a VIEWER", async () => {
    expectProblem(await origin.call("GET", "/book", { role: "SUPERUSER" as never }), 401);
    expect((await origin.call("GET", "/book", { role: null })).status).toBe(200);
    expectProblem(await origin.call("POST", "/mtm", { role: null, body: {} }), 403);
  });

  it("ADMIN may do what a MANAGER and a RISK_OFFICER may", async () => {
    const res = await origin.call("POST", "/trades/proposals/generate", { role: "ADMIN", body: { signals: [] } });
    expect(res.status).toBe(200);
  });
});

describe("service routes", () => {
  it("GET /health needs no token and reports the data version", async () => {
    const res = await fetch(`${origin.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok" });
    expect(Number(res.headers.get("pms-data-version"))).toBeGreaterThan(0);
  });

  it("GET /metrics needs the token and counts requests by route template, method and status", async () => {
    expect((await fetch(`${origin.url}/metrics`)).status).toBe(401);
    await origin.get("/trades/proposals/2");
    await origin.get("/trades/proposals/999999");
    const res = await fetch(`${origin.url}/metrics`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
    const text = await res.text();
    expect(res.headers.get("content-type")).toContain("text/plain");
    expect(text).toMatch(
      /pms_origin_requests_total\{route="\/api\/v1\/pms\/trades\/proposals\/:id",method="GET",status="200"\} \d+/,
    );
    expect(text).toMatch(
      /pms_origin_requests_total\{route="\/api\/v1\/pms\/trades\/proposals\/:id",method="GET",status="404"\} \d+/,
    );
    expect(text).toMatch(
      /pms_origin_request_duration_seconds_bucket\{route="\/api\/v1\/pms\/trades\/proposals\/:id",method="GET",status="200",le="\+Inf"\} \d+/,
    );
    const version = (await origin.get("/book")).version;
    expect(text).toContain(`pms_origin_data_version ${version}`);
  });

  it("unknown paths are 404 problem+json", async () => {
    expectProblem(await origin.get("/no/such/route"), 404);
  });

  it("GET /risk/summary redirects to /risk/live with 307, keeping the query", async () => {
    const res = await origin.get("/risk/summary?as_of_date=2026-11-20");
    expect(res.status).toBe(307);
    expect(res.headers.get("location")).toBe("/api/v1/pms/risk/live?as_of_date=2026-11-20");
  });

  it("setLatency adds a fixed delay to every response (a simulation; off by default)", async () => {
    const t0 = performance.now();
    await origin.get("/trades/proposals/2");
    const fast = performance.now() - t0;
    origin.setLatency(fast + 150);
    const t1 = performance.now();
    const res = await origin.get("/trades/proposals/2");
    const slow = performance.now() - t1;
    origin.setLatency(0);
    expect(res.status).toBe(200);
    expect(slow).toBeGreaterThanOrEqual(fast + 150 - 5);
  });
});
