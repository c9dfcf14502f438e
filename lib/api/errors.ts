/**
 * The one error envelope of the twin API (RFC 9457 `application/problem+json`) and the one map
 * from thrown errors to it. Client-safe: hooks use `isProblem` to read error bodies.
 */
import { z } from "zod";
import type { Problem } from "@/lib/twin-client/schemas";

export type ProblemStatus = 400 | 401 | 403 | 404 | 405 | 409 | 410 | 413 | 415 | 422 | 429 | 500 | 503 | 504;

export interface ParameterError {
  parameter: string;
  message: string;
}

const TITLES: Record<ProblemStatus, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  410: "Gone",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** A client-facing error: thrown by domain calls and handlers, rendered as a problem document. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: ProblemStatus,
    readonly code: string,
    readonly detail: string,
    readonly errors?: ParameterError[],
    /** Extra response headers, e.g. Retry-After or WWW-Authenticate. */
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
  }
}

/** 401: no valid credential came with the request. */
export const unauthorized = () =>
  new ApiError(401, "unauthorized", "Sign in, or send a device or feed token as `Authorization: Bearer …`.", undefined, {
    "WWW-Authenticate": 'Bearer realm="twinops"',
  });

/** 403: the caller is known but its role or scope does not allow this. */
export const forbidden = (detail: string) => new ApiError(403, "forbidden", detail);

export function problem(status: ProblemStatus, code: string, detail: string, errors?: ParameterError[], retryAfter?: number): Problem {
  return {
    type: `urn:twinops:problem:${code}`,
    title: TITLES[status],
    status,
    code,
    detail,
    ...(errors && errors.length > 0 ? { errors } : {}),
    ...(retryAfter !== undefined ? { retryAfter } : {}),
  };
}

/** The Retry-After an error carries, in seconds, for the envelope as well as the header. */
function retryAfterOf(err: ApiError): number | undefined {
  const v = Number(err.headers?.["Retry-After"]);
  return Number.isInteger(v) && v >= 0 ? v : undefined;
}

/** A problem document as the HTTP answer (never cached). */
export function problemResponse(p: Problem, init?: { headers?: Record<string, string> }): Response {
  return new Response(JSON.stringify(p), {
    status: p.status,
    headers: { "Content-Type": "application/problem+json", "Cache-Control": "no-store", ...init?.headers },
  });
}

/** SQLite result codes that mean the store failed (read-only, full, gone, locked), not the request. */
export const STORE_FAILURE = /^SQLITE_(READONLY|FULL|IOERR|CANTOPEN|BUSY|LOCKED|CORRUPT|NOTADB|PERM|NOMEM|PROTOCOL)/;

/** Where each kind of unknown id came from in the request. */
const ID_PARAMETER: Record<string, string> = {
  asset: "id",
  datastream: "datastreams",
  metric: "metric",
  district: "district",
  kpi: "kpi",
};

function zodToProblem(error: z.ZodError): Problem {
  const errors = error.issues.map((issue) => ({
    parameter: issue.path.length > 0 ? String(issue.path[0]) : "query",
    message: issue.code === "unrecognized_keys" ? `unknown parameter(s): ${issue.keys.join(", ")}` : issue.message,
  }));
  const names = [...new Set(errors.map((e) => e.parameter))].join(", ");
  return problem(400, "invalid_parameter", `Invalid request parameter(s): ${names}.`, errors);
}

/**
 * Maps anything thrown to a problem. Errors a client caused keep their message; anything else
 * becomes a generic 500 and its details go to the server log only (`log`), never to the client.
 */
export function toProblem(err: unknown, log: (message: string, err: unknown) => void = logError): Problem {
  if (err instanceof ApiError) return problem(err.status, err.code, err.detail, err.errors, retryAfterOf(err));
  if (err instanceof z.ZodError) return zodToProblem(err);
  if (err instanceof Error) {
    // Matched by name so every twin backend can throw its own classes without the API importing them.
    if (err.name === "UnknownIdError") {
      const { kind, ids } = err as Error & { kind?: string; ids?: string[] };
      const list = (ids ?? []).slice(0, 50);
      const parameter = ID_PARAMETER[kind ?? ""] ?? "id";
      return problem(
        404,
        "not_found",
        `Unknown ${kind ?? "id"}: ${list.join(", ")}${(ids?.length ?? 0) > list.length ? ", ..." : ""}`,
        list.map((id) => ({ parameter, message: `unknown ${kind ?? "id"} ${id}` })),
      );
    }
    if (err.name === "StoreUnavailableError" || (err.name === "SqliteError" && STORE_FAILURE.test(String((err as Error & { code?: unknown }).code)))) {
      log("twin api: store unavailable", err);
      return problem(503, "store_unavailable", "The twin's data store cannot answer right now; try again shortly.");
    }
    if (err.name === "BadCursorError") {
      return problem(400, "invalid_parameter", "Invalid request parameter(s): cursor.", [
        { parameter: "cursor", message: "is not a cursor this API returned (or it has expired)" },
      ]);
    }
  }
  log("twin api: unhandled error", err);
  return problem(500, "internal_error", "The server could not answer this request. It has been logged.");
}

function logError(message: string, err: unknown): void {
  console.error(message, err);
}

/** True when a parsed JSON body is a problem document (for fetchers and hooks). */
export function isProblem(body: unknown): body is Problem {
  return (
    typeof body === "object" &&
    body !== null &&
    typeof (body as { status?: unknown }).status === "number" &&
    typeof (body as { code?: unknown }).code === "string"
  );
}
