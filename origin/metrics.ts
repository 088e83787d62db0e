// Prometheus text exposition (format 0.0.4) of the origin's request counts and durations by
// route template, method and status, and its current data version. In-process, per app.
import { createMiddleware } from "hono/factory";
import { routePath } from "hono/route";
import type { OriginEnv } from "./app-env.ts";

// Histogram buckets in seconds: the origin answers in ms, a remote-origin simulation in 100s of ms.
const BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

interface Series {
  labels: string;
  count: number;
  sum: number;
  buckets: number[];
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

export class OriginMetrics {
  private readonly series = new Map<string, Series>();

  observe(route: string, method: string, status: number, seconds: number): void {
    const labels = `route="${escapeLabel(route)}",method="${method}",status="${status}"`;
    let s = this.series.get(labels);
    if (!s) {
      s = { labels, count: 0, sum: 0, buckets: BUCKETS.map(() => 0) };
      this.series.set(labels, s);
    }
    s.count++;
    s.sum += seconds;
    BUCKETS.forEach((le, i) => {
      if (seconds <= le) s.buckets[i]!++;
    });
  }

  render(dataVersion: number): string {
    const lines = [
      "# HELP pms_origin_requests_total Requests answered, by route template, method and status.",
      "# TYPE pms_origin_requests_total counter",
    ];
    for (const s of this.series.values()) lines.push(`pms_origin_requests_total{${s.labels}} ${s.count}`);
    lines.push(
      "# HELP pms_origin_request_duration_seconds Time to answer, by route template, method and status.",
      "# TYPE pms_origin_request_duration_seconds histogram",
    );
    for (const s of this.series.values()) {
      BUCKETS.forEach((le, i) => {
        lines.push(`pms_origin_request_duration_seconds_bucket{${s.labels},le="${le}"} ${s.buckets[i]}`);
      });
      lines.push(`pms_origin_request_duration_seconds_bucket{${s.labels},le="+Inf"} ${s.count}`);
      lines.push(`pms_origin_request_duration_seconds_sum{${s.labels}} ${s.sum}`);
      lines.push(`pms_origin_request_duration_seconds_count{${s.labels}} ${s.count}`);
    }
    lines.push(
      "# HELP pms_origin_data_version The committed data version of the origin's database.",
      "# TYPE pms_origin_data_version gauge",
      `pms_origin_data_version ${dataVersion}`,
    );
    return lines.join("\n") + "\n";
  }

  /** Middleware recording every request; unmatched paths are grouped under one label. */
  middleware() {
    return createMiddleware<OriginEnv>(async (c, next) => {
      const started = performance.now();
      await next();
      const pattern = routePath(c, -1);
      const route = pattern === "" || pattern.endsWith("*") ? "(unmatched)" : pattern;
      this.observe(route, c.req.method, c.res.status, (performance.now() - started) / 1000);
    });
  }
}
