import assert from "node:assert/strict";
import { test } from "node:test";
import { ConvCounter } from "../../../src/spaces/conv-cost.js";
import { MobileNetSpace } from "../../../src/spaces/mobilenet/space.js";
import { relErr } from "../chain-checks.js";

// FairNAS-B (Chu et al. 2019, arXiv 1907.01845, Table 1: 345M MACs, 4.5M params). Its layer choices
// 1,0,1,0,3,1,2,0,3,1,0,3,2,0,5,4,5,3,4 are the `model_meta` of a public TensorFlow port of the released
// model (found by code search), in the order MB3_K3, MB3_K5, MB3_K7, MB6_K3, MB6_K5, MB6_K7.
test("fairnas cost: FairNAS-B within 0.1 % of 345M MACs and 0.5 % of 4.5M params", () => {
  const s = new MobileNetSpace();
  const c = s.cost(s.parse("1010312031032054534"));
  assert.ok(relErr(c.mflops, 345) < 0.001, `MACs ${c.mflops}`);
  assert.ok(relErr(c.mparams, 4.5) < 0.005, `params ${c.mparams}`);
});

// MnasNet-A1 (Tan et al. CVPR 2019, Table 1: 312M MACs, 3.9M params) is outside the 19×6 space (it has
// SE, a 3× 5×5 stage and 160 channels), so it checks the shared layer counter the space is built on:
// stem 32; SepConv 16; MB6 k3 ×2 →24; MB3 k5 SE ×3 →40; MB6 k3 ×4 →80; MB6 k3 SE ×2 →112;
// MB6 k5 SE ×3 →160; MB6 k3 ×1 →320; head 1280; FC 1000. SE squeezes to ⌊C_in/4⌋.
test("conv counter: MnasNet-A1 within 0.2 % of 312M MACs and 0.5 % of 3.9M params", () => {
  const n = new ConvCounter(224).conv(3, 32, 3, 2);
  const stages: [number, number, number, number, number, boolean][] = [
    [1, 3, 1, 16, 1, false],
    [6, 3, 2, 24, 2, false],
    [3, 5, 3, 40, 2, true],
    [6, 3, 4, 80, 2, false],
    [6, 3, 2, 112, 1, true],
    [6, 5, 3, 160, 2, true],
    [6, 3, 1, 320, 1, false],
  ];
  let cin = 32;
  for (const [e, k, r, out, s, se] of stages) {
    for (let j = 0; j < r; j++) {
      n.mbconv(cin, out, e, k, j === 0 ? s : 1, se ? Math.floor(cin / 4) : 0);
      cin = out;
    }
  }
  const c = n.conv(320, 1280, 1).globalPool(1280).linear(1280, 1000).cost();
  assert.ok(relErr(c.mflops, 312) < 0.002, `MACs ${c.mflops}`);
  assert.ok(relErr(c.mparams, 3.9) < 0.005, `params ${c.mparams}`);
});

test("fairnas cost: changing one layer's kernel adds exactly its depthwise MACs", () => {
  const s = new MobileNetSpace();
  const a = s.parse("0".repeat(19));
  const b = a.slice();
  b[0] = 2; // layer 0: MB3 k3 → MB3 k7, 16→48 mid channels, stride 2 → 56×56 output
  const diff = (s.cost(b).mflops - s.cost(a).mflops) * 1e6;
  assert.equal(Math.round(diff), 48 * (49 - 9) * 56 * 56);
});
