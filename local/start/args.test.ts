import { describe, expect, it } from "vitest";
import { parseStartArgs, portArgs } from "./args.ts";
import { banner, curlExamples, deskUrl } from "./banner.ts";
import { wranglerArgs } from "./wrangler-dev.ts";

describe("npm start flags", () => {
  it("defaults to the documented ports and leaves Redis to be chosen", () => {
    const o = parseStartArgs([]);
    expect([o.edgePort, o.originPort, o.bridgePort, o.redisPort]).toEqual([8787, 8788, 8079, undefined]);
    expect(o.dbPath).toBe("./data/pms.sqlite");
    expect(o.reseed).toBe(false);
    expect([o.edge, o.devVarsPath]).toEqual([true, ".dev.vars"]);
  });

  it("starts the services without the edge for npm run dev, writing .dev.vars where asked", () => {
    const o = parseStartArgs(["--no-edge", "--dev-vars", "/tmp/x.vars"]);
    expect([o.edge, o.devVarsPath]).toEqual([false, "/tmp/x.vars"]);
  });

  it("reads back the port flags portArgs writes (the launcher test and the browser stack use it)", () => {
    const o = parseStartArgs(portArgs({ edge: 9001, origin: 9002, bridge: 9003, redis: 9004 }));
    expect([o.edgePort, o.originPort, o.bridgePort, o.redisPort]).toEqual([9001, 9002, 9003, 9004]);
  });

  it("takes every port from the command line", () => {
    const o = parseStartArgs([
      "--edge-port",
      "9001",
      "--origin-port",
      "9002",
      "--bridge-port",
      "9003",
      "--redis-port",
      "9004",
      "--reseed",
    ]);
    expect([o.edgePort, o.originPort, o.bridgePort, o.redisPort, o.reseed]).toEqual([9001, 9002, 9003, 9004, true]);
  });

  it.each([
    ["--edge-port", "http"],
    ["--origin-port", "0"],
    ["--bridge-port", "70000"],
    ["--redis-port", "1.5"],
  ])("refuses %s %s", (flag, value) => {
    expect(() => parseStartArgs([flag, value])).toThrow(flag);
  });

  it("refuses two processes on one port, naming both flags", () => {
    expect(() => parseStartArgs(["--edge-port", "9000", "--bridge-port", "9000"])).toThrow(
      /--edge-port and --bridge-port are both 9000/,
    );
  });

  it("refuses unknown flags and a bad latency", () => {
    expect(() => parseStartArgs(["--edgeport", "1"])).toThrow();
    expect(() => parseStartArgs(["--origin-latency-ms", "-5"])).toThrow(/latency/);
  });
});

describe("what npm start prints and runs", () => {
  it("prints a read twice and a write against the edge, with the token", () => {
    const [a, b, write] = curlExamples("http://127.0.0.1:8787", "TOKEN");
    expect(a).toBe(b);
    expect(a).toContain('-H "Authorization: Bearer TOKEN" http://127.0.0.1:8787/api/v1/pms/book');
    expect(a).toContain("grep -i cache-status");
    expect(write).toContain("-X POST");
    expect(write).toContain(`-d '{"price_overrides":{}}' http://127.0.0.1:8787/api/v1/pms/mtm`);
  });

  it("prints the desk URL with the token in the fragment, never in the query", () => {
    expect(deskUrl("http://127.0.0.1:8787", "a.b.c")).toBe("http://127.0.0.1:8787/#token=a.b.c");
    const urls = { edge: "http://127.0.0.1:8787", origin: "o", bridge: "b", redis: "r" };
    expect(banner(urls, "a.b.c", "MANAGER")).toContain("\ndesk: http://127.0.0.1:8787/#token=a.b.c\n");
  });

  it("passes every var and secret to wrangler dev as --var KEY:VALUE on loopback", () => {
    const args = wranglerArgs({
      port: 8787,
      inspectorPort: 9230,
      persistDir: "./data/w",
      vars: { ORIGIN_URL: "http://127.0.0.1:8788", JWT_SECRET: "s:with:colons" },
    });
    expect(args.slice(0, 1)).toEqual(["dev"]);
    expect(args.join(" ")).toContain("--port 8787 --ip 127.0.0.1");
    expect(args).toContain("--show-interactive-dev-session=false");
    expect(args.join(" ")).toContain("--persist-to ./data/w");
    expect(args.join(" ")).toContain("--var ORIGIN_URL:http://127.0.0.1:8788 --var JWT_SECRET:s:with:colons");
  });
});
