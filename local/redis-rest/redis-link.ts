// The bridge's one connection to redis-server, speaking RESP2 and returning raw replies.
//
// Why these settings:
// - RESP2 (not 3): RESP3 maps (HGETALL …) would become JSON objects, which the client's base64
//   decoder turns into null (docs/upstash-rest.md §Responses).
// - typeMapping: strings stay Buffers (exact bytes for base64), integers become decimal strings
//   (exact beyond 2^53). See encode.ts.
// - disableOfflineQueue: while Redis is down, node-redis would otherwise queue commands until it
//   reconnects, and the HTTP caller would hang (the client has no default timeout).
// - our own deadline per request: node-redis's `timeout` option only covers commands not yet
//   written; a stalled redis-server never answers the written ones.
import { createClient, ErrorReply, RESP_TYPES } from "redis";
import type { Command } from "./commands.ts";
import type { RedisReply } from "./encode.ts";

const TYPE_MAPPING = {
  [RESP_TYPES.BLOB_STRING]: Buffer,
  [RESP_TYPES.SIMPLE_STRING]: Buffer,
  [RESP_TYPES.NUMBER]: String,
} as const;

/** Redis could not be reached or did not answer in time: the request gets a 5xx, not a hang. */
export class RedisUnavailableError extends Error {
  constructor(
    message: string,
    readonly status: 503 | 504,
  ) {
    super(message);
  }
}

/** One entry of a pipeline or transaction: a reply or the Redis error text. */
export type EntryOutcome = { reply: RedisReply } | { error: string };

export type TransactionOutcome = { entries: EntryOutcome[] } | { discarded: string };

export interface RedisLink {
  run(args: Command): Promise<RedisReply>;
  pipeline(commands: Command[]): Promise<EntryOutcome[]>;
  /** MULTI … EXEC as one contiguous, atomic batch. */
  transaction(commands: Command[]): Promise<TransactionOutcome>;
  close(): Promise<void>;
}

export async function openRedisLink(url: string, timeoutMs: number): Promise<RedisLink> {
  const client = createClient({
    url,
    RESP: 2,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: timeoutMs,
      // Keep trying forever, quickly: a redis-server restarted on the same port is picked up
      // within half a second.
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 500),
    },
  });
  // Without a listener node-redis' reconnect errors would crash the process; the per-request
  // errors already tell callers what happened.
  client.on("error", () => {});
  // A bridge that starts before Redis is still useful: it answers 503 until Redis appears.
  await withDeadline(client.connect(), timeoutMs).catch(() => {});

  const send = (args: Command, chainId?: symbol) =>
    client.sendCommand(args, { typeMapping: TYPE_MAPPING, chainId }) as Promise<RedisReply>;

  return {
    async run(args) {
      try {
        return await withDeadline(send(args), timeoutMs);
      } catch (error) {
        throw asBridgeError(error);
      }
    },

    async pipeline(commands) {
      // All sendCommand calls happen in one tick, so node-redis writes them as one batch.
      const settled = await withDeadline(Promise.allSettled(commands.map((args) => send(args))), timeoutMs).catch(
        (error) => {
          throw asBridgeError(error);
        },
      );
      return settled.map(outcome);
    },

    async transaction(commands) {
      // MULTI, the commands and EXEC are queued synchronously and share a chain id, so nothing
      // from concurrent requests can land between them on the shared connection, and a socket
      // failure mid-chain flushes the whole chain (commands-queue.js `flushWaitingForReply`).
      const chain = Symbol("multi-exec");
      const promises = [["MULTI"], ...commands, ["EXEC"]].map((args) => send(args, chain));
      const settled = await withDeadline(Promise.allSettled(promises), timeoutMs).catch((error) => {
        throw asBridgeError(error);
      });
      const exec = settled[settled.length - 1]!;
      if (exec.status === "rejected") {
        // EXECABORT: a command was refused while queueing; its own error says why.
        const queued = settled.slice(1, -1).find((s) => s.status === "rejected");
        const reason = (queued ?? exec) as PromiseRejectedResult;
        throw asBridgeError(reason.reason);
      }
      if (!Array.isArray(exec.value)) return { discarded: "EXECABORT Transaction discarded" };
      return {
        entries: exec.value.map((reply) => (reply instanceof ErrorReply ? { error: reply.message } : { reply })),
      };
    },

    async close() {
      // close() waits for pending replies, which a stalled redis-server never sends.
      if (client.isReady) await withDeadline(client.close(), timeoutMs).catch(() => client.destroy());
      else if (client.isOpen) client.destroy();
    },
  };
}

function outcome(settled: PromiseSettledResult<RedisReply>): EntryOutcome {
  if (settled.status === "fulfilled") return { reply: settled.value };
  const error = asBridgeError(settled.reason);
  if (error instanceof RedisUnavailableError) throw error; // Redis itself is gone: whole request fails
  return { error: error.message };
}

/** Redis error replies pass through verbatim (e.g. NOSCRIPT); everything else means Redis is unavailable. */
function asBridgeError(error: unknown): Error {
  if (error instanceof ErrorReply || error instanceof RedisUnavailableError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new RedisUnavailableError(`ERR redis unavailable: ${message}`, 503);
}

function withDeadline<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new RedisUnavailableError(`ERR redis did not answer within ${timeoutMs} ms`, 504)),
      timeoutMs,
    );
  });
  promise.catch(() => {}); // a late rejection after the deadline must not become unhandled
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
