// Identity providers' key sets for the Worker tests (docs/security.md §Identity): each is a real
// HTTP server on a free port serving `{ keys }` at its URL, whose keys a test replaces (key
// rotation), whose answers it can turn into 503s (the endpoint down), and which counts requests.
//   POST   /jwks              { keys } → { id, url }
//   PUT    /jwks/:id          { keys }           replace the published keys
//   POST   /jwks/:id/down     { down: boolean }  answer 503 while down
//   GET    /jwks/:id/stats    → { requests }
//   DELETE /jwks/:id
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

interface JwksServer {
  server: Server;
  url: string;
  keys: unknown[];
  down: boolean;
  requests: number;
}

type Handler = (params: string[], body: unknown) => Promise<unknown>;

export class JwksServers {
  private readonly servers = new Map<string, JwksServer>();
  private next = 0;

  async create(body: unknown): Promise<{ id: string; url: string }> {
    const state = { keys: keysOf(body), down: false, requests: 0 } as JwksServer;
    state.server = createServer((_req, res) => {
      state.requests++;
      if (state.down) {
        res.writeHead(503, { "content-type": "text/plain" });
        res.end("down");
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ keys: state.keys }));
    });
    await new Promise<void>((resolve) => state.server.listen(0, "127.0.0.1", resolve));
    state.url = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}/.well-known/jwks.json`;
    const id = `j${++this.next}`;
    this.servers.set(id, state);
    return { id, url: state.url };
  }

  private get(id: string): JwksServer {
    const state = this.servers.get(id);
    if (!state) throw new Error(`no JWKS server ${id}`);
    return state;
  }

  async remove(id: string): Promise<void> {
    const state = this.servers.get(id);
    if (!state) return;
    this.servers.delete(id);
    state.server.closeAllConnections();
    await new Promise<void>((resolve) => state.server.close(() => resolve()));
  }

  async removeAll(): Promise<void> {
    await Promise.allSettled([...this.servers.keys()].map((id) => this.remove(id)));
  }

  routes(): Array<[string, RegExp, Handler]> {
    return [
      ["POST", /^\/jwks$/, (_p, body) => this.create(body)],
      [
        "PUT",
        /^\/jwks\/(\w+)$/,
        async ([id], body) => {
          this.get(id!).keys = keysOf(body);
        },
      ],
      [
        "POST",
        /^\/jwks\/(\w+)\/down$/,
        async ([id], body) => {
          this.get(id!).down = (body as { down?: boolean })?.down !== false;
        },
      ],
      ["GET", /^\/jwks\/(\w+)\/stats$/, async ([id]) => ({ requests: this.get(id!).requests })],
      ["DELETE", /^\/jwks\/(\w+)$/, ([id]) => this.remove(id!)],
    ];
  }
}

function keysOf(body: unknown): unknown[] {
  const keys = (body as { keys?: unknown })?.keys;
  if (!Array.isArray(keys)) throw new Error("body must be { keys: [...] }");
  return keys;
}
