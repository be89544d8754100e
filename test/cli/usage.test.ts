import assert from "node:assert/strict";
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
