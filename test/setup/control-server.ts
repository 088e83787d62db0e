// The test harness's control plane (Node). Workers tests run inside workerd and cannot start or
// stop processes, so the global setup serves this small HTTP API on 127.0.0.1; a test asks it
// for its own Redis stack or origin, and stops, restarts or slows them to drive faults.
//
//   POST   /redis              → { id, restUrl, token }    a private redis-server + bridge
//   POST   /redis/:id/stop     stop redis-server (the bridge stays up and answers 5xx)
//   POST   /redis/:id/start    start redis-server again on the same port (empty)
//   GET    /redis/:id/stats    the bridge's request counters
//   POST   /redis/:id/fault    body passed to the bridge's /__bridge/fault
//   DELETE /redis/:id
//   (origin stacks: see origin-stacks.ts; fault proxies in front of origins: fault-proxy.ts;
//   identity providers' key sets: jwks-servers.ts)
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FaultProxies } from "./fault-proxy.ts";
import { JwksServers } from "./jwks-servers.ts";
import { OriginStacks } from "./origin-stacks.ts";
import { RedisStacks } from "./redis-stacks.ts";

export interface ControlServer {
  url: string;
  redis: RedisStacks;
  origins: OriginStacks;
  close(): Promise<void>;
}

type Handler = (params: string[], body: unknown) => Promise<unknown>;

export async function startControlServer(): Promise<ControlServer> {
  const redis = new RedisStacks();
  const origins = new OriginStacks();
  const proxies = new FaultProxies();
  const jwks = new JwksServers();
  const routes: Array<[string, RegExp, Handler]> = [
    ["POST", /^\/redis$/, () => redis.create()],
    ["POST", /^\/redis\/(\w+)\/stop$/, ([id]) => redis.stopRedis(id!)],
    ["POST", /^\/redis\/(\w+)\/start$/, ([id]) => redis.startRedis(id!)],
    ["GET", /^\/redis\/(\w+)\/stats$/, ([id]) => redis.stats(id!)],
    ["POST", /^\/redis\/(\w+)\/fault$/, ([id], body) => redis.fault(id!, body)],
    ["DELETE", /^\/redis\/(\w+)$/, ([id]) => redis.remove(id!)],
    ...origins.routes(),
    ...proxies.routes(),
    ...jwks.routes(),
  ];

  const server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? "/", "http://control").pathname;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    for (const [method, pattern, handler] of routes) {
      const m = pattern.exec(path);
      if (!m || method !== req.method) continue;
      try {
        const result = await handler(m.slice(1), text ? JSON.parse(text) : undefined);
        return send(res, 200, result ?? { ok: true });
      } catch (error) {
        return send(res, 500, { error: (error as Error).message });
      }
    }
    send(res, 404, { error: `no control route ${req.method} ${path}` });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    redis,
    origins,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([redis.removeAll(), origins.removeAll(), proxies.removeAll(), jwks.removeAll()]);
    },
  };
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
