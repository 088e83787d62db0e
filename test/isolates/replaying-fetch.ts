// A deliberately broken edge for the negative control: it answers every GET of one path with the
// first 2xx answer it got for it, as an isolate stuck on an old cache entry would. The checker
// must flag it; if it did not, a clean run would prove nothing.
import type { CheckFetch } from "../../local/consistency/consistency.ts";

export function replayingFetch(inner: CheckFetch, path: string): CheckFetch {
  let kept: { body: string; status: number; headers: Headers } | undefined;
  return async (p, init) => {
    if (p !== path || (init.method ?? "GET") !== "GET") return inner(p, init);
    if (!kept) {
      const res = await inner(p, init);
      if (res.status < 200 || res.status >= 300) return res;
      kept = { body: await res.text(), status: res.status, headers: res.headers };
    }
    return new Response(kept.body, { status: kept.status, headers: kept.headers });
  };
}
