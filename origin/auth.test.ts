// The origin's role enforcement holds for every method a route answers: Hono runs GET handlers
// for HEAD, so HEAD must need what GET needs (a VIEWER's HEAD on an ADMIN GET was a 200).
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { describe, expect, it } from "vitest";
import { API_PREFIX, type Role, WRITE_ROUTE_ROLES } from "../src/contract/index.ts";
import type { OriginDeps, OriginEnv } from "./app-env.ts";
import { enforceRole, serviceAuth } from "./auth.ts";
import { onOriginError } from "./http/errors.ts";

const TOKEN = "origin-auth-test-token";

/** The origin's auth chain in front of a handler for every row of the role table. */
function appOverTheRoleTable() {
  const app = new Hono<OriginEnv>();
  app.onError(onOriginError);
  app.use(
    "*",
    createMiddleware<OriginEnv>(async (c, next) => {
      c.set("deps", { token: TOKEN } as OriginDeps);
      await next();
    }),
  );
  const api = new Hono<OriginEnv>();
  api.use("*", serviceAuth, enforceRole);
  for (const row of WRITE_ROUTE_ROLES) {
    api.on(row.method, row.path, (c) => c.json({ ran: `${row.method} ${row.path}` }));
  }
  app.route(API_PREFIX, api);
  return app;
}

const ask = (method: string, path: string, role: Role) =>
  appOverTheRoleTable().request(`${API_PREFIX}${path.replace(":id", "1")}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, "PMS-Role": role, "PMS-User": "vera" },
  });

const adminGets = WRITE_ROUTE_ROLES.filter((r) => r.role === "ADMIN" && r.method === "GET");

describe("enforceRole", () => {
  it.each(adminGets.map((r) => r.path))("HEAD %s with the VIEWER role is 403, as GET is", async (path) => {
    expect((await ask("GET", path, "VIEWER")).status).toBe(403);
    expect((await ask("HEAD", path, "VIEWER")).status).toBe(403);
    expect((await ask("HEAD", path, "ADMIN")).status).toBe(200);
  });

  it("HEAD never runs a handler above the caller's role, on any row of the table", async () => {
    expect(adminGets.length).toBeGreaterThan(0);
    for (const row of WRITE_ROUTE_ROLES) {
      const res = await ask("HEAD", row.path, "VIEWER");
      expect(res.status, `HEAD ${row.path}`).toBeGreaterThanOrEqual(400);
    }
  });
});
