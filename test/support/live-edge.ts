// An edge fetch that returns as soon as the edge answers, as a real client would see it, while
// the request's background work (waitUntil: invalidation retries, revalidations) goes on.
// `edge().fetch` in stack.ts awaits that work before returning, which is right for
// deterministic single-request tests but would delay every acknowledgement in a concurrent run.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import type { CheckFetch } from "../../local/consistency/consistency.ts";
import { createApp } from "../../src/app.ts";
import type { Role } from "../../src/contract/roles.ts";
import { type TestEnv, token } from "./stack.ts";

export interface LiveEdge {
  fetch: CheckFetch;
  /** Waits for every request's background work started so far. */
  settle(): Promise<void>;
}

export function liveEdge(env: TestEnv): LiveEdge {
  const app = createApp();
  const tokens = new Map<Role, Promise<string>>();
  const background: Promise<unknown>[] = [];
  return {
    async fetch(path, init) {
      let bearer = tokens.get(init.role);
      if (!bearer) tokens.set(init.role, (bearer = token(init.role)));
      const headers = new Headers({ Authorization: `Bearer ${await bearer}` });
      if (init.body !== undefined) headers.set("Content-Type", "application/json");
      const ctx = createExecutionContext();
      const request = new Request(`http://edge.test${path}`, {
        method: init.method ?? "GET",
        headers,
        body: init.body ?? null,
      });
      const res = await app.fetch(request, env, ctx);
      background.push(waitOnExecutionContext(ctx));
      return res;
    },
    async settle() {
      await Promise.allSettled(background);
    },
  };
}
