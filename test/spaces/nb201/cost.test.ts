import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { parse as parseCsv } from "csv-parse/sync";
import { UsageError } from "../../../src/core/errors.js";
import { nb201Cost, nb201CostCounts } from "../../../src/spaces/nb201/cost.js";
import { OP_CONV1, OP_CONV3, OP_NONE, OP_POOL, OP_SKIP } from "../../../src/spaces/nb201/ops.js";
import { nb201 } from "../../../src/spaces/nb201/space.js";
import { sharedData } from "../../helpers.js";

const EXAMPLE = "|skip_connect~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_1x1~0|nor_conv_1x1~1|none~2|";

test("hand-computed example: 615,386 params and 88,307,392 FLOPs on CIFAR-10 (NASLib's values)", () => {
  const a = nb201.parse(EXAMPLE);
  assert.deepEqual(nb201CostCounts(a, "cifar10"), { flops: 88_307_392, params: 615_386 });
  assert.deepEqual(nb201Cost(a, "cifar10"), { mflops: 88.307392, mparams: 0.615386 });
  // Only the head changes with the class count: 90 more outputs = 90·64 MACs, 90·65 params.
  assert.deepEqual(nb201CostCounts(a, "cifar100"), { flops: 88_307_392 + 5760, params: 615_386 + 5850 });
  // The lead's listing (skip, conv3, conv1, conv3, conv1, none) has the same op counts, hence the same cost.
  const b = Uint8Array.from([OP_SKIP, OP_CONV3, OP_CONV1, OP_CONV3, OP_CONV1, OP_NONE]);
  assert.deepEqual(nb201CostCounts(b, "cifar10"), { flops: 88_307_392, params: 615_386 });
});

test("the empty cell costs the skeleton only; dead ops are counted", () => {
  const none = new Uint8Array(6);
  // FLOPs: stem 475,136 + blocks 3,743,744 + 3,706,880 + head 18,112;
  // params: stem 464 + blocks 14,464 + 57,600 + head 778 (the example adds 542,080 = cell convs 537,600 + their BNs 4,480).
  assert.deepEqual(nb201CostCounts(none, "cifar10"), { flops: 7_943_872, params: 73_306 });
  // Node 3 gets nothing (edges 3, 4, 5 are none): the convs on edges 0, 1, 2 still cost what they cost live.
  const dead = Uint8Array.from([OP_CONV3, OP_POOL, OP_CONV1, OP_NONE, OP_NONE, OP_NONE]);
  const live = Uint8Array.from([OP_NONE, OP_NONE, OP_NONE, OP_CONV3, OP_POOL, OP_CONV1]);
  assert.deepEqual(nb201CostCounts(dead, "cifar10"), nb201CostCounts(live, "cifar10"));
});

test("dataset aliases are case-insensitive; ImageNet16-120 uses 16×16 inputs", () => {
  const a = nb201.parse(EXAMPLE);
  const inet = nb201Cost(a, "ImageNet16-120");
  for (const alias of ["imagenet16-120", "IMAGENET16-120", "imagenet", "ImageNet16", "imagenet16_120"]) {
    assert.deepEqual(nb201Cost(a, alias), inet);
  }
  assert.deepEqual(nb201Cost(a, "CIFAR10"), nb201Cost(a, "cifar10"));
  assert.deepEqual(nb201Cost(a, "CIFAR-100"), nb201Cost(a, "cifar100"));
  assert.ok(inet.mflops < nb201Cost(a, "cifar100").mflops / 3);
});

test("an unknown dataset is a UsageError naming the known ones", () => {
  const a = nb201.parse(EXAMPLE);
  assert.throws(
    () => nb201Cost(a, "mnist"),
    (e: unknown) =>
      e instanceof UsageError &&
      /mnist/.test(e.message) &&
      /cifar10, cifar100, ImageNet16-120/.test(e.message),
  );
  assert.throws(() => nb201.cost(a, "svhn"), UsageError);
});

const csv = sharedData("naslib-zc-partial/zc_nasbench201_flat.csv");

test("every row of NASLib's NB201 zero-cost table (flops, params)", { skip: csv.skip }, (t) => {
  const text = readFileSync(csv.path, "utf8");
  const rows: Record<string, string>[] = parseCsv(text, { columns: true, skip_empty_lines: true });
  const counts = new Map<string, number>();
  const maxErr = new Map<string, { flops: number; params: number }>();
  for (const row of rows) {
    const cost = nb201Cost(nb201.parse(row.arch_str), row.dataset);
    const flops = Number(row.flops);
    const params = Number(row.params);
    const ef = Math.abs(cost.mflops - flops) / flops;
    const ep = Math.abs(cost.mparams - params) / params;
    const where = `${row.dataset} ${row.arch_str}: ours ${cost.mflops} MFLOPs ${cost.mparams} M, NASLib ${flops} ${params}`;
    // The brief's tolerances are 2 % (FLOPs) and 0.5 % (params); the convention is exact, so hold it to that.
    assert.ok(ef <= 1e-12, where);
    assert.ok(ep <= 1e-12, where);
    counts.set(row.dataset, (counts.get(row.dataset) ?? 0) + 1);
    const m = maxErr.get(row.dataset) ?? { flops: 0, params: 0 };
    maxErr.set(row.dataset, { flops: Math.max(m.flops, ef), params: Math.max(m.params, ep) });
  }
  assert.deepEqual(Object.fromEntries(counts), { cifar10: 724, cifar100: 725, "ImageNet16-120": 724 });
  for (const [ds, m] of maxErr) t.diagnostic(`${ds}: max rel. error FLOPs ${m.flops}, params ${m.params}`);
});
