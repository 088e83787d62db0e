// Counters behind GET /__bridge/stats, so tests and benchmarks can see how many REST round
// trips the edge really made (auto-pipelining folds many commands into one request).

export const REST_PATHS = ["/", "/pipeline", "/multi-exec"] as const;
export type RestPath = (typeof REST_PATHS)[number];

export interface StatsSnapshot {
  requests: Record<RestPath, number>;
  /** Commands that reached the bridge in request bodies (pipeline entries counted one by one). */
  commands: number;
  /** Error objects answered on REST paths: whole-request errors and per-entry errors. */
  errors: number;
  startedAt: string;
}

export class BridgeStats {
  #requests = zeroRequests();
  #commands = 0;
  #errors = 0;
  #startedAt = new Date();

  request(path: RestPath): void {
    this.#requests[path] += 1;
  }
  commands(n: number): void {
    this.#commands += n;
  }
  errors(n: number): void {
    this.#errors += n;
  }

  reset(): void {
    this.#requests = zeroRequests();
    this.#commands = 0;
    this.#errors = 0;
    this.#startedAt = new Date();
  }

  snapshot(): StatsSnapshot {
    return {
      requests: { ...this.#requests },
      commands: this.#commands,
      errors: this.#errors,
      startedAt: this.#startedAt.toISOString(),
    };
  }
}

function zeroRequests(): Record<RestPath, number> {
  return { "/": 0, "/pipeline": 0, "/multi-exec": 0 };
}
