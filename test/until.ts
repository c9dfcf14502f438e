/** Polls `what` every 25 ms until it holds; rejects after `ms` with `why()` (what the test saw). */
export async function until(what: () => boolean | Promise<boolean>, ms = 10_000, why: () => string = () => ""): Promise<void> {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms ${why()}`.trim());
    await new Promise((r) => setTimeout(r, 25));
  }
}
