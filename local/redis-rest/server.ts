// The Upstash-REST bridge: a node:http server in front of a real redis-server that speaks the
// protocol @upstash/redis 1.39 expects (docs/upstash-rest.md), so the client
// runs unmodified in development and tests.
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { sleep } from "../../src/lib/sleep.ts";
import { type Command, parseBatch, parseCommand } from "./commands.ts";
import { errorJson, resultJson } from "./encode.ts";
import { type FaultState, parseFault } from "./fault.ts";
import { openRedisLink, RedisUnavailableError } from "./redis-link.ts";
import { BridgeStats, type RestPath } from "./stats.ts";

export interface BridgeOptions {
  /** 0 or undefined: a free port chosen by the kernel. */
  port?: number;
  host?: string;
  redisUrl: string;
  token: string;
  /** Larger bodies get 413 (default 1 MiB). */
  maxBodyBytes?: number;
  /** Bound on every Redis round trip; past it the caller gets 504 (default 2000 ms). */
  commandTimeoutMs?: number;
  /** Initial fault-injection delay applied to every REST response. */
  delayMs?: number;
}

export interface RunningBridge {
  url: string;
  port: number;
  close(): Promise<void>;
}

const REST_ROUTES: Record<string, RestPath> = { "/": "/", "/pipeline": "/pipeline", "/multi-exec": "/multi-exec" };
const CONTROL_ROUTES: Record<string, string[]> = {
  "/__bridge/stats": ["GET"],
  "/__bridge/stats/reset": ["POST"],
  "/__bridge/fault": ["GET", "POST"],
};

/** What the bridge answers: a status and a JSON (or, for the garbage fault, non-JSON) body. */
interface Reply {
  status: number;
  body: string;
  errors?: number;
  contentType?: string;
}

