// The one HTTP helper the checks use. Checks receive it as a function, so the pass/fail logic can
// be exercised over canned responses without a server.

export interface HttpRequest {
  method: "GET" | "POST";
  path: string;
  /** Default: the deployment token under test. `null`: no Authorization header; a string: that token. */
  token?: string | null;
  headers?: Record<string, string>;
  json?: unknown;
}

export interface HttpResponse {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Parsed JSON when the body is JSON, otherwise undefined. */
  body: unknown;
  text: string;
}

export type Http = (request: HttpRequest) => Promise<HttpResponse>;

export function createHttp(baseUrl: string, token: string, timeoutMs: number): Http {
  return async (request) => {
    const headers: Record<string, string> = { ...request.headers };
    const bearer = request.token === undefined ? token : request.token;
    if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
    let body: string | undefined;
    if (request.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(request.json);
    }
    let res: Response;
    try {
      res = await fetch(baseUrl + request.path, {
        method: request.method,
        headers,
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      // undici hides the useful part (ECONNREFUSED, ENOTFOUND, …) in `cause`.
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new Error(`${request.method} ${request.path}: ${why}`);
    }
    const text = await res.text();
    const out: Record<string, string> = {};
    res.headers.forEach((value, name) => (out[name.toLowerCase()] = value));
    return { status: res.status, headers: out, body: parseJson(text), text };
  };
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
