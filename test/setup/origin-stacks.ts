// Reference origins for tests, each with its own SQLite file copied from one seeded template
// (seeding once per run keeps per-test origins cheap), each on its own free port and in its own
// process (local/child-service.ts says why).
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ChildService, forkService, repoModule } from "../../local/child-service.ts";
import { startOrigin } from "../../origin/server.ts";

type Running = ChildService;
type Handler = (params: string[], body: unknown) => Promise<unknown>;

interface Stack {
  origin: Running | null;
  port: number;
  dbPath: string;
  latencyMs: number;
}

export class OriginStacks {
  readonly token = randomBytes(16).toString("hex");
  private readonly dir = mkdtempSync(join(tmpdir(), "pms-origins-"));
  private readonly stacks = new Map<string, Stack>();
  private template: Promise<string> | null = null;

  routes(): Array<[string, RegExp, Handler]> {
    return [
      ["POST", /^\/origins$/, (_p, body) => this.create((body as { latencyMs?: number } | undefined)?.latencyMs ?? 0)],
      ["POST", /^\/origins\/(\w+)\/stop$/, ([id]) => this.stop(id!)],
      ["POST", /^\/origins\/(\w+)\/start$/, ([id]) => this.start(id!)],
      [
        "POST",
        /^\/origins\/(\w+)\/latency$/,
        ([id], body) => this.setLatency(id!, Number((body as { ms?: number })?.ms ?? 0)),
      ],
      ["DELETE", /^\/origins\/(\w+)$/, ([id]) => this.remove(id!)],
    ];
  }

  async create(latencyMs = 0): Promise<{ id: string; url: string; token: string }> {
    const template = await this.seededTemplate();
    const id = randomBytes(6).toString("hex");
    const dbPath = join(this.dir, `${id}.sqlite`);
    copyFileSync(template, dbPath);
    const origin = await this.spawn(0, dbPath, latencyMs);
    this.stacks.set(id, { origin, port: origin.port, dbPath, latencyMs });
    return { id, url: origin.url, token: this.token };
  }

  async stop(id: string) {
    const stack = this.get(id);
    await stack.origin?.close();
    stack.origin = null;
  }

  async start(id: string) {
    const stack = this.get(id);
    if (!stack.origin) {
      stack.origin = await this.spawn(stack.port, stack.dbPath, stack.latencyMs);
    }
  }

  async setLatency(id: string, ms: number) {
    const stack = this.get(id);
    stack.latencyMs = ms;
    stack.origin?.send({ latencyMs: ms });
  }

  async remove(id: string) {
    const stack = this.get(id);
    this.stacks.delete(id);
    await stack.origin?.close();
  }

  async removeAll() {
    await Promise.allSettled([...this.stacks.keys()].map((id) => this.remove(id)));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private spawn(port: number, dbPath: string, latencyMs: number): Promise<ChildService> {
    const args = ["--port", String(port), "--db", dbPath, "--latency-ms", String(latencyMs)];
    return forkService(repoModule("origin/main.ts"), args, { ORIGIN_TOKEN: this.token });
  }

  /** Seeds the demo fund once; closing the origin checkpoints the WAL so the file is whole. */
  private seededTemplate(): Promise<string> {
    this.template ??= (async () => {
      const dbPath = join(this.dir, "template.sqlite");
      const origin = await startOrigin({ dbPath, token: this.token, reseed: true });
      await origin.close();
      return dbPath;
    })();
    return this.template;
  }

  private get(id: string): Stack {
    const stack = this.stacks.get(id);
    if (!stack) throw new Error(`no origin stack ${id}`);
    return stack;
  }
}