export async function startBridge(opts: BridgeOptions): Promise<RunningBridge> {
  if (!opts.token) throw new Error("startBridge: a non-empty token is required");
  const maxBodyBytes = opts.maxBodyBytes ?? 1024 * 1024;
  const link = await openRedisLink(opts.redisUrl, opts.commandTimeoutMs ?? 2000);
  const stats = new BridgeStats();
  const tokenDigest = digest(opts.token);
  let fault: FaultState = { delayMs: opts.delayMs ?? 0, mode: "ok" };
  // Any changing string satisfies read-your-writes clients: they only echo it back.
  let syncSeq = 0;
  const syncPrefix = Date.now().toString(36);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://bridge");
    const restPath = REST_ROUTES[url.pathname];
    const allowed = restPath ? ["POST"] : CONTROL_ROUTES[url.pathname];
    // Always read the whole body before answering: replying early and closing would look like
    // a network failure to the client, which then retries (docs/upstash-rest.md §Requests).
    const body = await readBody(req, maxBodyBytes);
    if (!allowed) return send(res, { status: 404, body: errorJson(`ERR no such endpoint: ${url.pathname}`) });
    if (!allowed.includes(req.method ?? "")) {
      res.setHeader("allow", allowed.join(", "));
      return send(res, { status: 405, body: errorJson(`ERR method ${req.method} not allowed`) });
    }
    const authorized = isAuthorized(req, url, tokenDigest);
    if (!restPath) {
      if (!authorized) return send(res, unauthorized());
      return send(res, control(url.pathname, req.method!, body));
    }

    stats.request(restPath);
    let reply: Reply;
    if (!authorized) reply = unauthorized();
    else if (body === undefined) reply = { status: 413, body: errorJson("ERR max request size exceeded") };
    else if (fault.mode === "error")
      reply = { status: 503, body: errorJson("ERR injected fault: service unavailable") };
    else if (fault.mode === "garbage")
      reply = { status: 200, body: "<html>injected garbage</html>", errors: 0, contentType: "text/html" };
    else {
      const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
      reply = await rest(restPath, body, base64);
    }
    stats.errors(reply.errors ?? (reply.status >= 400 ? 1 : 0));
    if (fault.delayMs > 0) await sleep(fault.delayMs);
    res.setHeader("upstash-sync-token", `${syncPrefix}-${++syncSeq}`);
    send(res, reply);
  }

  async function rest(path: RestPath, body: string, base64: boolean): Promise<Reply> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return { status: 400, body: errorJson("ERR malformed JSON body") };
    }
    try {
      if (path === "/") return await single(parsed, base64);
      return path === "/pipeline" ? await pipeline(parsed, base64) : await multiExec(parsed, base64);
    } catch (error) {
      if (error instanceof RedisUnavailableError) return { status: error.status, body: errorJson(error.message) };
      // Anything else thrown by Redis is an error reply (ErrorReply): pass its text verbatim, so
      // e.g. NOSCRIPT reaches Script.exec and it falls back to EVAL.
      return { status: 400, body: errorJson((error as Error).message) };
    }
  }

  async function single(raw: unknown, base64: boolean): Promise<Reply> {
    const command = parseCommand(raw);
    stats.commands(1);
    if ("error" in command) return { status: 400, body: errorJson(command.error) };
    return { status: 200, body: resultJson(await link.run(command.args), base64) };
  }

  async function pipeline(raw: unknown, base64: boolean): Promise<Reply> {
    const entries = parseBatch(raw);
    if ("error" in entries) return { status: 400, body: errorJson(entries.error) };
    stats.commands(entries.length);
    // Invalid or refused entries get their own error; the valid ones still run, in order.
    const valid = entries.flatMap((e) => ("args" in e ? [e.args] : []));
    const outcomes = valid.length > 0 ? await link.pipeline(valid) : [];
    let next = 0;
    let errors = 0;
    const parts = entries.map((entry) => {
      const result = "args" in entry ? outcomes[next++]! : entry;
      if ("error" in result) {
        errors += 1;
        return errorJson(result.error);
      }
      return resultJson(result.reply, base64);
    });
    return { status: 200, body: `[${parts.join(",")}]`, errors };
  }

  async function multiExec(raw: unknown, base64: boolean): Promise<Reply> {
    const entries = parseBatch(raw);
    if ("error" in entries) return { status: 400, body: errorJson(entries.error) };
    stats.commands(entries.length);
    // A transaction runs all or nothing: one bad entry discards it, with a non-2xx status
    // (with 200 the client would crash on `res.map`).
    const bad = entries.find((e): e is { error: string } => "error" in e);
    if (bad) return { status: 400, body: errorJson(bad.error) };
    const outcome = await link.transaction(entries.map((e) => (e as { args: Command }).args));
    if ("discarded" in outcome) return { status: 400, body: errorJson(outcome.discarded) };
    const errors = outcome.entries.filter((e) => "error" in e).length;
    const parts = outcome.entries.map((e) => ("error" in e ? errorJson(e.error) : resultJson(e.reply, base64)));
    return { status: 200, body: `[${parts.join(",")}]`, errors };
  }

  function control(path: string, method: string, body: string | undefined): Reply {
    if (path === "/__bridge/stats") return { status: 200, body: JSON.stringify(stats.snapshot()) };
    if (path === "/__bridge/stats/reset") {
      stats.reset();
      return { status: 200, body: JSON.stringify(stats.snapshot()) };
    }
    if (method === "GET") return { status: 200, body: JSON.stringify(fault) };
    if (body === undefined) return { status: 413, body: errorJson("ERR max request size exceeded") };
    let parsed: unknown;
    try {
      parsed = body.trim() === "" ? {} : JSON.parse(body);
    } catch {
      return { status: 400, body: errorJson("ERR malformed JSON body") };
    }
    const next = parseFault(parsed);
    if ("error" in next) return { status: 400, body: errorJson(next.error) };
    fault = next;
    return { status: 200, body: JSON.stringify(fault) };
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent || req.destroyed) return; // the caller went away mid-request
      send(res, { status: 500, body: errorJson(`ERR bridge failure: ${(error as Error).message}`) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host ?? "127.0.0.1"}:${port}`,
    port,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections(); // keep-alive sockets would otherwise hold close() open
      await closed;
      await link.close();
    },
  };
}

function unauthorized(): Reply {
  return { status: 401, body: errorJson("WRONGPASS invalid or missing auth token") };
}

/** The body as text, or undefined when it exceeded the limit (the rest is read and dropped). */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > limit ? undefined : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
    // A caller that disconnects mid-body gets no answer, but the handler must not wait forever.
    req.on("close", () => {
      if (!req.complete) reject(new Error("request aborted"));
    });
  });
}

function send(res: ServerResponse, reply: Reply): void {
  res.statusCode = reply.status;
  res.setHeader("content-type", reply.contentType ?? "application/json");
  res.setHeader("content-length", Buffer.byteLength(reply.body));
  res.end(reply.body);
}

/** Bearer token from the header, or `_token` from the query (Upstash documents both). */
function isAuthorized(req: IncomingMessage, url: URL, expected: Buffer): boolean {
  const header = req.headers.authorization ?? "";
  const match = /^Bearer\s+(.*)$/i.exec(header);
  const presented = match?.[1] ?? url.searchParams.get("_token");
  // Comparing digests keeps the comparison constant-time regardless of length.
  return presented !== null && presented !== undefined && timingSafeEqual(digest(presented), expected);
}

function digest(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}
