// Uncached GETs (everything but the four tiers) carry an ETag over the origin's body and answer
// If-None-Match with 304; the origin is still asked every time (nothing is cached).
import { describe, expect, it } from "vitest";
import { harness, json } from "../testing/app-harness.ts";

function steadyOrigin() {
  const h = harness();
  h.origin.handler = (call) => (call.method === "GET" ? json({ path: call.path, rows: [1, 2] }, 7) : undefined);
  return h;
}

describe("uncached GETs: ETag and If-None-Match", () => {
  it.each(["/trades/proposals", "/journal", "/risk/limits", "/pnl/equity-curve", "/book/positions"])(
    "%s gets a strong ETag over the origin body, and 304 when If-None-Match names it",
    async (path) => {
      const h = steadyOrigin();
      const first = await h.get(path);
      expect(first.status).toBe(200);
      const etag = first.headers.get("ETag");
      expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
      const body = await first.text();
      expect(JSON.parse(body)).toMatchObject({ rows: [1, 2] }); // relayed unchanged
      expect(first.headers.get("PMS-Data-Version")).toBe("7");

      const again = await h.get(path, { "If-None-Match": etag! });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe("");
      expect(again.headers.get("ETag")).toBe(etag);
      expect(again.headers.get("PMS-Data-Version")).toBe("7");
      // Weak comparison (RFC 9110 §13.1.2) and lists.
      expect((await h.get(path, { "If-None-Match": `"other", W/${etag}` })).status).toBe(304);
      expect((await h.get(path, { "If-None-Match": "*" })).status).toBe(304);
      expect(h.origin.gets()).toHaveLength(4);
    },
  );

  it("answers the full body when the tag is another one, or the data changed", async () => {
    const h = steadyOrigin();
    const etag = (await h.get("/journal")).headers.get("ETag")!;
    expect((await h.get("/journal", { "If-None-Match": '"0000"' })).status).toBe(200);
    h.origin.handler = () => json({ rows: [3] }, 8);
    const changed = await h.get("/journal", { "If-None-Match": etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("ETag")).not.toBe(etag);
    expect(await changed.json()).toEqual({ rows: [3] });
  });

  it("puts no ETag on an origin error or on a write", async () => {
    const h = steadyOrigin();
    h.origin.handler = (call) =>
      call.method === "GET" ? json({ type: "about:blank", title: "gone", status: 404 }, 7, 404) : undefined;
    const missing = await h.get("/journal", { "If-None-Match": "*" });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("ETag")).toBeNull();
    const write = await h.post("/mtm", { price_overrides: {} });
    expect(write.status).toBe(200);
    expect(write.headers.get("ETag")).toBeNull();
  });
});
