import assert from "node:assert/strict";
import { test } from "node:test";
import { QueryCounter } from "../../src/data/queries.js";
import { nb201 } from "../../src/spaces/nb201/space.js";

test("a query is one new canonical class; repeats and isomorphs are free and counted apart", () => {
  let calls = 0;
  const q = new QueryCounter(nb201, (a) => {
    calls++;
    return a[0];
  });
  const iso = [...nb201.enumerate()].find((x) => nb201.key(x) !== nb201.code(x))!;
  const a = nb201.canonical(iso);
  assert.notEqual(nb201.code(a), nb201.code(iso));
  const other = nb201.parse("|nor_conv_3x3~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|");
  assert.equal(nb201.key(a), nb201.key(iso));
  q.evaluate(a);
  q.evaluate(a);
  q.evaluate(iso);
  q.evaluate(other);
  assert.equal(q.queries, 2);
  assert.equal(q.repeats, 1);
  assert.equal(q.isomorphs, 1);
  assert.equal(calls, 2);
  assert.equal(q.evaluate(iso), q.evaluate(a));
});
