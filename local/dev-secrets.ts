// The secrets of the LOCAL stack only (npm start, tests, benchmarks). A deployment sets its own
// with `wrangler secret put`; nothing here is ever used in production.
export const DEV_SECRETS = {
  JWT_SECRET: "local-dev-jwt-secret-not-for-production",
  ORIGIN_TOKEN: "local-origin-token",
  UPSTASH_REDIS_REST_TOKEN: "local-bridge-token",
} as const;
