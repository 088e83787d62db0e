// GET /session: who the edge takes the caller to be (any signed-in role). A browser client
// behind Cloudflare Access holds no token of its own (Access adds Cf-Access-Jwt-Assertion on the
// way in), so this is how the desk learns its user's role, to show only the buttons that role may
// use. It reveals nothing the caller's own token does not already say.
import { Hono } from "hono";
import type { AppEnv } from "../env.ts";

export const session = new Hono<AppEnv>().get("/session", (c) => {
  const { sub, role } = c.var.identity;
  c.header("Cache-Control", "no-store");
  return c.json({ sub, role, fund: c.var.config.fundId });
});
