import { existsSync } from "node:fs";
import { resolve } from "node:path";

/** The value after `--name` on the command line, or `fallback`. Shared by the bench scripts. */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

/** A file under ../shared/data; when absent the benchmark says why on one line and exits 0. */
export function sharedDataOrSkip(rel: string): string {
  const file = resolve(import.meta.dirname, "../../shared/data", rel);
  if (!existsSync(file)) {
    console.log(`skipped: needs ${file}`);
    process.exit(0);
  }
  return file;
}
