import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { lazy, vendorFile } from "../../src/core/lazy.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const require = createRequire(import.meta.url);
const T_QUANTILE = "@stdlib/stats-base-dists-t-quantile";

test("vendorFile names a package's bundle as scripts/build-vendor.mjs writes it", () => {
  assert.equal(vendorFile(T_QUANTILE), "stdlib-stats-base-dists-t-quantile.cjs");
  assert.equal(vendorFile("cli-progress"), "cli-progress.cjs");
});

test("lazy loads on first call only, the bundle in the vendor folder when there is one, else the package", () => {
  const dir = mkdtempSync(join(tmpdir(), "lissnas-lazy-"));
  try {
    const g = globalThis as { lazyLoads?: number };
    g.lazyLoads = 0;
    writeFileSync(
      join(dir, vendorFile(T_QUANTILE)),
      "globalThis.lazyLoads++; module.exports = (p, v) => -1;",
    );
    const fromBundle = lazy<(p: number, v: number) => number>(T_QUANTILE, dir);
    assert.equal(g.lazyLoads, 0, "nothing is loaded before the first call");
    assert.equal(fromBundle()(0.975, 9), -1);
    assert.equal(fromBundle()(0.975, 9), -1);
    assert.equal(g.lazyLoads, 1, "loaded once");
    const fromPackage = lazy<(p: number, v: number) => number>(T_QUANTILE, join(dir, "absent"));
    assert.equal(fromPackage()(0.975, 9), require(T_QUANTILE)(0.975, 9));
    assert.ok(Math.abs(fromPackage()(0.975, 9) - 2.2621571627982) < 1e-12); // Student t, 9 df (tables)
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Arguments each @stdlib dependency is checked at (every one in package.json must have a row). */
const CHECKS: Record<string, number[][]> = {
  "@stdlib/stats-base-dists-t-quantile": [0.6, 0.9, 0.975, 0.995, 1e-9].flatMap((p) =>
    [1, 2, 3, 5, 9, 30, 100.5, 1e6].map((v) => [p, v]),
  ),
  "@stdlib/stats-base-dists-normal-cdf": [-40, -3.2, -1, 0, 0.5, 1.96, 8].map((x) => [x, 0.25, 1.5]),
  "@stdlib/stats-base-dists-binomial-cdf": [0, 1, 3, 7, 15, 40].flatMap((x) =>
    [0.01, 0.3, 0.5, 0.97].map((p) => [x, 40, p]),
  ),
  "@stdlib/stats-base-dists-chisquare-cdf": [0.001, 0.5, 3, 8.2, 40, 400].flatMap((x) =>
    [1, 4, 8, 100].map((k) => [x, k]),
  ),
};

test("the build's one-file bundles compute bit for bit what the @stdlib packages do", () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
  };
  const ids = Object.keys(pkg.dependencies).filter((id) => id.startsWith("@stdlib/"));
  const dir = mkdtempSync(join(tmpdir(), "lissnas-vendor-"));
  try {
    const r = spawnSync(process.execPath, [join(ROOT, "scripts/build-vendor.mjs"), dir], {
      encoding: "utf8",
    });
    assert.equal(r.status, 0, r.stderr);
    for (const id of ids) {
      const args = CHECKS[id];
      assert.ok(args, `no check arguments for ${id}: add a row to CHECKS`);
      const bundled = lazy<(...a: number[]) => number>(id, dir)();
      const original = require(id) as (...a: number[]) => number;
      assert.notEqual(bundled, original, `${id}: the bundle, not the package, was loaded`);
      for (const a of args) assert.equal(bundled(...a), original(...a), `${id}(${a.join(", ")})`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
