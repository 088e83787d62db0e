// The OpenAPI 3.1 document of the edge, generated from the zod contract (zod 4's
// z.toJSONSchema, already in the Worker for the validators, so serving it costs the bundle
// only this file and the response schemas). Served at GET /api/v1/pms/openapi.json without a
// token, and written to docs/openapi.json by `npm run openapi`.
import * as z from "zod";
import { TIERS } from "../cache/tiers.ts";
import { API_PREFIX } from "../contract/api-prefix.ts";
import { PROBLEM_CONTENT_TYPE } from "../contract/problem.ts";
import { JournalEntry, MorningPack, Position, Proposal } from "../contract/responses.ts";
import { requiredRole } from "../contract/roles.ts";
import { ROUTE_DOCS, type RouteDoc } from "./routes.ts";

type Json = Record<string, unknown>;

/** Named response schemas, shared by several routes: components, referenced by $ref. */
const SHARED = { Position, Proposal, JournalEntry, MorningPack } as const;

/**
 * Every schema of one side (request: what a client may send, defaults optional, transforms as
 * their input; response: what the edge answers) in one registry, converted at once, so shared
 * schemas become `#/components/schemas/…` references instead of copies.
 */
function convert(io: "input" | "output", schemas: Map<z.ZodType, string>): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of schemas) registry.add(schema, { id });
  const out = z.toJSONSchema(registry, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, Json> };
  for (const schema of Object.values(out.schemas)) {
    delete schema.$schema;
    delete schema.$id; // the component's place in the document names it
  }
  return out.schemas;
}

const ref = (id: string): Json => ({ $ref: `#/components/schemas/${id}` });

/** The fields the edge adds to the JSON object bodies of tiered routes (cache-response.ts). */
const CACHE_FIELDS = z.object({
  cached: z.boolean(),
  cache_age_seconds: z.number(),
  stale: z.boolean().optional(),
});

/** Full path of a route, in OpenAPI's `{param}` form. */
export function openApiPath(route: Pick<RouteDoc, "pattern" | "public">): string {
  const path = route.public ? route.pattern : `${API_PREFIX}${route.pattern}`;
  return path.replace(/:(\w+)/g, "{$1}");
}

function isTiered(route: RouteDoc): boolean {
  return route.method === "GET" && `${API_PREFIX}${route.pattern}` in TIERS;
}

/** Query and path parameters, one by one (OpenAPI lists them separately). */
function parameters(route: RouteDoc): Json[] {
  const list: Json[] = [];
  for (const [where, schema] of [
    ["path", route.params],
    ["query", route.query],
  ] as const) {
    if (!schema) continue;
    const json = z.toJSONSchema(schema, { target: "draft-2020-12", io: "input", unrepresentable: "any" }) as {
      properties?: Record<string, Json>;
      required?: string[];
    };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      const { $schema: _ignored, ...rest } = property;
      list.push({ name, in: where, required: where === "path" || (json.required ?? []).includes(name), schema: rest });
    }
  }
  return list;
}

const problem = (description: string): Json => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: "#/components/schemas/Problem" } } },
});

function operationId(route: RouteDoc): string {
  return `${route.method.toLowerCase()}${route.pattern.replace(/[/:-](\w)/g, (_m, c: string) => c.toUpperCase())}`;
}

/** Component ids: the shared schemas by name, every other body by its operation. */
interface Ids {
  responses: Map<z.ZodType, string>;
  bodies: Map<z.ZodType, string>;
}

function operation(route: RouteDoc, ids: Ids): Json {
  const status = route.status ?? 200;
  const body = route.response && ref(ids.responses.get(route.response)!);
  // A tier's object body carries the cache's own fields beside the origin's.
  const schema = body && isTiered(route) ? { allOf: [body, ref("CacheFields")] } : body;
  const ok: Json =
    status === 307
      ? { description: "Redirect", headers: { Location: { schema: { type: "string" } } } }
      : {
          description: "OK",
          ...(route.method === "GET" && { headers: { ETag: { schema: { type: "string" } } } }),
          content: { "application/json": { schema: schema ?? {} } },
        };
  const role = route.public ? null : requiredRole(route.method, route.pattern);
  return {
    operationId: operationId(route),
    summary: route.summary,
    ...(role ? { description: `Minimum role: ${role}.` } : {}),
    ...(route.public ? { security: [] } : {}),
    parameters: parameters(route),
    ...(route.body && {
      requestBody: { required: true, content: { "application/json": { schema: ref(ids.bodies.get(route.body)!) } } },
    }),
    responses: {
      [status]: ok,
      ...(route.method === "GET" && status === 200 ? { 304: { description: "Not modified (If-None-Match)" } } : {}),
      ...(route.public ? {} : { 401: problem("No valid token"), 403: problem("Role too low") }),
      ...(route.body || route.query || route.params ? { 422: problem("Validation failed") } : {}),
      default: problem("Error (RFC 9457 problem details)"),
    },
  };
}

function build(): Json {
  const ids: Ids = { responses: new Map(), bodies: new Map() };
  for (const [id, schema] of Object.entries(SHARED)) ids.responses.set(schema, id);
  ids.responses.set(CACHE_FIELDS, "CacheFields");
  for (const route of ROUTE_DOCS) {
    const id = operationId(route);
    if (route.response && !ids.responses.has(route.response)) ids.responses.set(route.response, `${id}Response`);
    if (route.body && !ids.bodies.has(route.body)) ids.bodies.set(route.body, `${id}Body`);
  }
  const paths: Record<string, Json> = {};
  for (const route of ROUTE_DOCS) {
    const path = openApiPath(route);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(route, ids) };
  }
  paths[`${API_PREFIX}/openapi.json`] = {
    get: {
      operationId: "getOpenapiJson",
      summary: "This document",
      security: [],
      responses: { 200: { description: "OpenAPI 3.1", content: { "application/json": { schema: {} } } } },
    },
  };
  return {
    openapi: "3.1.0",
    info: {
      title: "pms-edge",
      version: "1",
      description:
        "The PMS API at the edge (docs/contract.md). Tiered GETs answer from the cache with Cache-Status, Age, a weak ETag, PMS-Data-Version and PMS-Computed-Version.",
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      schemas: {
        ...convert("output", ids.responses),
        ...convert("input", ids.bodies),
        Problem: {
          type: "object",
          required: ["type", "title", "status"],
          properties: {
            type: { type: "string" },
            title: { type: "string" },
            status: { type: "integer" },
            detail: { type: "string" },
            errors: { type: "array", items: { type: "object" } },
          },
        },
      },
    },
  };
}

let cached: string | undefined;

/** The document as JSON text, built once per isolate. */
export function openApiDocument(): string {
  cached ??= `${JSON.stringify(build(), null, 2)}\n`;
  return cached;
}
