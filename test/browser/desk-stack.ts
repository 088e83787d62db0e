// The real local stack for the browser tests: `npm start`'s launcher (local/start.ts) on free
// ports with a private database: redis-server, the bridge, the reference origin and the Worker
// under wrangler dev serving the desk's assets. The launcher prints the desk URL; stopping sends
// SIGTERM to its process group, as Ctrl-C would.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { distinctFreePorts } from "../../local/free-port.ts";
import { portArgs } from "../../local/start/args.ts";
import { sleep } from "../../src/lib/sleep.ts";

export interface DeskStack {
  /** The edge, e.g. http://127.0.0.1:41234. */
  edge: string;
  /** The line npm start prints: the desk signed in as MANAGER. */
  deskUrl: string;
  managerToken: string;
  stop(): Promise<void>;
}

export async function startDeskStack(timeoutMs: number): Promise<DeskStack> {
  const [edge, origin, bridge, redis] = await distinctFreePorts(4);
  const dir = mkdtempSync(join(tmpdir(), "pms-desk-"));
  const child: ChildProcess = spawn(
    "node_modules/.bin/tsx",
    [
      "local/start.ts",
      ...portArgs({ edge: edge!, origin: origin!, bridge: bridge!, redis: redis! }),
      "--db",
      join(dir, "pms.sqlite"),
    ],
    { stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  let out = "";
  child.stdout?.on("data", (c) => (out += String(c)));
  child.stderr?.on("data", (c) => (out += String(c)));
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // already gone
        }
      }, 15_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  let match: RegExpExecArray | null = null;
  while (!(match = /^desk: (http:\/\/127\.0\.0\.1:\d+)\/#token=(\S+)$/m.exec(out))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`npm start printed no desk line (exit ${child.exitCode}):\n${out.slice(-4000)}`);
    }
    await sleep(200);
  }
  return { edge: match[1]!, deskUrl: `${match[1]}/#token=${match[2]}`, managerToken: match[2]!, stop };
}
