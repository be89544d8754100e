import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { sharedData } from "../helpers.js";
import { expectError, runCli } from "./run.js";

const dir = mkdtempSync(join(tmpdir(), "lissnas-cli-"));
const A = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|";
const B = "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|";
function fixture(name: string, content: string): string {
  const f = join(dir, name);
  writeFileSync(f, content);
  return f;
}

test("info on a small generated table: counts, best, quantiles", async () => {
  const f = fixture("ok.csv", `acc,arch_str,other\n90.5,${A},x\n10,${B},y\n`);
  const r = await runCli(["info", "--data", f, "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.architectures, 2);
  assert.equal(j.uniqueGraphs, 2);
  assert.equal(j.best.value, 90.5);
  assert.equal(j.best.arch, A);
  assert.equal(j.metric, "acc");
  assert.equal(j.synthetic, false);
  assert.equal(j.quantiles.q50, (90.5 + 10) / 2);
});

test("info on the synthetic landscape is labelled synthetic and deterministic under --seed", async () => {
  const a = await runCli(["info", "--space", "categorical:12x4", "--seed", "3", "--json"]);
  const b = await runCli(["info", "--space", "categorical:12x4", "--seed", "3", "--json"]);
  const c = await runCli(["info", "--space", "categorical:12x4", "--seed", "4", "--json"]);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(a.stdout, b.stdout);
  assert.notEqual(a.stdout, c.stdout);
  const j = JSON.parse(a.stdout);
  assert.equal(j.synthetic, true);
  assert.match(j.evaluator, /^synthetic/);
  const t = await runCli(["info"]);
  assert.match(t.stdout, /SYNTHETIC/);
});

test("bad input: one-line errors naming file, line and field, non-zero exit", async () => {
  await expectError(["info", "--data", join(dir, "missing.csv")], /missing\.csv: no such file/);
  await expectError(
    [
      "info",
      "--data",
      fixture("badop.csv", `acc,arch_str\n1,${A}\n2,${A.replace("skip_connect", "conv9")}\n`),
    ],
    /badop\.csv, line 3, field 'arch_str': .*unknown operation 'conv9'/,
  );
  await expectError(
    ["info", "--data", fixture("malformed.csv", `acc,arch_str\n1,|none~0|+|none~0|\n`)],
    /malformed\.csv, line 2, field 'arch_str'/,
  );
  await expectError(
    ["info", "--data", fixture("trunc.csv", `acc,arch_str,x\n1,${A},3\n2,${B}\n`)],
    /trunc\.csv, line 3: malformed CSV/,
  );
  await expectError(
    ["info", "--data", fixture("garbled.csv", `acc,arch_str\n1,${A}\nabc,${B}\n`)],
    /garbled\.csv, line 3, field 'acc': 'abc' is not a number/,
  );
  await expectError(
    ["info", "--data", fixture("quote.csv", `acc,arch_str\n1,"${A}\n2,${B}\n`)],
    /quote\.csv.*malformed CSV/,
  );
  await expectError(
    ["info", "--data", fixture("noarch.csv", "acc,foo\n1,2\n")],
    /noarch\.csv, line 1: no architecture column/,
  );
  await expectError(
    ["info", "--data", fixture("ok2.csv", `acc,arch_str\n1,${A}\n`), "--metric", "nope"],
    /no numeric column 'nope'/,
  );
  await expectError(
    ["info", "--data", fixture("dup.csv", `acc,arch_str\n1,${A}\n2,${A}\n`)],
    /dup\.csv, line 3: .*repeats/,
  );
  await expectError(["info", "--data", fixture("empty.csv", "")], /empty\.csv: empty file/);
  await expectError(
    ["info", "--space", "macro", "--data", fixture("bad.json", '{"00000000": {"mean_acc": 1,')],
    /bad\.json, line 1: malformed JSON/,
  );
  await expectError(
    ["info", "--space", "macro", "--data", fixture("badkey.json", '{"0000000x": {"mean_acc": 1}}')],
    /badkey\.json, line 1, field 'key': '0000000x': position 7/,
  );
  await expectError(
    [
      "info",
      "--space",
      "macro",
      "--data",
      fixture(
        "badfield.json",
        '{"00000000": {"mean_acc": "x", "std": 0, "params": 1, "flops": 1, "test_acc": [1,2,3]}}',
      ),
    ],
    /badfield\.json, line 1, field 'mean_acc'/,
  );
  await expectError(["info", "--space", "nb999"], /unknown space 'nb999'/);
  await expectError(["info", "--seed", "-1"], /--seed must be an integer/);
  await expectError(["info", "--seed", "1.5"], /--seed must be an integer/);
  await expectError(["info", "--landscape-k", "9"], /k must be an integer in 0\.\.5/);
  await expectError(["info", "--bogus"], /unknown option '--bogus'/);
  await expectError(["nosuchcommand"], /unknown command/);
});

const nats = sharedData("nb201/nats_bench.csv");
test("issue 2 done-when: info on the real NB201 table", { skip: nats.skip }, async () => {
  const r = await runCli([
    "info",
    "--space",
    "nb201",
    "--data",
    nats.path,
    "--metric",
    "CIFAR10TestAccuracy200Epochs",
    "--json",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.architectures, 15625);
  assert.equal(j.uniqueGraphs, 6466);
  assert.equal(j.best.index, 6111);
  assert.equal(j.best.value.toFixed(4), "94.3733");
});
