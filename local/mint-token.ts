// npm run token -- --role MANAGER [--sub name] [--ttl 8h] [--fund demo] [--secret <s>]
// Prints a user token for the edge. Without --secret it signs with the local stack's secret
// (or JWT_SECRET from the environment); with --secret it works against any deployment.
import { parseArgs } from "node:util";
import { DEV_SECRETS } from "./dev-secrets.ts";
import { mintToken, parseDuration, parseRole } from "./token.ts";

const { values } = parseArgs({
  options: {
    role: { type: "string", default: "MANAGER" },
    sub: { type: "string" },
    ttl: { type: "string", default: "8h" },
    fund: { type: "string" },
    secret: { type: "string" },
  },
});

try {
  const secret = values.secret ?? process.env.JWT_SECRET ?? DEV_SECRETS.JWT_SECRET;
  const token = await mintToken(secret, {
    role: parseRole(values.role!),
    ...(values.sub ? { sub: values.sub } : {}),
    // Tokens must name their fund (JWT_REQUIRE_FUND): --fund, else FUND_ID, else the local "demo".
    ...((values.fund ?? process.env.FUND_ID) ? { fund: (values.fund ?? process.env.FUND_ID)! } : {}),
    ttlSeconds: parseDuration(values.ttl!),
  });
  process.stdout.write(token + "\n");
} catch (error) {
  process.stderr.write(`token: ${(error as Error).message}\n`);
  process.exit(2);
}
