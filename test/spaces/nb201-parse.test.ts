import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { ArchitectureError } from "../../src/core/errors.js";
import { NB201_OPS } from "../../src/spaces/nb201/ops.js";
import { nb201 } from "../../src/spaces/nb201/space.js";

test("nb201 parse: every official string of the 15,625 cells reads back to its genotype", () => {
  for (let code = 0; code < 15625; code++) {
    const a = nb201.decodeCode(code);
    assert.deepEqual(nb201.parse(nb201.format(a)), a);
  }
});

/** The official form as a regular expression with NB201's op names: what the fast path must accept. */
function byRegex(text: string): number[] | "error" {
  const m = /^\|(\w+)~0\|\+\|(\w+)~0\|(\w+)~1\|\+\|(\w+)~0\|(\w+)~1\|(\w+)~2\|$/.exec(text.trim());
  if (!m) return "error";
  const ops = m.slice(1).map((op) => NB201_OPS.indexOf(op as (typeof NB201_OPS)[number]));
  return ops.includes(-1) ? "error" : ops;
}

test("nb201 parse: near misses of the official form (one character edited) read as before", () => {
  const base = nb201.format(nb201.decodeCode(12345));
  const alphabet = "|+~0123_abcdeglmnoprstvx ";
  fc.assert(
    fc.property(fc.nat(base.length), fc.nat(alphabet.length), fc.nat(2), (at, c, kind) => {
      const ch = alphabet[c % alphabet.length];
      const text =
        kind === 0
          ? base.slice(0, at) + ch + base.slice(at + 1) // replace
          : kind === 1
            ? base.slice(0, at) + ch + base.slice(at) // insert
            : base.slice(0, at) + base.slice(at + 1); // delete
      const want = byRegex(text);
      let got: number[] | "error";
      try {
        got = Array.from(nb201.parse(text));
      } catch (e) {
        assert.ok(e instanceof ArchitectureError, String(e));
        got = "error";
      }
      assert.deepEqual(got, want, JSON.stringify(text));
    }),
    { numRuns: 2000 },
  );
});
