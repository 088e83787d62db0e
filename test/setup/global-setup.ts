// Global setup of the "workers" test project (runs in Node, once per test run): starts the
// control server, one shared Redis stack (redis-server + bridge) and one shared origin, and
// hands their URLs and secrets to the Worker as bindings (see vitest.config.ts). Everything is
// torn down at the end, also when tests fail.
import type { TestProject } from "vitest/node";
import { REDIS_INSTALL_HINT, redisServerInstalled } from "../../local/redis-server.ts";
import { startControlServer } from "./control-server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    controlUrl: string;
    redisStackId: string;
    upstashUrl: string;
    upstashToken: string;
    originStackId: string;
    originUrl: string;
    originToken: string;
  }
}

export default async function setup(project: TestProject) {
  if (!redisServerInstalled()) throw new Error(REDIS_INSTALL_HINT);
  const control = await startControlServer();
  try {
    const redis = await control.redis.create();
    const origin = await control.origins.create();
    project.provide("controlUrl", control.url);
    project.provide("redisStackId", redis.id);
    project.provide("upstashUrl", redis.restUrl);
    project.provide("upstashToken", redis.token);
    project.provide("originStackId", origin.id);
    project.provide("originUrl", origin.url);
    project.provide("originToken", origin.token);
  } catch (error) {
    await control.close();
    throw error;
  }
  return () => control.close();
}
