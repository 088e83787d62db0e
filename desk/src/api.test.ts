// The desk's API client: the headers that make it a good cache client of the edge, and the
// highest data version it carries from answers (writes included) to every later read.
import { describe, expect, it } from "vitest";
import { DeskApi, sourceOf } from "./api.ts";

function fakeFetch(answers: Response[]) {
  const sent: Array<{ url: string; init: RequestInit }> = [];
  const fetchFn = (async (url: string, init: RequestInit) => {
    sent.push({ url, init });
    return answers.shift()!;
  }) as unknown as typeof fetch;
  return { fetchFn, sent, header: (i: number, name: string) => new Headers(sent[i]!.init.headers).get(name) };
}

const answer = (version: number, status = 200, extra: Record<string, string> = {}) =>
  new Response(status === 304 ? null : JSON.stringify({ ok: true }), {
    status,
    headers: { "PMS-Data-Version": String(version), ETag: '"e"', ...extra },
  });

describe("desk API client", () => {
  it("sends the highest version seen as PMS-Min-Version, and the ETag it is given as If-None-Match", async () => {
    const f = fakeFetch([answer(7), answer(5), answer(7, 304)]);
    const api = new DeskApi("tok", f.fetchFn);
    await api.get("/book");
    expect(f.header(0, "PMS-Min-Version")).toBeNull(); // nothing seen yet
    expect(f.header(0, "Authorization")).toBe("Bearer tok");
    await api.get("/risk/live");
    expect(f.header(1, "PMS-Min-Version")).toBe("7");
    expect(api.maxVersion).toBe(7); // a lower answer never lowers it
    const res = await api.get("/book", { etag: '"e"' });
    expect(res.status).toBe(304);
    expect(f.header(2, "If-None-Match")).toBe('"e"');
    expect(f.sent[2]!.url).toBe("/api/v1/pms/book");
  });

  it("sends no Authorization header without a token (Cloudflare Access adds its assertion)", async () => {
    const f = fakeFetch([answer(3)]);
    await new DeskApi("", f.fetchFn).get("/book");
    expect(f.header(0, "Authorization")).toBeNull();
  });

  it("keeps fetch from adding Cache-Control: no-cache, which would make the edge skip its cache", async () => {
    const f = fakeFetch([answer(1)]);
    await new DeskApi("tok", f.fetchFn).get("/book", { etag: '"x"' });
    expect(f.header(0, "Cache-Control")).toBe("no-transform");
    expect(f.sent[0]!.init.cache).toBe("no-store");
  });

  it("raises the floor to a write's version, so the reads after it ask for at least that", async () => {
    const f = fakeFetch([answer(3), answer(9), answer(9)]);
    const api = new DeskApi("tok", f.fetchFn);
    await api.get("/book");
    await api.post("/trades/proposals/4/approve", { execution_price: 1, execution_notional_brl: 1 });
    expect(f.sent[1]!.init.method).toBe("POST");
    await api.get("/book");
    expect(f.header(2, "PMS-Min-Version")).toBe("9");
  });

  it("turns an error answer into its problem detail", async () => {
    const problem = new Response(JSON.stringify({ detail: "proposal 4 is not PENDING" }), { status: 409 });
    const api = new DeskApi("tok", fakeFetch([problem]).fetchFn);
    await expect(api.post("/trades/proposals/4/reject", {})).rejects.toMatchObject({
      status: 409,
      detail: "proposal 4 is not PENDING",
    });
  });

  it("reads the source from Cache-Status", () => {
    expect(sourceOf("pms-edge; hit; ttl=27")).toBe("hit");
    expect(sourceOf("pms-edge; fwd=miss; fwd-status=200; stored; ttl=30")).toBe("miss");
    expect(sourceOf("pms-edge; fwd=stale; detail=stale-while-revalidate")).toBe("stale");
    expect(sourceOf("pms-edge; fwd=bypass; detail=redis-error")).toBe("bypass");
    expect(sourceOf("other-cache; hit, pms-edge; fwd=miss")).toBe("miss");
    expect(sourceOf(null)).toBe("uncached");
  });
});
