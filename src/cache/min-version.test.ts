// PMS-Min-Version: a tiered read whose cached copy is current only as of an older version than
// the client has seen goes to the origin (read-your-writes for any client, docs/cache-protocol.md).
import { describe, expect, it } from "vitest";
import { harness } from "../testing/app-harness.ts";

describe("PMS-Min-Version on tiered reads", () => {
  it("goes to the origin when the entry is older than asked, stores the answer, and HITs it next", async () => {
    const h = harness();
    expect((await h.get("/book")).headers.get("PMS-Data-Version")).toBe("1");
    h.origin.version = 3; // a write the edge never saw (made at the origin directly)

    const asked = await h.get("/book", { "PMS-Min-Version": "3" });
    expect(asked.status).toBe(200);
    expect(asked.headers.get("Cache-Status")).toBe("pms-edge; fwd=miss; fwd-status=200; detail=min-version; stored");
    expect(asked.headers.get("PMS-Data-Version")).toBe("3");
    expect(h.origin.gets()).toHaveLength(2);

    const next = await h.get("/book");
    expect(next.headers.get("Cache-Status")).toMatch(/^pms-edge; hit/);
    expect(next.headers.get("PMS-Data-Version")).toBe("3");
    expect(h.origin.gets()).toHaveLength(2);
  });

  it("answers from the cache when the entry is as new as asked, or newer", async () => {
    const h = harness();
    h.origin.version = 5;
    await h.get("/risk/live");
    for (const min of ["5", "4", "0", " 5 "]) {
      const res = await h.get("/risk/live", { "PMS-Min-Version": min });
      expect(res.headers.get("Cache-Status"), min).toMatch(/^pms-edge; hit/);
    }
    expect(h.origin.gets()).toHaveLength(1);
  });

  it("also refuses to serve a stale entry older than asked, and stores the newer answer", async () => {
    const h = harness();
    await h.get("/book");
    h.origin.version = 2;
    h.clock.offset = 31_000; // past the book's 30 s TTL, within grace
    const asked = await h.get("/book", { "PMS-Min-Version": "2" });
    expect(asked.headers.get("Cache-Status")).toMatch(/fwd=miss; fwd-status=200; detail=min-version; stored/);
    expect(asked.headers.get("PMS-Data-Version")).toBe("2");
    await h.settle();
    const next = await h.get("/book");
    expect(next.headers.get("Cache-Status")).toMatch(/^pms-edge; hit/);
    expect(next.headers.get("PMS-Data-Version")).toBe("2");
  });

  it.each(["abc", "-1", "1.5", "", "1e3", "9999999999999999"])(
    "answers %j with a 400 problem before any cache or origin call",
    async (value) => {
      const h = harness();
      const res = await h.get("/attribution?period=mtd", { "PMS-Min-Version": value });
      expect(res.status).toBe(400);
      expect(res.headers.get("Content-Type")).toContain("application/problem+json");
      const body = (await res.json()) as { type: string; errors: Array<{ path: string }> };
      expect(body.type).toBe("urn:pms:problem:bad-request");
      expect(body.errors[0]!.path).toBe("header.PMS-Min-Version");
      expect(h.store.calls).toBe(0);
      expect(h.origin.calls).toHaveLength(0);
    },
  );
});
