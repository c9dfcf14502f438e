import "server-only";
/** HTTP for the sources: JSON with a timeout, and errors that say which server and what went wrong. */

/** A source server answered badly or not at all. */
export class SourceHttpError extends Error {
  override name = "SourceHttpError";
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

export const SOURCE_TIMEOUT_MS = 15_000;

/** Fetches `url` and parses JSON; rejects with SourceHttpError on a network failure or non-2xx. */
export async function fetchJson(url: string, init: RequestInit = {}): Promise<{ json: unknown; headers: Headers; status: number }> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(SOURCE_TIMEOUT_MS) });
  } catch (e) {
    throw new SourceHttpError(`${init.method ?? "GET"} ${url}: ${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)}`, null);
  }
  const text = await res.text();
  if (!res.ok) throw new SourceHttpError(`${init.method ?? "GET"} ${url}: HTTP ${res.status} ${text.slice(0, 200)}`, res.status);
  if (text === "") return { json: null, headers: res.headers, status: res.status };
  try {
    return { json: JSON.parse(text), headers: res.headers, status: res.status };
  } catch {
    throw new SourceHttpError(`${init.method ?? "GET"} ${url}: the answer is not JSON`, res.status);
  }
}

/**
 * A paging link resolved against the server's base URL; null when it leads to another origin
 * (a source is trusted for its own host only).
 */
export function sameOrigin(link: string, base: string): string | null {
  try {
    const u = new URL(link, base);
    return u.origin === new URL(base).origin ? u.toString() : null;
  } catch {
    return null;
  }
}
