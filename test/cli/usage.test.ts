import assert from "node:assert/strict";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { expectError, runCli } from "./run.js";

test("no command, or a command that needs a subcommand without one: one line, exit 2", async () => {
  for (const [args, path] of [
    [[], "lissnas"],
    [["predictor"], "lissnas predictor"],
  ] as const) {
    const r = await runCli([...args]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    const lines = r.stderr.trimEnd().split("\n");
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], new RegExp(`^lissnas: ${path} needs a command \\(.+\\); see '${path} --help'$`));
  }
  // --help still prints the full usage on stdout and exits 0
  const h = await runCli(["--help"]);
  assert.equal(h.code, 0);
});

test("a table's options without --data, the synthetic landscape's with --data or --trainer: one line, no work", async () => {
  const table = "NB201 table";
  const trainer = `${process.execPath} -e 0`;
  for (const [args, pattern] of [
    [
      ["search", "--budget", "5", "--where", "dataset=cifar10"],
      /--where applies to a benchmark table; give --data/,
    ],
    [["shrink", "--out", "x", "--task", "cifar10"], /--task applies to a benchmark table; give --data/],
    [["info", "--arch-column", "arch"], /--arch-column applies to a benchmark table; give --data/],
    [["locality", "--allow-nonfinite"], /--allow-nonfinite applies to a benchmark table; give --data/],
    [
      ["search", "--budget", "5", "--data", table, "--landscape-k", "3"],
      /--landscape-k shapes the built-in synthetic landscape; it has no effect with --data/,
    ],
    [
      ["search", "--budget", "5", "--trainer", trainer, "--metric", "accuracy", "--landscape-seed", "0"],
      /--landscape-seed shapes the built-in synthetic landscape; it has no effect with --trainer/,
    ],
    [
      ["search", "--budget", "5", "--retries", "2"],
      /--retries needs an asynchronous evaluator \(--trainer\)/,
    ],
    [
      ["shrink", "--out", "x", "--eval-seed", "7"],
      /--eval-seed needs an asynchronous evaluator \(--trainer\)/,
    ],
    [["compare", "--out", "x", "--queue", "q"], /--queue needs an asynchronous evaluator \(--trainer\)/],
  ] as const) {
    await expectError([...args], pattern);
  }
  // on the synthetic landscape the landscape's options are what they are for
  const ok = await runCli(["search", "--budget", "5", "--runs", "1", "--landscape-k", "2", "--json"]);
  assert.equal(ok.code, 0, ok.stderr);
});

test("options that act only with another, or in one mode, are one-line errors where they cannot act", async () => {
  const D = ["--data", "/nonexistent/table.csv"]; // never read: the check comes first
  const trainer = ["--trainer", `${process.execPath} -e 0`, "--metric", "accuracy"];
  for (const [args, pattern] of [
    [["search", "--budget", "5", "--figures", "svg"], /--figures writes figure files into --out; give --out/],
    [["locality", "--figures", "png"], /--figures writes figure files into --out/],
    [
      ["shrink", "--out", "o", ...trainer, "--figures", "svg"],
      /--figures: shrink with --trainer writes no report/,
    ],
    [
      ["shrink", "--out", "o", ...trainer, "--good", "top:10"],
      /--good sets P\(good\)'s threshold.*not with --trainer/,
    ],
    [["compare", "--out", "o", ...trainer, "--good", "top:10"], /--good sets P\(good\)'s threshold/],
    [
      ["search", "--budget", "5", "--cheap", "flops"],
      /--cheap marks a --constraint column as free to look up; give --constraint/,
    ],
    [
      ["shrink", "--out", "o", "--workers", "2"],
      /--workers sets the trainer processes in flight \(--trainer\)/,
    ],
    [["locality", ...D, "--workers", "2"], /--workers sets the trainer processes/],
    [
      ["search", "--budget", "5", ...trainer, "--redis", "redis://127.0.0.1:1", "--eval-timeout", "5"],
      /--eval-timeout applies to a local trainer; with --redis give it to `lissnas worker`/,
    ],
    [
      ["search", "--budget", "5", ...trainer, "--redis", "redis://127.0.0.1:1", "--retries", "1"],
      /--retries applies to a local trainer/,
    ],
    [
      ["search", "--budget", "5", "--per-run"],
      /--per-run adds one entry per run to the JSON; give --json or --out/,
    ],
    [["shrink", "--out", "o", "--rwa-walks", "50"], /--rwa-walks applies to --threshold rwa/],
    [
      ["shrink", "--out", "o", "--core-radius", "0", "--core-quantile", "0.5"],
      /--core-quantile has no effect with --core-radius 0/,
    ],
    [
      ["shrink", "--out", "o", "--core-radius", "0", "--core-seeds", "2"],
      /--core-seeds has no effect with --core-radius 0/,
    ],
    [["locality", "--naslib-window", "5"], /--naslib-window applies to --naslib/],
    [["locality", "--naslib-steps", "50"], /--naslib-steps applies to --naslib/],
    [["landscape", "--canonical-value", "mean"], /--canonical-value applies to --canonical/],
    [
      ["search", "--space", "spos", "--budget", "5", "--until-optimum"],
      /--until-optimum needs a known optimum/,
    ],
    [
      ["shrink", "--space", "transnas-micro", "--out", "o", "--cost-dataset", "cifar100"],
      /--cost-dataset: transnas-micro has no cost model/,
    ],
    [
      ["compare", "--space", "transnas-micro", "--out", "o", "--cost-dataset", "cifar100"],
      /--cost-dataset: transnas-micro has no cost model/,
    ],
  ] as const) {
    await expectError([...args], pattern);
  }
  // the same options where they act are accepted
  // report's --out is the page (default: in the results' folder), so --figures without it is fine there
  const dir = mkdtempSync(join(tmpdir(), "lissnas-usage-"));
  assert.equal((await runCli(["search", "--budget", "5", "--runs", "1", "--out", dir, "--quiet"])).code, 0);
  const rep = await runCli(["report", "--in", dir, "--figures", "svg"]);
  assert.equal(rep.code, 0, rep.stderr);
  assert.ok(readdirSync(join(dir, "figures")).some((f) => f.endsWith(".svg")));
  for (const args of [
    ["search", "--budget", "5", "--runs", "1", "--workers", "2", "--json"],
    ["search", "--budget", "5", "--runs", "1", "--per-run", "--json"],
    ["locality", "--walks", "10", "--naslib", "--naslib-window", "5", "--json"],
    ["landscape", "--space", "categorical:4x3", "--canonical", "--canonical-value", "mean", "--json"],
  ]) {
    const r = await runCli(args);
    assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
  }
});
