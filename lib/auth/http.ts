import "server-only";
/**
 * Small pieces the auth route handlers share: reading a sign-in form (HTML form or JSON, size
 * capped) and answering either with a redirect (forms work without JavaScript) or JSON.
 */
import { ApiError } from "@/lib/api/errors";
import { readCapped } from "@/lib/api/handler";
import { safeNext } from "./server";

const MAX_FORM_BYTES = 16 * 1024;

/** Fields of an urlencoded or JSON body, strings only; 413/415 for what is not a small form. */
export async function readForm(request: Request): Promise<{ fields: Record<string, string>; json: boolean }> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  const json = type.startsWith("application/json");
  if (!json && !type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) {
    throw new ApiError(415, "unsupported_media_type", "Send a form (application/x-www-form-urlencoded) or JSON.");
  }
  const text = await readCapped(request, MAX_FORM_BYTES, () => new ApiError(413, "body_too_large", `The form is larger than ${MAX_FORM_BYTES} bytes.`));
  const fields: Record<string, string> = {};
  if (json) {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      throw new ApiError(400, "invalid_body", "The request body is not valid JSON.");
    }
    if (typeof v !== "object" || v === null || Array.isArray(v)) throw new ApiError(400, "invalid_body", "The body must be a JSON object.");
    for (const [k, x] of Object.entries(v)) if (typeof x === "string") fields[k] = x;
  } else if (type.startsWith("multipart/form-data")) {
    let form: FormData;
    try {
      form = await new Response(text, { headers: { "content-type": type } }).formData();
    } catch {
      throw new ApiError(400, "invalid_body", "The request body is not a valid multipart form.");
    }
    for (const [k, x] of form) if (typeof x === "string") fields[k] = x;
  } else {
    for (const [k, x] of new URLSearchParams(text)) fields[k] = x;
  }
  return { fields, json };
}

/**
 * 303 to a path on this site (after a form POST the browser follows with GET). The Location is
 * always a normalised same-site path: anything else (`//host`, `/..//host`) becomes `/`.
 */
export function seeOther(path: string, cookies: string[] = []): Response {
  const headers = new Headers({ Location: safeNext(path), "Cache-Control": "no-store" });
  for (const c of cookies) headers.append("Set-Cookie", c);
  return new Response(null, { status: 303, headers });
}

export function jsonResponse(body: unknown, status = 200, cookies: string[] = []): Response {
  const headers = new Headers({ "Content-Type": "application/json", "Cache-Control": "no-store" });
  for (const c of cookies) headers.append("Set-Cookie", c);
  return new Response(JSON.stringify(body), { status, headers });
}
