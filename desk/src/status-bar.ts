// The status bar: the edge's /health (Redis and origin reachability and latency), who is signed
// in, and the highest data version this tab has seen. /health needs no token.
import type { DeskApi } from "./api.ts";
import { h, replace } from "./dom.ts";
import type { Session } from "./session.ts";

interface Health {
  status: string;
  redis: { ok: boolean; latency_ms: number; error?: string };
  origin: { ok: boolean; latency_ms: number; error?: string };
}

const HEALTH_POLL_MS = 30_000;

export function statusBar(api: DeskApi, s: Session): HTMLElement {
  const health = h("span", { "data-field": "health" }, "edge …");
  const version = h("span", { "data-field": "max-version" });
  const bar = h("footer", { class: "status" }, health, version, h("span", {}, `${s.sub} · ${s.role}`));
  const part = (name: string, p: Health["redis"]) =>
    h("span", { class: p.ok ? "ok" : "down" }, `${name} ${p.ok ? `${p.latency_ms} ms` : (p.error ?? "down")}`);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const poll = async () => {
    clearTimeout(timer);
    try {
      const res = await fetch("/health", { cache: "no-store" });
      const body = (await res.json()) as Health;
      health.dataset.status = body.status;
      replace(
        health,
        h("strong", { class: body.status === "ok" ? "ok" : "down" }, `edge ${body.status}`),
        part("redis", body.redis),
        part("origin", body.origin),
      );
    } catch {
      health.dataset.status = "unreachable";
      replace(health, h("strong", { class: "down" }, "edge unreachable"));
    }
    clearTimeout(timer);
    if (document.visibilityState !== "hidden") timer = setTimeout(poll, HEALTH_POLL_MS);
  };
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") void poll();
  });
  api.onVersion((v) => (version.textContent = `data v${v}`));
  void poll();
  return bar;
}
