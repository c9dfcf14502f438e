/** Helpers of the public API's contract tests (archive.contract.test.ts, district-archive.contract.test.ts). */
import { expect } from "vitest";
import { ProblemSchema } from "@/lib/twin-client/schemas";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Calls a route handler as Next would, with the `[file]` path parameter when given. */
export const get = (h: Handler, path: string, file?: string, headers: Record<string, string> = {}) =>
  h(new Request(`http://localhost${path}`, { headers }), { params: Promise.resolve<Record<string, string>>(file ? { file } : {}) });

/** The problem document of a response that must be this status in the envelope. */
export async function problemOf(res: Response, status: number) {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return ProblemSchema.parse(JSON.parse(text));
}
