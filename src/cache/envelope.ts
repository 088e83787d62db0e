// The cached entry: the origin's body as it was sent, the tag generations observed BEFORE the
// origin was called, the origin's data version, when it was stored, and an ETag of the body.
export interface Envelope {
  /** The origin's JSON body, verbatim (the ETag is a hash of exactly these bytes). */
  body: string;
  /** tag → generation observed before the origin call. */
  gens: Record<string, string>;
  /** PMS-Data-Version of the origin response. */
  version: number;
  /** Epoch ms when the entry was built; Age and cache_age_seconds count from here. */
  storedAt: number;
  /** Strong ETag (RFC 9110 §8.8.3): quoted SHA-256 of `body`. */
  etag: string;
}

export async function etagOf(body: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `"${hex}"`;
}

export async function makeEnvelope(
  body: string,
  gens: Record<string, string>,
  version: number,
  storedAt: number,
): Promise<Envelope> {
  return { body, gens, version, storedAt, etag: await etagOf(body) };
}

/** The envelope in `raw`, or null when it is not one (treated as a miss, then overwritten). */
export function parseEnvelope(raw: string | null): Envelope | null {
  if (raw === null) return null;
  try {
    const value = JSON.parse(raw) as Partial<Envelope>;
    if (
      typeof value.body === "string" &&
      typeof value.version === "number" &&
      typeof value.storedAt === "number" &&
      typeof value.etag === "string" &&
      typeof value.gens === "object" &&
      value.gens !== null
    ) {
      return value as Envelope;
    }
  } catch {
    // fall through: a corrupt entry is a miss
  }
  return null;
}
