// The reference origin as the rig and the bench run it: a seeded SQLite file in a temporary
// folder and the server in a process of its own (child-service.ts), which can be stopped,
// started again on the same port and database, reseeded, and slowed.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startOrigin } from "../origin/server.ts";
import { type ChildService, forkService, repoModule } from "./child-service.ts";

export interface OriginProcess {
  /** Fixed across restarts (same port). */
  url: string;
  port: number;
  token: string;
  running(): boolean;
  stop(): Promise<void>;
  /** Starts it again on the same port and database (no-op when running). */
  start(): Promise<void>;
  /** Stops it, seeds the database afresh and starts it again. */
  reseed(): Promise<void>;
  setLatency(ms: number): void;
  /** Stops it and removes its folder. */
  close(): Promise<void>;
}

export async function startOriginProcess(options: {
  token: string;
  fund?: "demo" | "large";
  latencyMs?: number;
}): Promise<OriginProcess> {
  const dir = mkdtempSync(join(tmpdir(), "pms-origin-"));
  const dbPath = join(dir, "origin.db");
  const fund = options.fund ?? "demo";
  let latencyMs = options.latencyMs ?? 0;
  // Seeding runs here once, in-process, before anything is measured or checked.
  const seed = async () => (await startOrigin({ dbPath, token: options.token, fund, reseed: true })).close();
  const spawn = (port: number) =>
    forkService(
      repoModule("origin/main.ts"),
      // --dev: the rig and the bench run the local stack's token (local/dev-secrets.ts).
      ["--port", String(port), "--db", dbPath, "--fund", fund, "--latency-ms", String(latencyMs), "--dev"],
      {
        ORIGIN_TOKEN: options.token,
      },
    );
  try {
    await seed();
    let child: ChildService | null = await spawn(0);
    const port = child.port;
    // One operation at a time: a start asked while a slow stop is still under way must wait for
    // it, or it would find the old process still there, do nothing, and leave the origin down.
    let queue: Promise<unknown> = Promise.resolve();
    const serial = (op: () => Promise<void>): Promise<void> => {
      const next = queue.then(op, op);
      queue = next.catch(() => undefined);
      return next;
    };
    const stop = async () => {
      await child?.close();
      child = null;
    };
    const start = async () => {
      child ??= await spawn(port);
    };
    const origin: OriginProcess = {
      url: child.url,
      port,
      token: options.token,
      running: () => child !== null,
      stop: () => serial(stop),
      start: () => serial(start),
      reseed: () =>
        serial(async () => {
          await stop();
          await seed();
          await start();
        }),
      setLatency(ms) {
        latencyMs = ms;
        child?.send({ latencyMs: ms });
      },
      close: () =>
        serial(async () => {
          await stop();
          rmSync(dir, { recursive: true, force: true });
        }),
    };
    return origin;
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
