// The journal's hash chain, checked in the browser for the page shown: each entry hashes to its
// content_hash, and each links to the entry before it (prev_hash = that entry's content_hash).
// What is hashed is shared with the origin (src/contract/journal-chain.ts); the SHA-256 is the
// browser's (crypto.subtle).
import { GENESIS_HASH, journalHashInput } from "../../src/contract/journal-chain.ts";

export interface ChainEntry extends Record<string, unknown> {
  id: number;
  content_hash: string;
  prev_hash: string;
}

export type PageVerdict =
  | { ok: true; checked: number; reachesGenesis: boolean }
  | { ok: false; id: number; reason: string };

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Checks one page of entries, newest first (the API's order). */
export async function verifyPage(entries: readonly ChainEntry[], hash = sha256Hex): Promise<PageVerdict> {
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if ((await hash(journalHashInput(e, e.prev_hash))) !== e.content_hash)
      return { ok: false, id: e.id, reason: "content_hash does not match the entry" };
    const older = entries[i + 1];
    if (older && older.id === e.id - 1 && e.prev_hash !== older.content_hash)
      return { ok: false, id: e.id, reason: `prev_hash does not match entry ${older.id}` };
  }
  const oldest = entries[entries.length - 1];
  return { ok: true, checked: entries.length, reachesGenesis: oldest?.prev_hash === GENESIS_HASH };
}
