import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { Rng } from "../../src/core/rng.js";
import { TrainerEvaluator } from "../../src/data/trainer.js";
import { nb201 } from "../../src/spaces/nb201/space.js";
import { runCli } from "../cli/run.js";
import { generatedTables, trainerCommand } from "../cli/trainer-fixtures.js";

const DIR = mkdtempSync(join(tmpdir(), "lissnas-one-shot-"));
after(() => rmSync(DIR, { recursive: true, force: true }));

/**
 * The "one process per training run" shape: a POSIX shell script that reads ONE request, answers it
 * (accuracy = the request line's length, a deterministic function of the request), logs its pid, and exits.
 */
const SCRIPT = join(DIR, "once.sh");
writeFileSync(
  SCRIPT,
  `#!/bin/sh
IFS= read -r line || exit 0
id=$(printf '%s' "$line" | sed 's/.*"id":"\\([^"]*\\)".*/\\1/')
echo "$$" >> "$1"
printf '{"id":"%s","metrics":{"accuracy":%s}}\\n' "$id" "\${#line}"
exit 0
`,
);
chmodSync(SCRIPT, 0o755);

function archs(n: number) {
  const rng = Rng.fromSeed(3);
  const seen = new Map<number, Uint8Array>();
  while (seen.size < n) {
    const a = nb201.sample(rng);
    seen.set(nb201.key(a), a);
  }
  return [...seen.values()];
}

test("a trainer that exits after each reply: every evaluation succeeds in one attempt, one process each", async () => {
  for (const workers of [1, 3]) {
    const log = join(DIR, `pids-${workers}.log`);
    const ev = new TrainerEvaluator({
      command: `${SCRIPT} ${log}`,
      space: nb201,
      spaceSpec: "nb201",
      workers,
    });
    try {
      const as = archs(9);
      const outs = await Promise.all(as.map((a) => ev.evaluate(TrainerEvaluator.requestFor(ev, a))));
      for (const [i, o] of outs.entries()) {
        assert.equal(o.status, "ok", `${workers} workers, evaluation ${i}: ${o.error}`);
        assert.equal(o.attempts, 1);
        const req = TrainerEvaluator.requestFor(ev, as[i]);
        const line = JSON.stringify({
          id: req.id,
          space: req.space,
          arch: req.arch,
          key: req.key,
          seed: req.seed,
        });
        assert.equal(o.metrics?.accuracy, line.length);
      }
      // one process per evaluation, each answered exactly one request
      const pids = readFileSync(log, "utf8").trim().split("\n");
      assert.equal(pids.length, 9);
      assert.equal(new Set(pids).size, 9);
    } finally {
      await ev.close();
    }
  }
});

test("a one-shot trainer still fails when it exits without answering its first request", async () => {
  const silent = join(DIR, "silent.sh");
  writeFileSync(silent, "#!/bin/sh\nIFS= read -r line\nexit 0\n");
  chmodSync(silent, 0o755);
  const ev = new TrainerEvaluator({ command: silent, space: nb201, spaceSpec: "nb201" });
  try {
    const o = await ev.evaluate(TrainerEvaluator.requestFor(ev, archs(1)[0]));
    assert.equal(o.status, "failed");
    assert.match(o.error ?? "", /exited with code 0 during the evaluation/);
  } finally {
    await ev.close();
  }
});

test("search with a one-shot trainer (--mode one-shot) equals the table run on the same numbers", async () => {
  const t = generatedTables();
  const common = ["search", "--space", "nb201", "--metric", "accuracy", "--algo", "ls", "--budget", "15"];
  const rest = ["--runs", "1", "--seed", "6", "--json", "--per-run"];
  const table = await runCli([...common, ...rest, "--data", t.csv]);
  assert.equal(table.code, 0, table.stderr);
  const once = await runCli([...common, ...rest, "--trainer", trainerCommand(t.json, "--mode", "one-shot")]);
  assert.equal(once.code, 0, once.stderr);
  const a = JSON.parse(table.stdout);
  const b = JSON.parse(once.stdout);
  assert.deepEqual(b.perRunResults[0].finalSearch, a.perRunResults[0].finalSearch);
  assert.deepEqual(b.anytime, a.anytime);
  assert.equal(b.evaluation.failed, 0);
  assert.equal(b.evaluation.evaluated, 15);
});
