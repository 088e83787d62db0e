// The Upstash-REST bridge in a process of its own (child-service.ts says why), in front of
// `redisUrl`, on a free port.
import { type ChildService, forkService, repoModule } from "./child-service.ts";

export function startBridgeProcess(redisUrl: string, token: string, commandTimeoutMs?: number): Promise<ChildService> {
  const args = ["--port", "0", "--redis-url", redisUrl, "--token", token];
  if (commandTimeoutMs !== undefined) args.push("--command-timeout-ms", String(commandTimeoutMs));
  return forkService(repoModule("local/redis-rest/main.ts"), args);
}
