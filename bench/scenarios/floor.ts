// The floor: what one Upstash request costs on its own (a bare GET through the bridge from
// Node), and inside workerd (a Worker whose only work is that GET). A cache HIT cannot be
// cheaper than the second; the gap between the two is the runtime's share.
import { upstashClient } from "../clients.ts";
import { measureOp, type OpResult } from "../measure.ts";
import { FLOOR_KEY, type Stack } from "../stack.ts";

export interface FloorResults {
  upstashGet: OpResult;
  floorWorker: OpResult;
}

export async function runFloor(stack: Stack, samples: number): Promise<FloorResults> {
  const redis = upstashClient(stack);
  // A value the size of a small cached envelope, so the GET moves realistic bytes.
  await redis.set(FLOOR_KEY, "x".repeat(2048));
  const warmup = Math.min(100, samples);
  const upstashGet = await measureOp(stack, {
    samples,
    warmup,
    op: async () => {
      const v = await redis.get<string>(FLOOR_KEY);
      return v?.length === 2048 ? "ok" : "wrong value";
    },
    expect: "ok",
  });
  const floorWorker = await measureOp(stack, {
    samples,
    warmup,
    op: async () => {
      const res = await fetch(stack.floorUrl);
      const text = await res.text();
      return res.ok && text.length === 2048 ? "ok" : `HTTP ${res.status}`;
    },
    expect: "ok",
  });
  return { upstashGet, floorWorker };
}
