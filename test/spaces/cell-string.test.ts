import assert from "node:assert/strict";
import { test } from "node:test";
import { cellCanonicalTable, cellRepresentatives, cellUniqueString } from "../../src/spaces/cell-string.js";
import { NB201_EDGES, NB201_OPS, OP_NONE, OP_SKIP } from "../../src/spaces/nb201/ops.js";
import { nb201 } from "../../src/spaces/nb201/space.js";
import type { Arch } from "../../src/spaces/space.js";
import { SPIKENAS_EDGES, SPIKENAS_OPS } from "../../src/spaces/spikenas/space.js";
import { TRANSNAS_MICRO_OPS } from "../../src/spaces/transnas/micro.js";

type Edges = ReadonlyArray<readonly [number, number]>;

/** The reference: one string per cell (cellUniqueString), classes by string equality. */
function byStrings(edges: Edges, ops: readonly string[], none: number, skip: number): Int32Array {
  const v = ops.length;
  const decode = (code: number): Arch => {
    const a = new Uint8Array(edges.length);
    for (let i = 0, k = code; i < a.length; i++, k = Math.floor(k / v)) a[i] = k % v;
    return a;
  };
  return cellCanonicalTable(v ** edges.length, decode, (a) => cellUniqueString(a, edges, ops, none, skip));
}

test("cellRepresentatives: the string-built table, cell for cell, for every NB201-shaped op set", () => {
  const cases: Array<[string, Edges, readonly string[], number, number, number]> = [
    ["nb201", NB201_EDGES, NB201_OPS, OP_NONE, OP_SKIP, 6466],
    ["spikenas", SPIKENAS_EDGES, SPIKENAS_OPS, 0, 1, 6466],
    ["transnas-micro", NB201_EDGES, TRANSNAS_MICRO_OPS, 0, 1, -1],
    // no skip op, and the zero op last: other string collisions than NB201's
    ["no skip", NB201_EDGES, ["a", "b", "z"], 2, -1, -1],
    ["no none", SPIKENAS_EDGES, ["id", "p", "q"], -1, 0, -1],
  ];
  for (const [name, edges, ops, none, skip, classes] of cases) {
    const fast = cellRepresentatives(edges, ops, none, skip);
    assert.deepEqual(fast, byStrings(edges, ops, none, skip), name);
    let n = 0;
    for (let i = 0; i < fast.length; i++) if (fast[i] === i) n++;
    if (classes > 0) assert.equal(n, classes, name);
    assert.ok(n < fast.length, `${name}: some cells are isomorphic`);
  }
});

test("NB201 keys come from the same table (canonical key = smallest code of the class)", () => {
  const ref = byStrings(NB201_EDGES, NB201_OPS, OP_NONE, OP_SKIP);
  for (let code = 0; code < ref.length; code += 37)
    assert.equal(nb201.key(nb201.decodeCode(code)), ref[code]);
});
