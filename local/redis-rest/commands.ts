// Validation of request bodies and the list of commands the bridge refuses.
//
// The bridge multiplexes every request over one Redis connection, so a command that blocks
// (BLPOP …) would stall every other caller, and one that changes connection state (SELECT,
// MULTI, SUBSCRIBE, HELLO 3 …) would corrupt it for everybody. Upstash's REST API refuses the
// same family (docs/upstash-rest.md §Refused commands), so callers see the same behaviour locally and in production.

export type Command = string[];

/** Either a command ready for Redis, or the reason it cannot be sent. */
export type ParsedCommand = { args: Command } | { error: string };

const BLOCKING = [
  "BLPOP",
  "BRPOP",
  "BRPOPLPUSH",
  "BLMOVE",
  "BLMPOP",
  "BZPOPMIN",
  "BZPOPMAX",
  "BZMPOP",
  "WAIT",
  "WAITAOF",
];
const CONNECTION_STATE = [
  "SUBSCRIBE",
  "PSUBSCRIBE",
  "SSUBSCRIBE",
  "UNSUBSCRIBE",
  "PUNSUBSCRIBE",
  "SUNSUBSCRIBE",
  "MONITOR",
  "WATCH",
  "UNWATCH",
  "MULTI",
  "EXEC",
  "DISCARD",
  "SELECT",
  "QUIT",
  "RESET",
  "HELLO",
  "AUTH",
  "CLIENT",
  "READONLY",
  "READWRITE",
  "ASKING",
  "SYNC",
  "PSYNC",
  "REPLCONF",
  "SHUTDOWN",
];
const REFUSED = new Set([...BLOCKING, ...CONNECTION_STATE]);
/** Read-only CLIENT subcommands that neither block nor change the shared connection. */
const CLIENT_ALLOWED = new Set(["ID", "INFO", "LIST", "GETNAME"]);

/**
 * Checks one JSON command array. Arguments may be strings, numbers or booleans; numbers and
 * booleans are stringified the way JavaScript does (`String(x)`), which is what the client's
 * serializer assumed when it passed them through unchanged. `null` (an `undefined` argument on
 * the client side) is refused rather than guessed at.
 */
export function parseCommand(raw: unknown): ParsedCommand {
  if (!Array.isArray(raw) || raw.length === 0) {
    return { error: "ERR a command must be a non-empty JSON array" };
  }
  const args: string[] = [];
  for (const [i, value] of raw.entries()) {
    if (typeof value === "string") args.push(value);
    else if (typeof value === "number" || typeof value === "boolean") args.push(String(value));
    else if (value === null) return { error: `ERR argument ${i} is null` };
    else return { error: `ERR argument ${i} must be a string, number or boolean` };
  }
  const refused = refusal(args);
  return refused ? { error: refused } : { args };
}

/** The error text when a command may not run over REST, undefined when it may. */
export function refusal(args: Command): string | undefined {
  const name = (args[0] ?? "").toUpperCase();
  let refused = REFUSED.has(name);
  if (name === "CLIENT") refused = !CLIENT_ALLOWED.has((args[1] ?? "").toUpperCase());
  if (name === "XREAD" || name === "XREADGROUP") refused = hasBlockOption(args);
  if (!refused) return undefined;
  return `ERR Command is not available: '${args[0]}' blocks or changes connection state, which the REST API does not support`;
}

/** XREAD/XREADGROUP options come before the STREAMS keyword; BLOCK among them makes it block. */
function hasBlockOption(args: Command): boolean {
  for (const arg of args.slice(1)) {
    const upper = arg.toUpperCase();
    if (upper === "STREAMS") return false;
    if (upper === "BLOCK") return true;
  }
  return false;
}

/** A `/pipeline` or `/multi-exec` body: a non-empty array of command arrays. */
export function parseBatch(raw: unknown): ParsedCommand[] | { error: string } {
  if (!Array.isArray(raw) || raw.length === 0) {
    return { error: "ERR the body must be a non-empty JSON array of commands" };
  }
  if (!raw.every(Array.isArray)) return { error: "ERR every pipeline entry must be a JSON array" };
  return raw.map(parseCommand);
}
