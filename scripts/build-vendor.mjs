// Part of `npm run build` (after tsc): writes a one-file CommonJS bundle of each @stdlib dependency into
// dist/vendor/, named as src/core/lazy.ts `vendorFile` names it. Why: each @stdlib function is hundreds of
// tiny CommonJS files (t-quantile ~450); resolving, reading and compiling them was 50–70 ms of a short
// command, one bundled file ~12 ms. The bundle is made by esbuild from the installed package itself (same
// code, nothing minified or rewritten beyond joining the modules); lazy() falls back to the package where
// the bundle is absent (running from src/ through tsx).
//
// Usage: node scripts/build-vendor.mjs [OUT_DIR]   (default dist/vendor)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const outDir = process.argv[2] ?? join(root, "dist", "vendor");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const ids = Object.keys(pkg.dependencies).filter((id) => id.startsWith("@stdlib/"));

/** src/core/lazy.ts `vendorFile`: `@stdlib/a-b` → `stdlib-a-b.cjs`. */
const vendorFile = (id) => `${id.replace(/^@/, "").replaceAll("/", "-")}.cjs`;

try {
  await Promise.all(
    ids.map((id) =>
      build({
        entryPoints: [id],
        absWorkingDir: root,
        bundle: true,
        format: "cjs",
        platform: "node",
        target: "node20",
        outfile: join(outDir, vendorFile(id)),
        legalComments: "eof",
        logLevel: "warning",
      }),
    ),
  );
} catch (e) {
  process.stderr.write(`build-vendor: ${String(e?.message ?? e).split("\n")[0]}\n`);
  process.exit(1);
}
