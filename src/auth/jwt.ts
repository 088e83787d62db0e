// Verification of users' tokens: HS256 only (a token that names another algorithm, `none`
// included, is refused), `exp` required and in the future, `sub` a plain identifier (it is sent
// to the origin as a header, so no control characters can ride along), `role` one of the
// contract's roles, `fund` optional.
import { verify } from "hono/jwt";
import * as z from "zod";
import { ROLES } from "../contract/roles.ts";
import { AppError } from "../http/app-error.ts";

const Claims = z.object({
  sub: z.string().regex(/^[A-Za-z0-9@._+-]{1,128}$/),
  role: z.enum(ROLES),
  exp: z.number().finite(),
  fund: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .optional(),
});
export type Claims = z.infer<typeof Claims>;

export async function verifyUserToken(authorization: string | undefined, secret: string): Promise<Claims> {
  const match = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/.exec(authorization?.trim() ?? "");
  if (!match) throw new AppError("unauthorized", "a Bearer token is required");
  let payload: unknown;
  try {
    payload = await verify(match[1]!, secret, "HS256");
  } catch (error) {
    const expired = (error as { name?: string }).name === "JwtTokenExpired";
    throw new AppError("unauthorized", expired ? "the token has expired" : "the token is not valid");
  }
  const claims = Claims.safeParse(payload);
  if (!claims.success) throw new AppError("unauthorized", "the token lacks valid sub, role or exp claims");
  return claims.data;
}
