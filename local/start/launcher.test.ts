// End-to-end test of `npm start`: the launcher brings the stack up on free ports, the edge
// answers /health, and SIGTERM leaves nothing listening.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { sleep } from "../../src/lib/sleep.ts";
import { distinctFreePorts, portInUse } from "../free-port.ts";
import { portArgs } from "./args.ts";

const TSX = "node_modules/.bin/tsx";
const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function launch(args: string[]) {
  const child = spawn(TSX, ["local/start.ts", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (c) => (out += String(c)));
  child.stderr.on("data", (c) => (out += String(c)));
  const exit = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  cleanups.push(() => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });
  const waitFor = async (text: string, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!out.includes(text)) {
      if (child.exitCode !== null) throw new Error(`launcher exited ${child.exitCode}:\n${out}`);
      if (Date.now() > deadline) throw new Error(`no "${text}" within ${timeoutMs} ms:\n${out}`);
      await sleep(100);
    }
  };
  return { child, exit, waitFor, output: () => out };
}

describe("npm start", () => {
  it("refuses a port that is taken, naming the flag, and starts nothing", async () => {
    const [edge, origin, bridge, redis] = await distinctFreePorts(4);
    const { createServer } = await import("node:net");
    const blocker = createServer().listen(bridge, "127.0.0.1");
    await new Promise((r) => blocker.once("listening", r));
    cleanups.push(() => blocker.close());
    const run = launch(portArgs({ edge: edge!, origin: origin!, bridge: bridge!, redis: redis! }));
    expect(await run.exit).toBe(1);
    expect(run.output()).toContain(`port ${bridge} (--bridge-port) is already in use`);
    expect(await portInUse(redis!)).toBe(false);
  });

  it("brings the stack up, prints a token the edge accepts, and stops it all on SIGTERM", async () => {
    const ports = await distinctFreePorts(4);
    const [edge, origin, bridge, redis] = ports;
    const dir = mkdtempSync(join(tmpdir(), "pms-start-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const run = launch([
      ...portArgs({ edge: edge!, origin: origin!, bridge: bridge!, redis: redis! }),
      "--db",
      join(dir, "pms.sqlite"),
      "--dev-vars",
      join(dir, ".dev.vars"),
    ]);
    await run.waitFor("Ctrl-C stops everything.", 150_000);
    // What `npm run dev` will read: this stack's bridge and origin.
    const devVars = readFileSync(join(dir, ".dev.vars"), "utf8");
    expect(devVars).toContain(`UPSTASH_REDIS_REST_URL=http://127.0.0.1:${bridge}\n`);
    expect(devVars).toContain(`ORIGIN_URL=http://127.0.0.1:${origin}\n`);

    const health = await fetch(`http://127.0.0.1:${edge}/health`);
    expect(health.status).toBe(200);
    const token = /development token[^\n]*\n(\S+)/.exec(run.output())?.[1];
    expect(token).toBeDefined();
    expect(run.output()).toContain(
      `curl -si -H "Authorization: Bearer ${token}" http://127.0.0.1:${edge}/api/v1/pms/book`,
    );
    const book = await fetch(`http://127.0.0.1:${edge}/api/v1/pms/book`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(book.status, "the printed token must be signed with the JWT_SECRET given to the Worker").not.toBe(401);
    for (const port of ports) expect(await portInUse(port!)).toBe(true);

    run.child.kill("SIGTERM");
    expect(await run.exit).toBe(0);
    // No orphans: wrangler/workerd, the bridge, the origin and redis-server all let go of their ports.
    for (const port of ports) expect(await portInUse(port!), `port ${port}`).toBe(false);
  }, 200_000);
});
