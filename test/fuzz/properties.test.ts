import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { Rng } from "../../src/core/rng.js";
import { parseCsvText } from "../../src/data/csv-text.js";
import { getSpace, spaceNames } from "../../src/spaces/registry.js";
import type { SearchSpace } from "../../src/spaces/space.js";

/**
 * Property tests for every registered space and for the CSV parser, with fast-check under a fixed seed in
 * CI (FUZZ_SEED, default 1); FUZZ_RUNS multiplies the number of cases for long local runs.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 1);
const RUNS = 40 * Math.max(1, Number(process.env.FUZZ_RUNS ?? 1));

/** Spaces that need an argument get a small one; nb101's default sampler enumerates 423,624 cells first. */
const ARGS: Record<string, string | null> = {
  categorical: "categorical:7x3",
  nb101: "nb101:naszilla",
  spec: null,
};

function spaces(): Array<[string, SearchSpace]> {
  const out: Array<[string, SearchSpace]> = [];
  for (const name of spaceNames()) {
    const spec = name in ARGS ? ARGS[name] : name;
    if (spec === null) continue;
    try {
      out.push([spec, getSpace(spec)]);
    } catch {
      // a space that needs a file argument (e.g. spec:FILE) is covered by its own tests
    }
  }
  return out;
}

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

for (const [spec, space] of spaces()) {
  test(`${spec}: parse∘format, neighbours at distance 1, mutate among them, canonical keys`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const rng = Rng.fromSeed(seed);
        const a = space.sample(rng);
        assert.ok(space.isValid(a), "sample is valid");
        const back = space.parse(space.format(a));
        assert.ok(same(back, a) || space.code(back) === space.code(a), `round trip of ${space.format(a)}`);
        const nbrs = space.neighbours(a);
        const codes = new Set<number>();
        for (const n of nbrs) {
          assert.ok(space.isValid(n), `neighbour ${space.format(n)} is valid`);
          assert.equal(space.editDistance(a, n), 1, `neighbour ${space.format(n)} at distance 1`);
          codes.add(space.code(n));
        }
        assert.equal(codes.size, nbrs.length, "neighbours are distinct");
        assert.ok(!codes.has(space.code(a)), "a is not its own neighbour");
        if (nbrs.length > 0)
          assert.ok(codes.has(space.code(space.mutate(a, rng))), "mutate gives a neighbour");
        const c = space.canonical(a);
        assert.equal(space.key(c), space.key(a), "canonical form has the same key");
        assert.ok(same(space.canonical(c), c), "canonical is idempotent");
        assert.equal(space.editDistance(a, a), 0);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
}

/** RFC 4180 serialisation of one field (the oracle the parser is checked against). */
const field = (s: string) => (/[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s);

test("CSV: parse(serialise(records)) gives the records back, with the line each starts on", () => {
  const cell = fc.string({
    unit: fc.constantFrom("a", "b", "1", ",", '"', "\n", " ", "é", "-"),
    maxLength: 6,
  });
  fc.assert(
    fc.property(
      fc
        .integer({ min: 1, max: 5 })
        .chain((w) =>
          fc.tuple(
            fc.constant(w),
            fc.array(fc.array(cell, { minLength: w, maxLength: w }), { minLength: 1, maxLength: 12 }),
          ),
        ),
      fc.boolean(),
      ([w, rows], crlf) => {
        // blank records would be skipped as blank lines: give one-field rows a non-empty cell
        const records = rows.map((r) => (w === 1 && r[0] === "" ? ["x"] : r));
        const header = Array.from({ length: w }, (_, i) => `c${i}`);
        const eol = crlf ? "\r\n" : "\n";
        const lines = [header, ...records].map((r) => r.map(field).join(","));
        const parsed = parseCsvText(lines.join(eol) + eol, "p.csv");
        assert.deepEqual(parsed.header, header);
        assert.deepEqual(parsed.records, records);
        let line = 2;
        records.forEach((r, i) => {
          assert.equal(parsed.lines[i], line);
          line += 1 + r.join(",").split("\n").length - 1;
        });
      },
    ),
    { seed: SEED, numRuns: RUNS * 5 },
  );
});
