import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { spaceNames } from "../../src/spaces/registry.js";
import { runCli } from "../cli/run.js";
import { ROOT, sharedData } from "../helpers.js";

const dir = mkdtempSync(join(tmpdir(), "lissnas-spaces-cli-"));
const anb = sharedData("accel-nasbench/anb_dataset.csv");
const CHAIN = join(ROOT, "examples/spaces/mobilenet-chain.json");
const CELL = join(ROOT, "examples/spaces/small-cell.yaml");
// The smallest LISSNAS run that still iterates: the point is that each space runs end to end.
const TINY = [
  "--initial-samples",
  "150",
  "--budget",
  "20",
  "--neighbour-limit",
  "200",
  "--max-iterations",
  "2",
];

test("spaces --json lists every registered space with exact sizes and usages", async () => {
  const r = await runCli(["spaces", "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const rows = JSON.parse(r.stdout) as {
    name: string;
    size: string | null;
    maxEditDistance: number | null;
    capabilities: string[];
    reads: string;
    usage?: string;
    uniqueSize?: string;
  }[];
  assert.deepEqual(
    rows.map((x) => x.name),
    spaceNames(),
  );
  const by = new Map(rows.map((x) => [x.name, x]));
  assert.equal(by.get("spos")?.size, (4n ** 20n).toString());
  assert.equal(by.get("fairnas")?.size, (6n ** 19n).toString());
  assert.equal(by.get("mnasnet")?.size, (48n ** 7n).toString());
  assert.equal(by.get("mnasnet")?.maxEditDistance, 28);
  assert.ok(by.get("mnasnet")?.capabilities.includes("cost"));
  assert.match(by.get("mnasnet")?.reads ?? "", /anb_dataset\.csv/);
  assert.equal(by.get("spec")?.size, null);
  assert.match(by.get("spec")?.usage ?? "", /spec:examples\/spaces\//);
  assert.match(by.get("categorical")?.usage ?? "", /categorical:8x3/);
  assert.equal(by.get("nb201")?.uniqueSize, "6466");
  const text = await runCli(["spaces"]);
  assert.equal(text.code, 0);
  assert.match(text.stdout, /^spos\s+1099511627776\s+20\s/m);
});

for (const space of ["spos", "fairnas", "mnasnet", `spec:${CHAIN}`, `spec:${CELL}`]) {
  test(`shrink runs on the synthetic landscape in ${space.replace(ROOT, ".")}`, async () => {
    const out = join(dir, space.replace(/[^a-z]/gi, "_"));
    const r = await runCli([
      "shrink",
      "--space",
      space,
      "--seed",
      "2",
      "--out",
      out,
      "--json",
      "--quiet",
      ...TINY,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.synthetic, true);
    assert.ok(j.shrunk.size > 0 && j.queries <= 20);
  });
}

test("info reads Accel-NASBench as shipped (partial table: 5,125 networks)", { skip: anb.skip }, async () => {
  const r = await runCli([
    "info",
    "--space",
    "mnasnet",
    "--data",
    anb.path,
    "--metric",
    "val_top1",
    "--json",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.architectures, 5125);
  assert.equal(j.spaceSize, 48 ** 7);
  // best network of the file (SOURCE.md: result_2274.json, val_top1 67.052, block0 e4 k3 l3 no SE)
  assert.equal(j.best.value, 67.052);
  assert.match(j.best.arch, /^e4k3l3-e4k5l3-e6k3l3se-/);
});

test("an Accel-NASBench file given to another space is one line naming the file", {
  skip: anb.skip,
}, async () => {
  const r = await runCli(["info", "--space", "spos", "--data", anb.path]);
  assert.notEqual(r.code, 0);
  assert.equal(r.stderr.trim().split("\n").length, 1);
  assert.match(r.stderr, /anb_dataset\.csv: .*--space mnasnet/);
});

const BAD: [string, string, RegExp][] = [
  [
    "unknown key",
    `{"name": "x", "positions": [{"name": "a", "choices": ["p"], "colour": 1}]}`,
    /field 'positions\.0'.*'colour' \(unknown key\)/,
  ],
  [
    "empty choice list",
    `{"name": "x", "positions": [{"name": "a", "choices": []}]}`,
    /field 'positions\.0\.choices': must NOT have fewer than 1 items/,
  ],
  ["0 positions", `{"name": "x", "positions": []}`, /field 'positions': the space has 0 positions/],
  [
    "10^6 choices",
    `{"name": "x", "positions": [{"name": "a", "choices": [${Array.from({ length: 1_000_000 }, (_, i) => `"c${i}"`).join(",")}]}]}`,
    /field 'positions\.0\.choices': must NOT have more than 255 items/,
  ],
  [
    "duplicate position names",
    `{"name": "x", "positions": [{"name": "a", "choices": ["p"]}, {"name": "a", "choices": ["q"]}]}`,
    /field 'positions\.1\.name': duplicate position name 'a'/,
  ],
  [
    "duplicate choice names",
    `{"name": "x", "positions": [{"name": "a", "choices": ["p", "p"]}]}`,
    /field 'positions\.0\.choices\.1': duplicate choice name 'p'/,
  ],
  [
    "a cycle in the cell",
    `{"name": "x", "cell": {"nodes": 4, "edges": [[0,1],[1,2],[2,1],[2,3]], "ops": ["conv"]}}`,
    /field 'cell\.edges': the edges form a cycle 1 → 2 → 1/,
  ],
  [
    "an edge out of range",
    `{"name": "x", "cell": {"nodes": 3, "edges": [[0,1],[1,5]], "ops": ["conv"]}}`,
    /field 'cell\.edges\.1': edge \[1, 5\] names a node outside 0\.\.2/,
  ],
  [
    "a wrong type",
    `{"name": "x", "positions": [{"name": "a", "choices": [{"name": "p", "flops": "big"}]}]}`,
    /field 'positions\.0\.choices\.0\.flops': must be number/,
  ],
  ["malformed JSON", `{"name": "x",`, /malformed JSON/],
];

for (const [what, text, expected] of BAD) {
  test(`spec file with ${what}: exit non-zero, one line naming the file and field`, async () => {
    const file = join(dir, `${what.replace(/\W/g, "_")}.json`);
    writeFileSync(file, text);
    const r = await runCli(["spaces", "--json"]); // the listing never reads user files
    assert.equal(r.code, 0);
    const bad = await runCli(["info", "--space", `spec:${file}`]);
    assert.notEqual(bad.code, 0);
    assert.equal(bad.stderr.trim().split("\n").length, 1, bad.stderr);
    assert.ok(bad.stderr.includes(file), bad.stderr);
    assert.match(bad.stderr, expected);
  });
}

test("spec file in YAML with an unknown top-level key names it", async () => {
  const file = join(dir, "bad.yaml");
  writeFileSync(file, "name: x\npositions:\n  - name: a\n    choices: [p, q]\nlayers: 3\n");
  const r = await runCli(["info", "--space", `spec:${file}`]);
  assert.notEqual(r.code, 0);
  assert.match(
    r.stderr,
    /bad\.yaml: field '\(top level\)': must NOT have additional properties 'layers' \(unknown key\)/,
  );
});
