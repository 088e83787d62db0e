// Runs the Worker under `wrangler dev` as a child in its own process group, so stopping the
// stack kills wrangler and the workerd it spawns together (no orphans holding the port).
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { sleep } from "../../src/lib/sleep.ts";

export interface WranglerDevOptions {
  port: number;
  inspectorPort: number;
  persistDir: string;
  /** Vars and secrets, passed as `--var KEY:VALUE` (secrets too: this is the local stack). */
  vars: Record<string, string>;
  /** Where wrangler's output goes after startup (before that it is buffered for errors). */
  onOutput?: (line: string) => void;
}

export interface RunningWrangler {
  url: string;
  child: ChildProcess;
  /** Output captured so far (tail), for error messages. */
  output(): string;
  exited(): boolean;
  /** Stop forwarding into the buffer and send new lines to onOutput. */
  goLive(): void;
  stop(): Promise<void>;
  /** Last-resort synchronous kill, for process 'exit'. */
  killNow(): void;
}

export function wranglerArgs(
  opts: Pick<WranglerDevOptions, "port" | "inspectorPort" | "persistDir" | "vars">,
): string[] {
  const args = [
    "dev",
    "--port",
    String(opts.port),
    "--ip",
    "127.0.0.1",
    "--inspector-port",
    String(opts.inspectorPort),
    "--show-interactive-dev-session=false",
    "--persist-to",
    opts.persistDir,
  ];
  for (const [key, value] of Object.entries(opts.vars)) args.push("--var", `${key}:${value}`);
  return args;
}

export function startWranglerDev(opts: WranglerDevOptions): RunningWrangler {
  mkdirSync(opts.persistDir, { recursive: true });
  const bin = resolve("node_modules/.bin/wrangler");
  const child = spawn(bin, wranglerArgs(opts), {
    detached: true, // own process group: see stop()
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", FORCE_COLOR: "0" },
  });
  let live = false;
  let buffer = "";
  const onChunk = (chunk: Buffer) => {
    const text = String(chunk);
    if (live && opts.onOutput) {
      for (const line of text.split("\n")) if (line.trim()) opts.onOutput(line);
    } else {
      buffer = (buffer + text).slice(-20_000);
    }
  };
  child.stdout?.on("data", onChunk);
  child.stderr?.on("data", onChunk);
  const exited = new Promise<void>((done) => child.once("exit", () => done()));

  const signalGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // the group is already gone
    }
  };

  return {
    url: `http://127.0.0.1:${opts.port}`,
    child,
    output: () => buffer,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    goLive() {
      live = true;
    },
    async stop() {
      signalGroup("SIGTERM");
      const timer = setTimeout(() => signalGroup("SIGKILL"), 5000);
      if (child.exitCode === null && child.signalCode === null) await exited;
      clearTimeout(timer);
      // wrangler may exit before workerd: sweep whatever is left in its group.
      signalGroup("SIGKILL");
    },
    killNow() {
      signalGroup("SIGKILL");
    },
  };
}

/** Polls GET {url}/health until it answers 200; throws with the last status seen. */
export async function waitForHealth(url: string, timeoutMs: number, gaveUp: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (gaveUp()) throw new Error("wrangler dev exited");
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(3000) });
      const text = await res.text();
      if (res.status === 200) return;
      last = `${res.status} ${text.slice(0, 300)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(250);
  }
  throw new Error(`${url}/health did not answer 200 within ${timeoutMs / 1000} s (last: ${last})`);
}
