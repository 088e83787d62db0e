// The rig's edges as bench targets: each edge's URL with a MANAGER token for the reads and an
// ADMIN token for /cache/status and /cache/invalidate, signed with the development secret the
// rig gives every edge (local/dev-secrets.ts).
import { DEV_SECRETS } from "../local/dev-secrets.ts";
import type { Rig } from "../local/rig/rig.ts";
import { mintToken } from "../local/token.ts";
import type { EdgeTarget } from "./clients.ts";

export async function rigEdgeTargets(rig: Rig): Promise<EdgeTarget[]> {
  const userToken = await mintToken(DEV_SECRETS.JWT_SECRET, { role: "MANAGER", sub: "bench" });
  const adminToken = await mintToken(DEV_SECRETS.JWT_SECRET, { role: "ADMIN", sub: "bench-admin" });
  return rig.edges.map((e) => ({ edgeUrl: e.url, userToken, adminToken }));
}
