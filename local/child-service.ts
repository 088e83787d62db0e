// Runs a local service (the reference origin, the Upstash-REST bridge) in a Node process of its
// own, as it runs in a deployment: on its own event loop. In one process, the origin's
// synchronous SQLite work (100–300 ms for a risk view on a busy machine) stalled every Redis
// answer of a bridge sharing that loop past the edge's Redis deadline, and the edge's breaker
// opened on a healthy Redis. The child reports `{ ready, url, port }` over IPC once it listens,
// takes control messages (for example `{ latencyMs }`), and stops on SIGTERM.
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface ChildService {
  url: string;
  port: number;
  pid: number;
  /** A control message for the child (what it accepts is up to its entry point). */
  send(message: object): void;
  /** SIGTERM, then SIGKILL if it has not exited within 5 s; resolves once it exited. */
  close(): Promise<void>;
}

/**
 * The child's side, in a service's entry point: when started by forkService, say where it
 * listens, take control messages, and stop when the parent goes away (killed or crashed, its IPC
 * channel closes), so that no service outlives the run that started it.
 */
export function serveAsChild(
  where: { url: string; port: number },
  stop: () => Promise<void>,
  onMessage?: (message: object) => void,
): void {
  if (!process.send) return;
  process.send({ ready: true, ...where });
  if (onMessage) process.on("message", onMessage);
  process.once("disconnect", () => {
    stop().finally(() => process.exit(0));
  });
}

/** Path of a module of this repo, for fork(). */
export function repoModule(relative: string): string {
  return fileURLToPath(new URL(`../${relative}`, import.meta.url));
}

export async function forkService(
  modulePath: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<ChildService> {
  const child = fork(modulePath, args, {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const ready = await new Promise<{ url: string; port: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${modulePath} did not start within 30 s:\n${output}`)), 30_000);
    child.on("message", (message: { ready?: boolean; url?: string; port?: number }) => {
      if (message?.ready) {
        clearTimeout(timer);
        resolve({ url: message.url!, port: message.port! });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${modulePath} exited with ${code} before it was ready:\n${output}`));
    });
  });
  return { ...ready, pid: child.pid!, send: (message) => child.send(message), close: () => stop(child) };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
