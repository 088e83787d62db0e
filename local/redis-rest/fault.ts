// Fault injection for reliability tests of the edge (POST /__bridge/fault): the bridge can be
// made slow, answer garbage, or answer 503, without touching redis-server.

export type FaultMode = "ok" | "garbage" | "error";

export interface FaultState {
  delayMs: number;
  mode: FaultMode;
}

/** Parses a fault request body; `{}` resets to a healthy bridge. */
export function parseFault(raw: unknown): FaultState | { error: string } {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { error: "ERR fault must be a JSON object" };
  }
  const { delayMs = 0, mode = "ok" } = raw as Record<string, unknown>;
  if (typeof delayMs !== "number" || !Number.isFinite(delayMs) || delayMs < 0) {
    return { error: "ERR delayMs must be a non-negative number" };
  }
  if (mode !== "ok" && mode !== "garbage" && mode !== "error") {
    return { error: 'ERR mode must be "ok", "garbage" or "error"' };
  }
  return { delayMs, mode };
}
