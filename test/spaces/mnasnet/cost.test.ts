import assert from "node:assert/strict";
import { test } from "node:test";
import { readCsv } from "../../../src/data/csv.js";
import { anbMacs, mnasnetCost } from "../../../src/spaces/mnasnet/cost.js";
import { decodeBlocks, MnasNetSpace } from "../../../src/spaces/mnasnet/space.js";
import { sharedData } from "../../helpers.js";
import { relErr } from "../chain-checks.js";

const anb = sharedData("accel-nasbench/anb_dataset.csv");
const space = new MnasNetSpace();

// EfficientNet-B0 (Tan & Le, ICML 2019, Table 2: 0.39B FLOPs, 5.3M params) as a chain of this space
// (Accel-NASBench's own `efficientnet_b0()` in configurationspaces/searchspaces.py).
test("mnasnet cost: EfficientNet-B0 within 1.5 % of 390M MACs and 0.5 % of 5.3M params", () => {
  const c = space.cost(space.parse("e1k3l1se-e6k3l2se-e6k5l2se-e6k3l3se-e6k5l3se-e6k5l4se-e6k3l1se"));
  // 385.8M: the paper rounds to two digits (0.39B covers 385–395M)
  assert.ok(relErr(c.mflops, 390) < 0.015, `MACs ${c.mflops}`);
  assert.ok(relErr(c.mparams, 5.3) < 0.005, `params ${c.mparams}`);
});

test("mnasnet cost: params equal Accel-NASBench's params_M and anbMacs its macs_M on all 5,138 rows (1e-9)", {
  skip: anb.skip,
}, () => {
  const csv = readCsv(anb.path);
  const col = (n: string) => csv.header.indexOf(n);
  let worstMacs = 0;
  let worstParams = 0;
  for (const r of csv.records) {
    const text = [0, 1, 2, 3, 4, 5, 6]
      .map(
        (b) =>
          `e${r[col(`block${b}_e`)]}k${r[col(`block${b}_k`)]}l${r[col(`block${b}_l`)]}${r[col(`block${b}_se`)] === "True" ? "se" : ""}`,
      )
      .join("-");
    const n = mnasnetCost(decodeBlocks(space.parse(text)));
    worstParams = Math.max(worstParams, relErr(n.cost().mparams, Number(r[col("params_M")])));
    worstMacs = Math.max(worstMacs, relErr(anbMacs(n), Number(r[col("macs_M")])));
  }
  assert.equal(csv.records.length, 5138);
  assert.ok(worstParams < 1e-9, `worst params error ${worstParams}`);
  assert.ok(worstMacs < 1e-9, `worst MACs error ${worstMacs}`);
});

test("mnasnet cost: turning SE on in block 0 adds its two FCs exactly", () => {
  const off = space.parse("e1k3l1-e6k3l2se-e6k5l2se-e6k3l3se-e6k5l3se-e6k5l4se-e6k3l1se");
  const on = space.parse("e1k3l1se-e6k3l2se-e6k5l2se-e6k3l3se-e6k5l3se-e6k5l4se-e6k3l1se");
  // block 0: 32 channels in, e = 1 → SE on 32 channels squeezed to 8: 2·32·8 MACs, 32·8+8+8·32+32 params
  assert.equal(Math.round((space.cost(on).mflops - space.cost(off).mflops) * 1e6), 2 * 32 * 8);
  assert.equal(
    Math.round((space.cost(on).mparams - space.cost(off).mparams) * 1e6),
    32 * 8 + 8 + 8 * 32 + 32,
  );
});
