import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

/** Where `npm run build` writes the one-file bundles (scripts/build-vendor.mjs): dist/vendor beside dist/core. */
const VENDOR_DIR = fileURLToPath(new URL("../vendor/", import.meta.url));

/**
 * The file name of a package's one-file bundle: `@stdlib/stats-base-dists-t-quantile` →
 * `stdlib-stats-base-dists-t-quantile.cjs`. scripts/build-vendor.mjs names its outputs by the same rule.
 */
export function vendorFile(id: string): string {
  return `${id.replace(/^@/, "").replaceAll("/", "-")}.cjs`;
}

/**
 * A CommonJS module loaded on first use, not at import, so the functions that use it stay synchronous
 * (`require`) and the commands that never call it never pay for it. Why: the @stdlib distribution functions
 * are hundreds of tiny CommonJS files each (t-quantile: ~450; resolving, reading and compiling them cost
 * 50–140 ms a function), and most commands never need one; better-sqlite3 and cli-progress likewise.
 *
 * Where the build wrote a one-file bundle of the package (`dist/vendor/<name>.cjs`, scripts/build-vendor.mjs,
 * made with esbuild from the same installed package, so the same code), that file is loaded instead: one
 * read and one compile (t-quantile: ~15 ms CPU instead of ~85 ms). Run from the sources (tsx, tests) there
 * is no bundle and the package itself is loaded. `vendorDir` is for tests.
 */
export function lazy<T>(id: string, vendorDir: string = VENDOR_DIR): () => T {
  let mod: T | undefined;
  return () => {
    if (mod === undefined) {
      const bundle = join(vendorDir, vendorFile(id));
      mod = require(existsSync(bundle) ? bundle : id) as T;
    }
    return mod;
  };
}
