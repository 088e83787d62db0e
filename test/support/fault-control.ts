// Driving and inspecting faults from a Worker test: the fault proxy in front of an origin
// (test/setup/fault-proxy.ts), the bridge's fault switch, and the keys an isolated Redis holds.
import type { ProxiedRequest, ProxyFault } from "./proxy-fault.ts";
import { control, type IsolatedSystem, type RedisStack } from "./stack.ts";

export type { ProxiedRequest, ProxyFault };

function proxyOf(sys: IsolatedSystem) {
  if (!sys.proxy) throw new Error("this system has no origin proxy (isolatedSystem(…, { originProxy: true }))");
  return sys.proxy;
}

/** Sets the proxy's fault; `{ mode: "pass" }` heals it. */
export async function proxyFault(sys: IsolatedSystem, fault: ProxyFault): Promise<void> {
  await control("POST", `/proxies/${proxyOf(sys).id}/fault`, fault);
}

/** Every request that reached the proxy so far, in arrival order. */
export function proxyLog(sys: IsolatedSystem): Promise<ProxiedRequest[]> {
  return control<ProxiedRequest[]>("GET", `/proxies/${proxyOf(sys).id}/log`);
}

export type BridgeFault = { delayMs?: number; mode?: "ok" | "garbage" | "error" };

export async function bridgeFault(sys: IsolatedSystem, fault: BridgeFault): Promise<void> {
  await control("POST", `/redis/${sys.redis.id}/fault`, fault);
}

/** Every key of a Redis stack, read with SCAN through its Upstash-REST bridge. */
export async function redisKeys(redis: RedisStack): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const res = await fetch(redis.restUrl, {
      method: "POST",
      headers: { Authorization: `Bearer ${redis.token}`, "Content-Type": "application/json" },
      body: JSON.stringify(["SCAN", cursor, "COUNT", "1000"]),
    });
    const { result } = (await res.json()) as { result: [string, string[]] };
    cursor = String(result[0]);
    keys.push(...result[1]);
  } while (cursor !== "0");
  return keys;
}
