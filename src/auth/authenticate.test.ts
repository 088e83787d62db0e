// The edge's role table holds for every method: HEAD runs the GET handler in Hono, so it needs
// the GET's role (a VIEWER's HEAD on /cache/status was a 200: the ADMIN handler had run).
import { describe, expect, it } from "vitest";
import { WRITE_ROUTE_ROLES } from "../contract/roles.ts";
import { harness } from "../testing/app-harness.ts";

const adminGets = WRITE_ROUTE_ROLES.filter((r) => r.role === "ADMIN" && r.method === "GET");

describe("authenticate: the role table and HEAD", () => {
  it.each(adminGets.map((r) => r.path))("HEAD %s is 403 for a VIEWER, 200 for an ADMIN", async (path) => {
    const h = harness();
    const res = await h.head(path);
    expect(res.status).toBe(403);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
    expect((await h.head(path, undefined, "ADMIN")).status).toBe(200);
  });
});
