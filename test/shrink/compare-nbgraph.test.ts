/**
 * `lissnas compare` on NAS-Bench-Graph (issue #14): the four rivals run there, the product rivals as products
 * of per-position choices intersected with the valid pairs, every space sized in the benchmark's classes.
 * The table is generated (every class of the space, NK values); no real table is read.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { SyntheticLandscape } from "../../src/data/synthetic.js";
import { NBGRAPH_LINKS } from "../../src/spaces/nbgraph/hash.js";
import { nbgraphSpace } from "../../src/spaces/nbgraph/space.js";
import { runCli, runJsonOut } from "../cli/run.js";

const dir = mkdtempSync(join(tmpdir(), "lissnas-compare-nbgraph-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A complete NAS-Bench-Graph-format table: one row per class (its representative), NK-landscape values. */
function generatedTable(): string {
  const s = nbgraphSpace();
  const f = new SyntheticLandscape(s, { k: 2, seed: 13 }).objective();
  const lines = ["hash,link,ops,valid_perf,test_perf,latency,params_M"];
  for (const a of s.enumerate()) {
    const v = f(a) / 100;
    const ops = [...a.subarray(1)].map((o) => s.opNames[o]).join(" ");
    lines.push(`${s.key(a)},${NBGRAPH_LINKS[a[0]].join(" ")},${ops},${v},${v},0.005,1.5`);
  }
  const file = join(dir, "nbgraph.csv");
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

test("compare --space nbgraph runs LISSNAS and the four rivals, each sized to LISSNAS in classes", async () => {
  const out = join(dir, "out");
  const r = await runJsonOut(
    [
      "compare",
      "--space",
      "nbgraph",
      "--data",
      generatedTable(),
      "--metric",
      "valid_perf",
      "--seed",
      "3",
      "--seeds",
      "1",
      "--algos",
      "rs",
      "--nas-runs",
      "1",
      "--nas-budget",
      "120",
    ],
    out,
  );
  const j = JSON.parse(r.stdout);
  const by = Object.fromEntries(j.methods.map((m: { method: string }) => [m.method, m]));
  assert.deepEqual(Object.keys(by), ["full", "lissnas", "abs", "padnas", "nse", "greedynas"]);
  for (const o of by.full.perSeed) assert.equal(o.size, 26206, "the full space counts classes, not pairs");
  const target = by.lissnas.perSeed[0].size;
  assert.ok(target > 0 && target < 26206);
  for (const m of ["abs", "padnas", "nse"]) {
    const size = by[m].perSeed[0].size;
    assert.ok(size <= target, `${m}: ${size} classes > LISSNAS's ${target}`);
    assert.ok(size >= target / 3, `${m}: ${size} classes, collapsed far below LISSNAS's ${target}`);
  }
  assert.equal(by.greedynas.perSeed[0].size, target);
});
