// CACHE_DETAILS_ADMIN_ONLY: the cache's details only for ADMIN; others keep Age and the outcome.
import { describe, expect, it } from "vitest";
import { harness } from "../testing/app-harness.ts";
import { plainCacheStatus } from "./cache-details.ts";

describe("cache details", () => {
  it("keeps the cache name and the outcome only", () => {
    expect(plainCacheStatus("pms-edge; hit; ttl=18")).toBe("pms-edge; hit");
    expect(plainCacheStatus("pms-edge; fwd=miss; fwd-status=200; stored; ttl=30")).toBe("pms-edge; fwd=miss");
  });

  it("with the setting on, a VIEWER gets Age and a plain hit; an ADMIN gets every detail", async () => {
    const h = harness({ CACHE_DETAILS_ADMIN_ONLY: "true" });
    const miss = await h.get("/book");
    expect(miss.headers.get("Cache-Status")).toBe("pms-edge; fwd=miss");
    expect(miss.headers.get("Server-Timing")).toBeNull();
    h.clock.offset = 5_000;
    const hit = await h.get("/book");
    expect(hit.headers.get("Cache-Status")).toBe("pms-edge; hit");
    expect(hit.headers.get("Age")).toBe("5");
    expect(hit.headers.get("Server-Timing")).toBeNull();
    const admin = await h.get("/book", undefined, "ADMIN");
    expect(admin.headers.get("Cache-Status")).toBe("pms-edge; hit; ttl=25");
    expect(admin.headers.get("Server-Timing")).toMatch(/^cache;dur=/);
  });

  it("is on unless the deployment turns it off", async () => {
    const h = harness({ CACHE_DETAILS_ADMIN_ONLY: "" });
    expect((await h.get("/book")).headers.get("Cache-Status")).toBe("pms-edge; fwd=miss");
    expect(h.config.security.cacheDetailsAdminOnly).toBe(true);
  });
});
