// Part of `npm run build` (after tsc): bundles the compiled CLI (dist/cli/main.js and every command module it
// loads on demand) into dist/cli-bundle/ with esbuild — ESM, code splitting (each command's modules stay a
// chunk loaded only when the command line names it), npm packages left external (loaded from node_modules
// as before; @stdlib through src/core/lazy.ts and its dist/vendor bundles) except pure-rand, which is pure
// ESM in 20 small files that nearly every command loads (bundled: ~7 ms CPU less a call). Why: a short
// command loaded ~130 separate ES modules of dist/ (resolve, read, compile each); ~26 chunks load faster.
// bin/lissnas.js runs the bundle when it exists; the library entry dist/index.js stays tsc's output.
//
// `import.meta.url` keeps meaning the compiled file's own URL (dist/<dir>/<file>.js), so paths resolved from
// it (the spec schema, the search worker, dist/vendor, createRequire) are the same as in tsc's output: each
// occurrence is rewritten to that file's URL computed from the chunk's own location.
//
// Usage: node scripts/bundle-cli.mjs
import { readFile, rm } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = join(root, "dist");
const outdir = join(dist, "cli-bundle");
/** npm packages bundled into the chunks (pure ESM, no native parts, no files of their own read at run time). */
const BUNDLED = new Set(["pure-rand"]);
const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
const external = Object.keys(pkg.dependencies).filter((id) => !BUNDLED.has(id));

/** Rewrites `import.meta.url` in dist's files to the file's own URL, relative to the chunk (all in outdir). */
const ownUrl = {
  name: "own-import-meta-url",
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, async (args) => {
      if (!args.path.startsWith(dist + sep)) return undefined;
      const text = await readFile(args.path, "utf8");
      if (!text.includes("import.meta.url"))
        return { contents: text, loader: "js", resolveDir: dirname(args.path) };
      const rel = relative(outdir, args.path).split(sep).join("/");
      const url = `new URL(${JSON.stringify(rel)}, import.meta.url).href`;
      return {
        contents: text.replaceAll("import.meta.url", url),
        loader: "js",
        resolveDir: dirname(args.path),
      };
    });
  },
};

try {
  await rm(outdir, { recursive: true, force: true }); // no chunks of an earlier build left behind
  await build({
    entryPoints: [join(dist, "cli", "main.js")],
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    external,
    outdir,
    chunkNames: "chunk-[hash]",
    plugins: [ownUrl],
    legalComments: "eof",
    logLevel: "warning",
  });
} catch (e) {
  process.stderr.write(`bundle-cli: ${String(e?.message ?? e).split("\n")[0]}\n`);
  process.exit(1);
}
