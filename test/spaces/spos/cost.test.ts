import assert from "node:assert/strict";
import { test } from "node:test";
import { SposSpace, sposCost } from "../../../src/spaces/spos/space.js";
import { relErr } from "../chain-checks.js";

// SPOS's released "OneShot" model (block + channel search; megvii-model/SinglePathOneShot and the SPOS
// paper, Guo et al. ECCV 2020): blocks 0,0,3,1,1,1,0,0,2,0,2,1,1,0,2,0,2,1,3,2 and channel scale ids
// 6,5,3,5,2,6,3,4,2,5,7,5,4,6,7,4,4,5,4,3 over scales 0.2, 0.4, …, 2.0. Published: 328M FLOPs (MACs),
// 3.4M parameters.
const BLOCKS = "00311100202110202132";
const SCALE_IDS = [6, 5, 3, 5, 2, 6, 3, 4, 2, 5, 7, 5, 4, 6, 7, 4, 4, 5, 4, 3];

test("spos cost: SPOS OneShot model within 0.1 % of 328M MACs and 2 % of 3.4M params", () => {
  const spos = new SposSpace();
  const a = spos.parse(BLOCKS);
  const c = sposCost(
    a,
    SCALE_IDS.map((i) => 0.2 * (i + 1)),
  ).cost();
  assert.ok(relErr(c.mflops, 328) < 0.001, `MACs ${c.mflops}`);
  assert.ok(relErr(c.mparams, 3.4) < 0.02, `params ${c.mparams}`);
});

test("spos cost: the space's cost is the unscaled network; a kernel change costs what a hand count says", () => {
  const spos = new SposSpace();
  const a = spos.parse(BLOCKS);
  assert.deepEqual(spos.cost(a, "imagenet"), sposCost(a).cost());
  const allShuffle3 = sposCost(new Uint8Array(20)).cost();
  const allXception = sposCost(new Uint8Array(20).fill(3)).cost();
  assert.ok(allXception.mflops > allShuffle3.mflops && allXception.mparams > allShuffle3.mparams);
  // Stage 1 block 0 (16→64, mid 32, stride 2, k=3): main 16·32·112² + 32·9·56² + 32·48·56² MACs;
  // proj 16·9·56² + 16·16·56². Everything else fixed: compare two networks differing only there.
  const b = new Uint8Array(20);
  const b2 = b.slice();
  b2[0] = 1; // 5×5: main dw 32·25·56², proj dw 16·25·56²
  const diff = sposCost(b2).macs - sposCost(b).macs;
  assert.equal(diff, (32 + 16) * (25 - 9) * 56 * 56);
});
