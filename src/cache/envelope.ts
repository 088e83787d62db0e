// The cached payload: the origin's body as it was sent, the origin's data version it was
// computed at, and an ETag of the body. The generations it was computed under and when it was
// stored are kept beside it in the entry's hash, where the scripts compare them
// (docs/cache-protocol.md §Keys).
export interface Envelope {
  /** The origin's JSON body, verbatim (the ETag is a hash of exactly these bytes). */
  body: string;
  /** PMS-Data-Version of the origin response: the version the payload was computed at. */
  version: number;
  /** Strong ETag (RFC 9110 §8.8.3): quoted SHA-256 of `body`. */
  etag: string;
}

export async function etagOf(body: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `"${hex}"`;
}

export async function makeEnvelope(body: string, version: number): Promise<Envelope> {
  return { body, version, etag: await etagOf(body) };
}

/**
 * The stored form: one header line, then the body verbatim. As JSON (`{"body": "…"}`) the body
 * would be escaped once into the envelope and again into Upstash's JSON answer, every quote
 * three bytes longer, and a HIT would parse the whole body out of JSON to get it back; here the
 * answer escapes it once and the body is a slice of the string (bench/RESULTS.md §HIT path).
 */
const HEADER = "pms-envelope/2";

export function serializeEnvelope(envelope: Envelope): string {
  return `${HEADER} ${envelope.version} ${envelope.etag}\n${envelope.body}`;
}

const HEADER_LINE = /^pms-envelope\/2 (\d{1,15}) ("[^"\s]*")$/;

/**
 * The envelope in `raw`, or null when it is not one (treated as a miss, then overwritten).
 * Reads the JSON form too: entries written before the header form serve until they are replaced.
 */
export function parseEnvelope(raw: string | null): Envelope | null {
  if (raw === null) return null;
  if (raw.startsWith(HEADER)) {
    const eol = raw.indexOf("\n");
    const header = eol < 0 ? null : HEADER_LINE.exec(raw.slice(0, eol));
    return header ? { body: raw.slice(eol + 1), version: Number(header[1]), etag: header[2]! } : null;
  }
  try {
    const value = JSON.parse(raw) as Partial<Envelope>;
    if (typeof value.body === "string" && typeof value.version === "number" && typeof value.etag === "string") {
      return value as Envelope;
    }
  } catch {
    // fall through: a corrupt entry is a miss
  }
  return null;
}
