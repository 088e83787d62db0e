// Makes sure redis-server is installed before the stack starts: installs it on the spot when the
// launcher runs as root (containers, CI), otherwise says exactly what to run.
import { spawnSync } from "node:child_process";
import { redisServerInstalled } from "../redis-server.ts";

export const REDIS_INSTALL_COMMAND = "apt-get update && apt-get install -y redis-server";

export type RedisInstallOutcome = "present" | "installed" | { error: string };

export function ensureRedisServer(log: (line: string) => void): RedisInstallOutcome {
  if (redisServerInstalled()) return "present";
  const root = process.getuid?.() === 0;
  if (!root) {
    return {
      error:
        "redis-server is not installed and this is not root, so it cannot be installed here.\n" +
        `Install it with: sudo sh -c '${REDIS_INSTALL_COMMAND}'\nthen run npm start again.`,
    };
  }
  log(`redis-server is missing; installing it: ${REDIS_INSTALL_COMMAND}`);
  const result = spawnSync("sh", ["-c", REDIS_INSTALL_COMMAND], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (result.status !== 0 || !redisServerInstalled()) {
    return {
      error: `installing redis-server failed (exit ${result.status}); run it yourself: ${REDIS_INSTALL_COMMAND}`,
    };
  }
  return "installed";
}
