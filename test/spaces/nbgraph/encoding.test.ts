import assert from "node:assert/strict";
import { test } from "node:test";
import { encodeStructure, STRUCTURAL_ENCODINGS } from "../../../src/spaces/nbgraph/encoding.js";
import { NBGRAPH_LINKS, OP_SKIP } from "../../../src/spaces/nbgraph/hash.js";
import { nbgraphSpace } from "../../../src/spaces/nbgraph/space.js";

const s = nbgraphSpace();

/** The non-zero entries of an encoding, as {index: value}. */
function nonZero(a: string, encoding: string): Record<number, number> {
  const x = new Float32Array(s.encodingLength(encoding));
  s.encode(s.parse(a), encoding, x, 0);
  const out: Record<number, number> = {};
  x.forEach((v, i) => {
    if (v !== 0) out[i] = v;
  });
  return out;
}

test("encodingLength: onehot first (the default), then struct and path, sized by the op count", () => {
  assert.deepEqual([...s.encodings], ["onehot", "struct", "path"]);
  // struct: 9 links + n op counts + 4n (op, depth) + n (op, feeds the output) + (n + 1)·n edges
  assert.equal(s.encodingLength("struct"), 9 + 9 + 36 + 9 + 90);
  assert.equal(s.encodingLength("path"), 9 + 9 + 81); // 9 links + n one-op paths + n² two-op paths
  const p = nbgraphSpace(true); // proteins: 5 ops
  assert.equal(p.encodingLength("struct"), 9 + 5 + 20 + 5 + 30);
  assert.equal(p.encodingLength("path"), 9 + 5 + 25);
  assert.throws(() => s.encodingLength("paths"), /unknown encoding 'paths'.*onehot, struct, path/);
});

// Global op indices: gat 0, gcn 1, gin 2, cheb 3, sage 4, arma 5, graph 6, fc 7, skip 8.
// struct offsets: link 0..8, op counts 9.., (op, depth d) 18 + 9(d−1) + op, (op, leaf) 54 + op,
// edge (from, to) 63 + 9·from + to with from = 9 for the graph input. path: link 0..8, one-op 9 + op,
// two-op 18 + 9·first + second.
test("hand-checked: a chain 0-1-2-3:gcn-gat-sage-fc", () => {
  assert.deepEqual(nonZero("0-1-2-3:gcn-gat-sage-fc", "struct"), {
    8: 1, // link pattern 8 = 0-1-2-3
    9: 1, // gat
    10: 1, // gcn
    13: 1, // sage
    16: 1, // fc
    19: 1, // gcn at depth 1
    27: 1, // gat at depth 2
    40: 1, // sage at depth 3
    52: 1, // fc at depth 4
    61: 1, // fc feeds the output
    145: 1, // input → gcn
    72: 1, // gcn → gat
    67: 1, // gat → sage
    106: 1, // sage → fc
  });
  // one input→output path, of length 4: counted by its last two ops, sage → fc
  assert.deepEqual(nonZero("0-1-2-3:gcn-gat-sage-fc", "path"), { 8: 1, [18 + 9 * 4 + 7]: 1 });
});

test("hand-checked: a skip leaf passes its parent on; the isomorphic spelling encodes the same", () => {
  // node 3 (skip) and node 4 (sage) both read node 1 (gcn); node 2 (gat) reads the input. valid_hash sorts
  // the interchangeable nodes 3 and 4, so the class's representative is …:gcn-gat-sage-skip.
  assert.equal(s.format(s.canonical(s.parse("0-0-1-1:gcn-gat-skip-sage"))), "0-0-1-1:gcn-gat-sage-skip");
  const struct = {
    2: 1, // link pattern 2 = 0-0-1-1
    9: 1, // gat
    10: 1, // gcn
    13: 1, // sage
    17: 1, // skip
    18: 1, // gat at depth 1
    19: 1, // gcn at depth 1
    31: 1, // sage at depth 2 (skip has no depth)
    54: 1, // gat feeds the output
    55: 1, // gcn feeds the output through the skip leaf
    58: 1, // sage feeds the output
    144: 1, // input → gat
    145: 1, // input → gcn
    76: 1, // gcn → sage
  };
  const path = { 2: 1, 9: 1, 10: 1, [18 + 9 * 1 + 4]: 1 }; // paths gat, gcn (via the skip), gcn → sage
  for (const a of ["0-0-1-1:gcn-gat-skip-sage", "0-0-1-1:gcn-gat-sage-skip"]) {
    assert.deepEqual(nonZero(a, "struct"), struct, a);
    assert.deepEqual(nonZero(a, "path"), path, a);
  }
});

test("hand-checked: repeated ops are counted, 0-0-0-0:gcn-gcn-gcn-gat", () => {
  assert.deepEqual(nonZero("0-0-0-0:gcn-gcn-gcn-gat", "struct"), {
    0: 1,
    9: 1,
    10: 3,
    18: 1,
    19: 3,
    54: 1,
    55: 3,
    144: 1,
    145: 3,
  });
  assert.deepEqual(nonZero("0-0-0-0:gcn-gcn-gcn-gat", "path"), { 0: 1, 9: 1, 10: 3 });
});

test("all 59,040 pairs: the graph features of the raw pair equal its class representative's", () => {
  // Not a tautology: encodeStructure reads the raw (link, ops), which valid_hash rewrites (ops permuted,
  // skip nodes moved, link patterns changed in 12,904 pairs); only the link one-hot may differ.
  for (const enc of STRUCTURAL_ENCODINGS) {
    const w = s.encodingLength(enc);
    const raw = new Float32Array(w);
    const rep = new Float32Array(w);
    const viaSpace = new Float32Array(w);
    let pairs = 0;
    let linkChanged = 0;
    for (let link = 0; link < 9; link++) {
      for (let o = 0; o < 9 ** 4; o++) {
        const ops = [o % 9, Math.floor(o / 9) % 9, Math.floor(o / 81) % 9, Math.floor(o / 729)];
        const a = Uint8Array.from([link, ...ops]);
        if (!s.isValid(a)) continue;
        pairs++;
        const c = s.canonical(a);
        if (c[0] !== link) linkChanged++;
        encodeStructure(enc, c[0], NBGRAPH_LINKS[link], ops, 9, OP_SKIP, raw, 0);
        encodeStructure(enc, c[0], NBGRAPH_LINKS[c[0]], c.subarray(1), 9, OP_SKIP, rep, 0);
        s.encode(a, enc, viaSpace, 0);
        for (let i = 0; i < w; i++) {
          if (raw[i] !== rep[i] || viaSpace[i] !== rep[i]) {
            assert.fail(`${enc}: ${s.format(a)} and ${s.format(c)} differ at feature ${i}`);
          }
        }
      }
    }
    assert.equal(pairs, 59040);
    assert.equal(linkChanged, 12904);
  }
});

test("encode writes only its own width, at the offset", () => {
  for (const enc of ["struct", "path"]) {
    const w = s.encodingLength(enc);
    const x = new Float32Array(w + 10).fill(7);
    s.encode(s.parse("0-1-1-2:gin-skip-arma-fc"), enc, x, 5);
    assert.deepEqual([...x.subarray(0, 5), ...x.subarray(5 + w)], Array(10).fill(7));
    assert.ok(x.subarray(5, 5 + w).every((v) => v >= 0 && v <= 4));
    assert.equal(x[5 + s.canonical(s.parse("0-1-1-2:gin-skip-arma-fc"))[0]], 1);
  }
});
