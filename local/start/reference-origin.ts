// Loads the reference origin (origin/server.ts) in-process. The import is dynamic so that the
// launcher reports a clear error instead of a stack trace when the origin is not there.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

export interface OriginOptions {
  port?: number;
  dbPath: string;
  token: string;
  latencyMs?: number;
  reseed?: boolean;
  fund?: string;
}

export interface RunningOrigin {
  url: string;
  port: number;
  close(): Promise<void>;
}

interface OriginModule {
  startOrigin(options: OriginOptions): Promise<RunningOrigin>;
}

export async function startReferenceOrigin(options: OriginOptions): Promise<RunningOrigin> {
  const file = resolve("origin/server.ts");
  if (!existsSync(file)) throw new Error(`the reference origin is missing (${file})`);
  const mod = (await import(pathToFileURL(file).href)) as Partial<OriginModule>;
  if (typeof mod.startOrigin !== "function") throw new Error(`${file} does not export startOrigin()`);
  return mod.startOrigin(options);
}
