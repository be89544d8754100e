#!/usr/bin/env node
// Entry point of the `lissnas` command: runs the compiled CLI (built by `npm ci` through `prepare`) — the
// esbuild bundle of it (dist/cli-bundle, scripts/bundle-cli.mjs: fewer files to load at each call), or tsc's
// output where there is no bundle or it is older than tsc's output (only `tsc -p tsconfig.build.json` was
// run since: tsc rewrites every file, so the bundle would be stale).
import { statSync } from "node:fs";

const bundle = new URL("../dist/cli-bundle/main.js", import.meta.url);
const compiled = new URL("../dist/cli/main.js", import.meta.url);
const mtime = (url) => statSync(url, { throwIfNoEntry: false })?.mtimeMs ?? Number.NaN;
const { main } = await import(mtime(bundle) >= mtime(compiled) ? bundle.href : compiled.href);

main(process.argv).then((code) => {
  process.exitCode = code;
});
