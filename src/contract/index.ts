// The PMS contract (docs/contract.md) as code: request schemas, roles and problem details,
// imported by both the edge (src/) and the reference origin (origin/) so they never disagree.
export * from "./api-prefix.ts";
export * from "./attribution.ts";
export * from "./journal.ts";
export * from "./morning-pack.ts";
export * from "./portfolio.ts";
export * from "./primitives.ts";
export * from "./problem.ts";
export * from "./risk.ts";
export * from "./roles.ts";
export * from "./trades.ts";
