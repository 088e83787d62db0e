// CORS (CORS_ALLOWED_ORIGINS): an allowed origin's preflight is 204 without a token; other
// origins get no CORS header; the cache's headers are exposed; Timing-Allow-Origin is set.
import { describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
import { harness } from "../testing/app-harness.ts";

const DESK = "https://desk.fund.example";

function preflight(origin: string) {
  const h = harness({ CORS_ALLOWED_ORIGINS: `${DESK}, https://other.fund.example` });
  const app = createApp();
  return app.fetch(
    new Request("http://edge.test/api/v1/pms/book", {
      method: "OPTIONS",
      headers: {
        Origin: origin,
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization, pms-min-version",
      },
    }),
    h.env,
  );
}

describe("CORS", () => {
  it("answers an allowed origin's preflight 204 without a token", async () => {
    const res = await preflight(DESK);
    expect(res.status).toBe(204);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(DESK);
    const allowed = res.headers.get("Access-Control-Allow-Headers")!.toLowerCase().split(",");
    expect(allowed).toEqual(
      expect.arrayContaining(["authorization", "content-type", "if-none-match", "pms-min-version"]),
    );
    expect(res.headers.get("Access-Control-Allow-Methods")).toContain("GET");
    expect(res.headers.get("Vary")).toMatch(/Origin/);
  });

  it("gives another origin no CORS header (its preflight meets authentication)", async () => {
    const res = await preflight("https://evil.example");
    expect(res.status).toBe(401);
    for (const [name] of res.headers) expect(name.toLowerCase()).not.toMatch(/^access-control-|^timing-allow-origin$/);
  });

  it("exposes the cache's headers to an allowed origin, with Timing-Allow-Origin", async () => {
    const h = harness({ CORS_ALLOWED_ORIGINS: DESK });
    const res = await h.get("/book", { Origin: DESK });
    expect(res.status).toBe(200);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(DESK);
    expect(res.headers.get("Timing-Allow-Origin")).toBe(DESK);
    const exposed = res.headers.get("Access-Control-Expose-Headers")!.split(",");
    for (const name of [
      "ETag",
      "Cache-Status",
      "Age",
      "PMS-Data-Version",
      "PMS-Computed-Version",
      "Server-Timing",
      "X-Request-Id",
    ])
      expect(exposed).toContain(name);
    const refused = await h.get("/book", { Origin: "https://evil.example" });
    expect(refused.headers.get("Access-Control-Allow-Origin")).toBeNull();
    expect(refused.headers.get("Access-Control-Expose-Headers")).toBeNull();
  });

  it("keeps its headers on an error answer (a browser must read a 401's problem)", async () => {
    const h = harness({ CORS_ALLOWED_ORIGINS: DESK });
    const res = await createApp().fetch(
      new Request("http://edge.test/api/v1/pms/book", { headers: { Origin: DESK } }),
      h.env,
    );
    expect(res.status).toBe(401);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(DESK);
  });
});
