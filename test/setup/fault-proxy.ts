// A small HTTP fault proxy placed in front of an origin stack, for the edge's reliability tests.
// It forwards requests verbatim and records what reached the origin (method, path and query, the
// identity headers), and on demand misbehaves for requests that match a method and path filter
// (modes: test/support/proxy-fault.ts). `remaining` bounds how many matching requests get the
// fault (then it reverts to pass), so a test can fail exactly one write.

import { randomBytes } from "node:crypto";
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { PROXY_MODES, type ProxiedRequest, type ProxyFault, type ProxyMode } from "../support/proxy-fault.ts";

export interface RunningProxy {
  url: string;
  setFault(fault: ProxyFault): void;
  log(): ProxiedRequest[];
  close(): Promise<void>;
}

export function parseProxyFault(raw: unknown): ProxyFault {
  const body = (raw ?? {}) as Partial<ProxyFault>;
  const mode = body.mode ?? "pass";
  if (!PROXY_MODES.includes(mode)) throw new Error(`proxy mode must be one of ${PROXY_MODES.join(", ")}`);
  return {
    mode,
    ...(body.method ? { method: String(body.method).toUpperCase() } : {}),
    ...(body.pathIncludes ? { pathIncludes: String(body.pathIncludes) } : {}),
    ...(typeof body.remaining === "number" ? { remaining: body.remaining } : {}),
  };
}

export async function startFaultProxy(targetUrl: string): Promise<RunningProxy> {
  const target = new URL(targetUrl);
  let fault: ProxyFault = { mode: "pass" };
  const seen: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();

  function faultFor(req: IncomingMessage): ProxyMode {
    if (fault.mode === "pass") return "pass";
    if (fault.method && fault.method !== req.method) return "pass";
    if (fault.pathIncludes && !(req.url ?? "").includes(fault.pathIncludes)) return "pass";
    if (fault.remaining !== undefined) {
      if (fault.remaining <= 0) return "pass";
      fault.remaining--;
    }
    return fault.mode;
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const mode = faultFor(req);
    seen.push({
      method: req.method ?? "",
      url: req.url ?? "",
      pmsUser: header(req, "pms-user"),
      pmsRole: header(req, "pms-role"),
      body: body.toString("utf8"),
      outcome: mode,
    });
    if (mode === "hang") return; // never answered; the socket closes when the caller gives up
    if (mode === "drop-before") return req.socket.destroy();
    if (mode === "error500") {
      res.writeHead(500, { "content-type": "application/problem+json" });
      return res.end(
        JSON.stringify({ type: "about:blank", title: "Internal Server Error", status: 500, detail: "injected" }),
      );
    }
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      (answer) => {
        if (mode === "drop-after") {
          // Let the origin finish (it committed before answering), then cut the caller off.
          answer.resume();
          answer.on("end", () => req.socket.destroy());
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => req.socket.destroy());
    // A caller that gave up (its deadline passed) does not keep the origin connection busy.
    if (mode === "pass") res.on("close", () => res.writableFinished || upstream.destroy());
    upstream.end(body);
  }

  const server = createServer((req, res) => void handle(req, res));
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setFault(next) {
      fault = next;
    },
    log: () => [...seen],
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return value === undefined ? null : Array.isArray(value) ? value.join(",") : value;
}

type Handler = (params: string[], body: unknown) => Promise<unknown>;

/**
 * The control-plane routes of the proxies:
 *   POST   /proxies             body {target}   → {id, url}   a proxy in front of `target`
 *   POST   /proxies/:id/fault   body ProxyFault (`{}` resets to pass)
 *   GET    /proxies/:id/log     → ProxiedRequest[]  every request that reached the proxy
 *   DELETE /proxies/:id
 */
export class FaultProxies {
  private readonly proxies = new Map<string, RunningProxy>();

  routes(): Array<[string, RegExp, Handler]> {
    return [
      [
        "POST",
        /^\/proxies$/,
        (_p, body) => this.create(String((body as { target?: string } | undefined)?.target ?? "")),
      ],
      ["POST", /^\/proxies\/(\w+)\/fault$/, async ([id], body) => this.get(id!).setFault(parseProxyFault(body))],
      ["GET", /^\/proxies\/(\w+)\/log$/, async ([id]) => this.get(id!).log()],
      ["DELETE", /^\/proxies\/(\w+)$/, ([id]) => this.remove(id!)],
    ];
  }

  async create(target: string): Promise<{ id: string; url: string }> {
    if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(target)) throw new Error("target must be a local origin URL");
    const proxy = await startFaultProxy(target);
    const id = randomBytes(6).toString("hex");
    this.proxies.set(id, proxy);
    return { id, url: proxy.url };
  }

  async remove(id: string) {
    const proxy = this.get(id);
    this.proxies.delete(id);
    await proxy.close();
  }

  async removeAll() {
    await Promise.allSettled([...this.proxies.keys()].map((id) => this.remove(id)));
  }

  private get(id: string): RunningProxy {
    const proxy = this.proxies.get(id);
    if (!proxy) throw new Error(`no proxy ${id}`);
    return proxy;
  }
}
