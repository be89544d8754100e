import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../../src/core/rng.js";
import { loadTable } from "../../../src/data/loaders.js";
import { dartsCost, dartsCostReference } from "../../../src/spaces/darts/cost.js";
import { darts } from "../../../src/spaces/darts/space.js";
import { sharedData } from "../../helpers.js";

const zc = sharedData("naslib-zc-partial/zc_nasbench301.json");

/** The tolerances reached (docs/spaces.md): parameters exact, FLOPs within NASLib's unplaced 8,704. */
const PARAMS_ABS = 1e-9; // measured gap: 0 on every row
const FLOPS_REL = 1e-4;

test("analytic params and FLOPs match NASLib's measurements on all 725 NB301 rows", { skip: zc.skip }, () => {
  const t = loadTable(zc.path, darts, { task: "cifar10" });
  assert.equal(t.rows, 725);
  const params = t.column("params");
  const flops = t.column("flops");
  let worstP = 0;
  let worstF = 0;
  const flopGaps = new Set<number>();
  for (let r = 0; r < t.rows; r++) {
    const c = darts.cost(t.archAt(r), "cifar10");
    worstP = Math.max(worstP, Math.abs(c.mparams - params[r]));
    worstF = Math.max(worstF, Math.abs(c.mflops - flops[r]) / flops[r]);
    flopGaps.add(Math.round((flops[r] - c.mflops) * 1e6));
  }
  assert.ok(worstP <= PARAMS_ABS, `worst params gap ${worstP} M`);
  assert.ok(worstF <= FLOPS_REL, `worst relative FLOPs gap ${worstF}`);
  // The FLOPs gap is one constant for every row (a fixed term NASLib's counter adds), not architecture-dependent.
  assert.deepEqual([...flopGaps], [8704]);
});

test("cost depends on the ops as the network says: a sep_conv_5x5 costs more than a sep_conv_3x3", () => {
  const base = darts.parse(
    "[[(0, 3), (1, 3), (0, 3), (1, 3), (0, 3), (1, 3), (0, 3), (1, 3)], [(0, 0), (1, 0), (0, 0), (1, 0), (0, 0), (1, 0), (0, 0), (1, 0)]]",
  );
  const bigger = base.slice();
  bigger[1] = 4; // normal cell, node 0, first pair: sep_conv_5x5
  const a = darts.cost(base, "cifar10");
  const b = darts.cost(bigger, "cifar10");
  // Six normal cells at C = 32, 64, 128 (two each): 2 · 16 · C more depthwise weights per cell.
  assert.equal(Math.round((b.mparams - a.mparams) * 1e6), 2 * 2 * 16 * (32 + 64 + 128));
  assert.throws(() => darts.cost(base, "imagenet"), /cifar10/);
});

test("the lookup-table cost equals the cell-by-cell network walk bit for bit on 20,000 random genotypes", () => {
  const rng = Rng.fromSeed("darts-cost-table");
  const seen = new Set<number>();
  for (let i = 0; i < 20_000; i++) {
    const a = darts.sample(rng);
    const fast = dartsCost(a, "cifar10");
    const ref = dartsCostReference(a, "cifar10");
    assert.ok(
      Object.is(fast.mflops, ref.mflops),
      `mflops ${fast.mflops} ≠ ${ref.mflops} for ${darts.format(a)}`,
    );
    assert.ok(
      Object.is(fast.mparams, ref.mparams),
      `mparams ${fast.mparams} ≠ ${ref.mparams} for ${darts.format(a)}`,
    );
    seen.add(fast.mflops);
  }
  // the sample spans many distinct costs (a table that ignored the genotype would give one)
  assert.ok(seen.size > 1000, `${seen.size} distinct FLOP values`);
  assert.throws(() => dartsCost(darts.sample(rng), "ImageNet"), /cifar10/);
  assert.deepEqual(
    dartsCost(darts.sample(Rng.fromSeed(3)), "CIFAR10"),
    dartsCostReference(darts.sample(Rng.fromSeed(3)), "cifar10"),
  );
});
