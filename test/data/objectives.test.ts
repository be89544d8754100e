import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { UsageError } from "../../src/core/errors.js";
import { buildFeasibility, parseConstraint } from "../../src/data/constraints.js";
import { loadTables } from "../../src/data/join.js";
import { checkDirections, metricUnits, parseMetricSpec } from "../../src/data/objectives.js";
import { generated, writeCsv } from "./objective-fixtures.js";

test("parseMetricSpec: NAME, NAME:max, NAME:min; conflicting directions are one-line errors", () => {
  assert.deepEqual(parseMetricSpec("acc"), { column: "acc", direction: "max", sign: 1 });
  assert.deepEqual(parseMetricSpec("lat:min"), { column: "lat", direction: "min", sign: -1 });
  assert.deepEqual(parseMetricSpec("lat:max"), { column: "lat", direction: "max", sign: 1 });
  assert.throws(
    () => checkDirections([parseMetricSpec("lat:min"), parseMetricSpec("acc"), parseMetricSpec("lat:max")]),
    (e: Error) => e instanceof UsageError && /column 'lat' is asked for both :min and :max/.test(e.message),
  );
});

test("metricUnits: the one report view — label, values back in the column's units, CI bounds swapped", () => {
  const min = metricUnits("lat:min");
  assert.deepEqual(min.label, { metric: "lat", direction: "min" });
  assert.equal(min.internal, "lat:min");
  assert.equal(min.value(-2.5), 2.5);
  assert.deepEqual(min.values(Float64Array.of(-1, -3)), [1, 3]);
  assert.deepEqual(min.ci({ n: 3, mean: -2, sd: 1, lo: -3, hi: -1 }), { n: 3, mean: 2, sd: 1, lo: 1, hi: 3 });
  const row = { best: -1.5, r: -0.4, n: 10, note: "x" };
  assert.deepEqual(min.convert(row, ["best", "note"]), { best: 1.5, r: -0.4, n: 10, note: "x" });
  assert.equal(row.best, -1.5, "the input is not modified");
  const max = metricUnits("acc");
  assert.deepEqual(max.label, { metric: "acc", direction: "max" });
  assert.equal(max.value(91.2), 91.2);
  assert.equal(max.convert(row, ["best"]), row, "identity for a maximised metric");
});

test("table.column('NAME:min') is the negated column; its max is the true minimum", () => {
  const g = generated();
  const f = writeCsv("dir.csv", { architecture: g.str, acc: g.acc, lat: g.lat }, 3);
  const t = loadTables(f, g.space);
  const neg = t.column("lat:min");
  let best = 0;
  for (let r = 1; r < t.rows; r++) if (neg[r] > neg[best]) best = r;
  const trueMin = Math.min(...g.lat);
  assert.equal(-neg[best], trueMin);
  assert.equal(g.str[g.lat.indexOf(trueMin)], g.space.format(t.archAt(best)));
  assert.equal(t.column("lat:max"), t.column("lat"));
});

test("join of two generated tables with shuffled rows matches every architecture's values", () => {
  const g = generated();
  const a = writeCsv("a.csv", { architecture: g.str, acc: g.acc }, 1);
  const b = writeCsv("b.csv", { lat: g.lat, architecture: g.str }, 2);
  const warnings: string[] = [];
  const t = loadTables([a, `dev=${b}`], g.space, {}, (m) => warnings.push(m));
  assert.deepEqual(warnings, []);
  assert.equal(t.rows, 243);
  const acc = t.column("acc");
  const lat = t.column("dev.lat");
  for (let i = 0; i < g.archs.length; i++) {
    const r = t.rowOf(g.archs[i]);
    assert.equal(acc[r], g.acc[i]);
    assert.equal(lat[r], g.lat[i]);
  }
});

test("join: a column clash without prefix is a one-line error; disagreeing tables warn with counts", () => {
  const g = generated();
  const a = writeCsv("c1.csv", { architecture: g.str, acc: g.acc }, 1);
  const b = writeCsv("c2.csv", { architecture: g.str, acc: g.lat }, 2);
  assert.throws(
    () => loadTables([a, b], g.space),
    (e: Error) =>
      e instanceof UsageError && /column 'acc' is in two tables/.test(e.message) && !e.message.includes("\n"),
  );
  const part = writeCsv("c3.csv", { architecture: g.str, lat: g.lat }, 2, (i) => i % 3 !== 0);
  const warnings: string[] = [];
  const t = loadTables([a, part], g.space, {}, (m) => warnings.push(m));
  assert.equal(t.rows, 162);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /has 243, .* has 162\); joined on the 162 in all/);
});

test("constraints: parse, unknown column, malformed, infeasible (feasible count 0)", () => {
  assert.deepEqual(parseConstraint(" lat <= 5"), { text: "lat <= 5", column: "lat", op: "<=", bound: 5 });
  assert.equal(parseConstraint("x=1e-3").op, "==");
  for (const bad of ["lat <=", "<= 5", "lat ≤ 5", "lat <= five", "lat << 5"]) {
    assert.throws(
      () => parseConstraint(bad),
      (e: Error) => e instanceof UsageError && /malformed/.test(e.message),
    );
  }
  const g = generated();
  const t = loadTables(writeCsv("k.csv", { architecture: g.str, acc: g.acc, lat: g.lat }, 4), g.space);
  assert.throws(
    () => buildFeasibility(["latency<=5"], [], g.space, t),
    (e: Error) => e instanceof UsageError && /unknown column 'latency'/.test(e.message),
  );
  assert.throws(
    () => buildFeasibility(["lat<0.5"], [], g.space, t),
    (e: Error) => e instanceof UsageError && /feasible count is 0 of 243/.test(e.message),
  );
  const f = buildFeasibility(["lat<=5", "acc>50"], ["lat"], g.space, t);
  const expected = g.lat.filter((l, i) => l <= 5 && g.acc[i] > 50).length;
  assert.equal(f.feasibleCount, expected);
  assert.ok(expected > 10 && expected < 200);
});

test("feasibility: cheap and paid parts AND-combine (fast-check over bounds)", () => {
  const g = generated();
  const t = loadTables(writeCsv("p.csv", { architecture: g.str, acc: g.acc, lat: g.lat }, 5), g.space);
  fc.assert(
    fc.property(fc.integer({ min: 2, max: 9 }), fc.integer({ min: 5, max: 95 }), (lb, ab) => {
      const f = buildFeasibility([`lat<=${lb}`, `acc>=${ab}`], ["lat"], g.space, t);
      for (let i = 0; i < g.archs.length; i++) {
        assert.equal(f.cheap(g.archs[i]), g.lat[i] <= lb);
        assert.equal(f.paid(g.archs[i]), g.acc[i] >= ab);
        assert.equal(f.test(g.archs[i]), g.lat[i] <= lb && g.acc[i] >= ab);
      }
    }),
    { seed: 15, numRuns: 30 },
  );
});
