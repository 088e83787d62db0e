// The OpenAPI document: served without a token, lists every route the app mounts (and nothing
// it does not), and the edge's own answers validate against the schemas it documents.
import { describe, expect, it, vi } from "vitest";
import { createApp } from "../app.ts";
import { API_PREFIX } from "../contract/api-prefix.ts";
import { EDGE_RESPONSES } from "../contract/responses.ts";
import { harness } from "../testing/app-harness.ts";
import { openApiDocument, openApiPath } from "./document.ts";

interface Doc {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
}

/** `METHOD /path` of every route the app mounts (middleware excluded; `/journal/` is `/journal`). */
function mountedRoutes(): string[] {
  const routes = createApp().routes.filter((r) => r.method === "GET" || r.method === "POST");
  const keys = routes.map((r) => `${r.method} ${r.path.replace(/(.)\/$/, "$1").replace(/:(\w+)/g, "{$1}")}`);
  return [...new Set(keys)].sort();
}

function documentedRoutes(doc: Doc): string[] {
  return Object.entries(doc.paths)
    .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

describe("GET /api/v1/pms/openapi.json", () => {
  it("serves the OpenAPI 3.1 document without a token", async () => {
    const h = harness();
    const res = await createApp().fetch(new Request(`http://edge.test${API_PREFIX}/openapi.json`), h.env);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
    const text = await res.text();
    expect(text).toBe(openApiDocument());
    expect((JSON.parse(text) as Doc).openapi).toBe("3.1.0");
  });

  it("documents every mounted route, and only those", () => {
    const doc = JSON.parse(openApiDocument()) as Doc;
    const mounted = mountedRoutes();
    expect(mounted.length).toBeGreaterThan(35);
    expect(documentedRoutes(doc)).toEqual(mounted);
  });

  it("points every 2xx body at a component that exists", () => {
    const doc = JSON.parse(openApiDocument()) as Doc & { components: { schemas: Record<string, unknown> } };
    const refs = [...openApiDocument().matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(40);
    for (const ref of refs) expect(doc.components.schemas, ref).toHaveProperty(ref);
    expect(openApiPath({ pattern: "/journal/:id" })).toBe(`${API_PREFIX}/journal/{id}`);
  });
});

describe("the edge's own answers match their documented schemas", () => {
  const valid = (key: keyof typeof EDGE_RESPONSES, body: unknown) => {
    const result = EDGE_RESPONSES[key].safeParse(body);
    expect(result.success, `${key}: ${result.error?.message}`).toBe(true);
  };

  it("GET /health, GET /cache/status, POST /cache/invalidate, POST /cache/warm", async () => {
    vi.spyOn(console, "log").mockImplementation(() => {}); // the warm-up's step lines
    const h = harness();
    const health = await createApp({
      services: { store: () => h.store, origin: () => h.origin, isolate: () => h.isolate },
    }).fetch(new Request("http://edge.test/health"), h.env);
    valid("GET /health", await health.json());
    valid("GET /cache/status", await (await h.get("/cache/status", undefined, "ADMIN")).json());
    const invalidated = await h.post("/cache/invalidate", { tags: ["portfolio"] });
    expect(invalidated.status).toBe(200);
    valid("POST /cache/invalidate", await invalidated.json());
    const warm = await h.post("/cache/warm", { schedule: "eod" });
    expect(warm.status).toBe(200);
    valid("POST /cache/warm", await warm.json());
    expect(EDGE_RESPONSES["POST /cache/warm"].safeParse({ schedule: "noon" }).success).toBe(false);
    vi.restoreAllMocks();
  });
});
