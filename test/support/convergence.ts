// What "the cache converges after recovery" means, as assertions a user would notice: the next
// reads of a tier report the origin's current data version (fresh from the origin, never an
// entry from before the fault), and soon after they are HITs at that same version.
import { expect } from "vitest";
import { originDataVersion } from "./counters.ts";
import { type IsolatedSystem, sleep } from "./stack.ts";

export async function expectConverged(sys: IsolatedSystem, path = "/api/v1/pms/book"): Promise<void> {
  const version = await originDataVersion(sys.origin);
  let res = await sys.fetch(path, { role: "VIEWER" });
  for (let i = 0; i < 20 && !/; hit/.test(res.headers.get("Cache-Status") ?? ""); i++) {
    expect(res.status, path).toBe(200);
    expect(Number(res.headers.get("PMS-Data-Version")), `${path} ${res.headers.get("Cache-Status")}`).toBe(version);
    await sleep(100);
    res = await sys.fetch(path, { role: "VIEWER" });
  }
  expect(res.headers.get("Cache-Status"), path).toMatch(/; hit/);
  expect(Number(res.headers.get("PMS-Data-Version")), path).toBe(version);
}
