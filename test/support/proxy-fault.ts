// The vocabulary of the fault proxy in front of an origin (test/setup/fault-proxy.ts), shared by
// the Node-side proxy and the Worker tests that drive it through the control plane.

/**
 *   pass        forward normally (default)
 *   error500    answer 500 problem+json WITHOUT forwarding (the origin never sees the request)
 *   hang        accept the request and never answer (the edge's origin timeout must fire)
 *   drop-before destroy the client socket WITHOUT forwarding (nothing committed)
 *   drop-after  forward, let the origin commit and answer, then destroy the client socket
 *               without relaying the answer (committed, but the caller cannot know)
 */
export type ProxyMode = "pass" | "error500" | "hang" | "drop-before" | "drop-after";

export const PROXY_MODES: readonly ProxyMode[] = ["pass", "error500", "hang", "drop-before", "drop-after"];

export interface ProxyFault {
  mode: ProxyMode;
  /** Only requests with this method get the fault (any when absent). */
  method?: string;
  /** Only requests whose path contains this text get the fault (any when absent). */
  pathIncludes?: string;
  /** How many matching requests get the fault before it reverts to pass (unbounded when absent). */
  remaining?: number;
}

export interface ProxiedRequest {
  method: string;
  url: string;
  pmsUser: string | null;
  pmsRole: string | null;
  /** The request body as text (empty when none). */
  body: string;
  /** What happened to it: the fault applied, or "pass". */
  outcome: ProxyMode;
}
