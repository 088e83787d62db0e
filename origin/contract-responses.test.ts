// Every route's answer of the reference origin (the happy path of the route table, plus a few
// other states) validates against its response schema in the contract (src/contract/responses.ts),
// the schemas the OpenAPI document is generated from. A negative control shows they constrain.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORIGIN_RESPONSES, Position } from "../src/contract/responses.ts";
import { startTestOrigin, type TestOrigin } from "./testing/origin-harness.ts";
import { ROUTES, roleFor } from "./testing/routes-table.ts";

type Key = keyof typeof ORIGIN_RESPONSES;
const keyOf = (route: (typeof ROUTES)[number]) => `${route.method} ${route.pattern}` as Key;

let reads: TestOrigin;
beforeAll(async () => {
  reads = await startTestOrigin();
});
afterAll(() => reads?.close());

function expectValid(key: Key, body: unknown) {
  const result = ORIGIN_RESPONSES[key].safeParse(body);
  expect(result.success, `${key}: ${result.error?.message}`).toBe(true);
}

describe("the reference origin's answers match the contract's response schemas", () => {
  it("has a schema for every route of the contract", () => {
    expect(ROUTES.map(keyOf).filter((key) => !(key in ORIGIN_RESPONSES))).toEqual([]);
  });

  it.each(ROUTES.map((route) => [keyOf(route), route] as const))("%s", async (key, route) => {
    // Writes each get their own copy of the fund; reads share one.
    const origin = route.method === "GET" ? reads : await startTestOrigin();
    try {
      const res = await origin.call(route.method, route.path, { role: roleFor(route), body: route.body });
      expect(res.status).toBeGreaterThanOrEqual(200);
      expect(res.status).toBeLessThan(300);
      expectValid(key, res.body);
    } finally {
      if (origin !== reads) await origin.close();
    }
  });

  it.each([
    ["GET /book/positions", "/book/positions?is_open=false"],
    ["GET /trades/proposals", "/trades/proposals?status=APPROVED"],
    ["GET /attribution", "/attribution?period=ytd"],
    ["GET /journal", "/journal?limit=5"],
  ] as const)("%s in another state (%s)", async (key, path) => {
    const res = await reads.call("GET", path, { role: "VIEWER" });
    expect(res.status).toBe(200);
    expectValid(key, res.body);
  });

  it("refuses a body that breaks the schema (negative control)", async () => {
    const [position] = (await reads.call("GET", "/book/positions", { role: "VIEWER" })).body as Record<
      string,
      unknown
    >[];
    expect(Position.safeParse(position).success).toBe(true);
    expect(Position.safeParse({ ...position, id: "2" }).success).toBe(false);
    expect(Position.safeParse({ ...position, is_open: undefined }).success).toBe(false);
    expect(ORIGIN_RESPONSES["GET /book"].safeParse({ summary: {}, positions: [] }).success).toBe(false);
  });
});
