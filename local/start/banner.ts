// What `npm start` prints once the edge answers /health: where everything runs, a development
// token and copy-paste commands that show the cache working (MISS, then HIT, then a write).

export interface StackUrls {
  edge: string;
  origin: string;
  bridge: string;
  redis: string;
}

export function curlExamples(edgeUrl: string, token: string): string[] {
  const auth = `-H "Authorization: Bearer ${token}"`;
  const book = `${edgeUrl}/api/v1/pms/book`;
  const read = `curl -si ${auth} ${book} | grep -i cache-status`;
  return [
    read,
    read,
    `curl -s -X POST ${auth} -H "Content-Type: application/json" -d '{"price_overrides":{}}' ${edgeUrl}/api/v1/pms/mtm`,
  ];
}

/**
 * The desk signed in with `token`: the token rides in the URL fragment, which the browser never
 * sends to a server; the page moves it to sessionStorage (docs/desk.md §Sign-in).
 */
export function deskUrl(edgeUrl: string, token: string): string {
  return `${edgeUrl}/#token=${token}`;
}

export function banner(urls: StackUrls, token: string, role: string): string {
  const [first, second, write] = curlExamples(urls.edge, token);
  return [
    "",
    "pms-edge local stack is up",
    `desk: ${deskUrl(urls.edge, token)}`,
    `  edge (wrangler dev)  ${urls.edge}`,
    `  origin               ${urls.origin}`,
    `  Upstash-REST bridge  ${urls.bridge}`,
    `  redis-server         ${urls.redis}`,
    "",
    `${role} development token (8 h; mint others with \`npm run token -- --role ADMIN\`):`,
    token,
    "",
    "Try it (first read is a MISS, the second a HIT):",
    `  ${first}`,
    `  ${second}`,
    "A write (MTM; invalidates and refreshes book and risk):",
    `  ${write}`,
    "",
    `Go-live check: npm run verify -- --url ${urls.edge} --token <token> [--allow-writes]`,
    "Ctrl-C stops everything.",
    "",
  ].join("\n");
}

/** `npm start -- --no-edge`: the services are up; the Worker is the user's `npm run dev`. */
export function servicesBanner(urls: Omit<StackUrls, "edge">, token: string): string {
  return [
    "",
    "pms-edge services are up (no edge: run it with `npm run dev`, which reads .dev.vars)",
    `  origin               ${urls.origin}`,
    `  Upstash-REST bridge  ${urls.bridge}`,
    `  redis-server         ${urls.redis}`,
    "",
    "MANAGER development token (8 h; `npm run token` mints the same kind):",
    token,
    "",
    "Ctrl-C stops everything.",
    "",
  ].join("\n");
}
