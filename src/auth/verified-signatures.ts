// Signatures this isolate has already verified. Checking a JWT's signature costs a key import and
// an HMAC (or RSA/ECDSA) verification on every request, the largest share of a cache HIT's own
// CPU (bench/RESULTS.md §HIT path). A token's signature under a given key verifies the same way
// every time, so the payload of a token that verified is remembered with the key that verified
// it, and served again only for that same key: a rotated JWT_SECRET is another string, and a
// refreshed JWKS copy holds other key objects, so either one verifies afresh. Only the signature
// is remembered; the claims (exp, iat, nbf, role, fund) are checked on every request by
// token-rules.ts. Tokens that fail are never remembered, so invented tokens cannot fill the memo.

/** At most this many tokens are remembered; the oldest goes first (a desk keeps one token for hours). */
export const MAX_REMEMBERED_TOKENS = 1000;

interface Verified {
  key: unknown;
  payload: Record<string, unknown>;
}

const remembered = new Map<string, Verified>();

/**
 * The payload of `token` verified under `key`: remembered if this isolate verified it under the
 * same key (`===`: a secret string, or the JWK object of the JWKS copy held), else `verify()`.
 * `token` names everything the verification checked besides the key: the compact token, plus the
 * issuer and audience when `verify()` checks them too.
 */
export async function verifiedPayload(
  token: string,
  key: unknown,
  verify: () => Promise<Record<string, unknown>>,
): Promise<Record<string, unknown>> {
  const hit = remembered.get(token);
  if (hit && hit.key === key) return hit.payload;
  const payload = await verify();
  remembered.delete(token);
  if (remembered.size >= MAX_REMEMBERED_TOKENS) remembered.delete(remembered.keys().next().value!);
  remembered.set(token, { key, payload });
  return payload;
}

/** How many tokens are remembered (tests). */
export function rememberedTokens(): number {
  return remembered.size;
}
