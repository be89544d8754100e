import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** ../shared/data beside the checkout (real benchmark tables; never copied into the repo). */
export const SHARED_DATA = resolve(ROOT, "../shared/data");

/**
 * Path of a file under ../shared/data, or a skip reason when it is absent. Use as
 * `const f = sharedData("nb201/nats_bench.csv"); test("…", { skip: f.skip }, () => { … f.path … })`.
 */
export function sharedData(rel: string): { path: string; skip: string | false } {
  const path = resolve(SHARED_DATA, rel);
  return { path, skip: existsSync(path) ? false : `needs ../shared/data/${rel}, which is absent` };
}
