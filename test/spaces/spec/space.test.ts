import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { ConvCounter } from "../../../src/spaces/conv-cost.js";
import { getSpace } from "../../../src/spaces/registry.js";
import { SpecSpace } from "../../../src/spaces/spec/space.js";
import { ROOT } from "../../helpers.js";
import { checkNeighbours, checkRoundTrip, checkUniformSampling, relErr } from "../chain-checks.js";

const chain = SpecSpace.fromFile(join(ROOT, "examples/spaces/mobilenet-chain.json"));
const cell = SpecSpace.fromFile(join(ROOT, "examples/spaces/small-cell.yaml"));

test("spec chain: 4·5·4·5·4·5 networks, named choices, cost declared", () => {
  assert.equal(chain.size(), 8000n);
  assert.equal(chain.uniqueSize(), 8000n);
  assert.equal(chain.maxEditDistance(), 6);
  assert.ok(chain.capabilities.has("cost"));
  const a = chain.parse("mb6_k5,skip,mb3_k3,1,mb6_k3,skip");
  assert.deepEqual([...a], [3, 4, 0, 1, 2, 4]);
  assert.equal(chain.format(a), "mb6_k5,skip,mb3_k3,mb3_k5,mb6_k3,skip");
  assert.equal(getSpace(`spec:${join(ROOT, "examples/spaces/mobilenet-chain.json")}`).size(), 8000n);
});

test("spec chain: round trip, neighbours (Σ(c−1) = 3+4+3+4+3+4 = 21), uniform sampling", () => {
  checkRoundTrip(chain);
  checkNeighbours(chain, 21);
  checkUniformSampling(chain);
});

test("spec chain: base + per-layer terms equal the whole network counted layer by layer (0.01 %)", () => {
  // The file's network with mb6_k5 everywhere: 32×32, stem 3→16; 16→24 s2, 24→24, 24→40 s2, 40→40,
  // 40→64 s2, 64→64; head 1×1 64→256, pool, FC 256→10.
  const n = new ConvCounter(32).conv(3, 16, 3);
  const layers = [
    [16, 24, 2],
    [24, 24, 1],
    [24, 40, 2],
    [40, 40, 1],
    [40, 64, 2],
    [64, 64, 1],
  ];
  for (const [cin, cout, s] of layers) n.mbconv(cin, cout, 6, 5, s);
  const whole = n.conv(64, 256, 1).globalPool(256).linear(256, 10).cost();
  const c = chain.cost(chain.parse("mb6_k5,mb6_k5,mb6_k5,mb6_k5,mb6_k5,mb6_k5"));
  assert.ok(relErr(c.mflops, whole.mflops) < 1e-4, `${c.mflops} vs ${whole.mflops}`);
  assert.ok(relErr(c.mparams, whole.mparams) < 1e-4, `${c.mparams} vs ${whole.mparams}`);
});

test("spec cell: swapping the two parallel nodes is an isomorphism; 1,088 classes (Burnside by hand)", () => {
  assert.equal(cell.size(), 2048n);
  assert.equal(cell.uniqueSize(), (2n * (4n ** 5n + 4n ** 3n)) / 2n);
  assert.ok(!cell.capabilities.has("cost"));
  const a = cell.parse("wide,conv3x3,skip,pool,none,skip");
  const b = cell.parse("wide,skip,conv3x3,none,pool,skip");
  const c = cell.parse("wide,skip,conv3x3,pool,none,skip");
  assert.equal(cell.key(a), cell.key(b));
  assert.notEqual(cell.key(a), cell.key(c));
  // independent count: orbits of the explicit swap (edge 0↔1, 2↔3) over all genotypes
  const classes = new Set<string>();
  for (const g of cell.enumerate()) {
    const s = [g[0], g[2], g[1], g[4], g[3], g[5]];
    classes.add([[...g].join(), s.join()].sort()[0]);
  }
  assert.equal(classes.size, 1088);
  assert.equal(new Set([...cell.enumerate()].map((g) => cell.key(g))).size, 1088);
  checkNeighbours(cell, 1 + 5 * 3);
});

test("spec: bad strings name the position and the choices", () => {
  assert.throws(() => chain.parse("mb6_k5,skip"), /has 2 positions; spec:.* has 6/);
  assert.throws(() => chain.parse("skip,skip,mb3_k3,mb3_k3,mb3_k3,skip"), /layer1 has no choice 'skip'/);
  assert.throws(() => cell.parse("wide,conv5x5,skip,pool,none,skip"), /edge 0→1 has no choice 'conv5x5'/);
  assert.throws(() => getSpace("spec"), /spec needs a file/);
  assert.throws(() => getSpace("spec:space.txt"), /expected \.json, \.yaml or \.yml/);
});
