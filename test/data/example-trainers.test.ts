import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { test } from "node:test";
import type { EvalRequest } from "../../src/data/async-evaluator.js";
import { TrainerEvaluator } from "../../src/data/trainer.js";
import { nb201 } from "../../src/spaces/nb201/space.js";
import { ROOT } from "../helpers.js";

const PYTHON = "/usr/bin/python3";

/** A skip reason when /usr/bin/python3 cannot import `modules`, else false. */
function needsPython(modules: string): string | false {
  if (!existsSync(PYTHON)) return `needs ${PYTHON}, which is absent`;
  const r = spawnSync(PYTHON, ["-c", `import ${modules}`], { stdio: "ignore", timeout: 60_000 });
  return r.status === 0 ? false : `needs ${PYTHON} with ${modules}, which it lacks`;
}

const GOOD =
  "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|";
// every path from input to output is cut: a real network can do no better than chance (10 classes)
const CUT = "|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|nor_conv_3x3~2|";

async function exercise(script: string, flags: string): Promise<void> {
  const ev = new TrainerEvaluator({
    command: `${PYTHON} '${resolve(ROOT, "examples/trainers", script)}' ${flags}`,
    space: nb201,
    spaceSpec: "nb201",
    timeoutS: 120,
  });
  const req = (arch: string): EvalRequest => TrainerEvaluator.requestFor(ev, nb201.parse(arch), 0);
  try {
    const [good, again, cut] = [
      await ev.evaluate(req(GOOD)),
      await ev.evaluate(req(GOOD)),
      await ev.evaluate(req(CUT)),
    ];
    assert.equal(good.status, "ok", good.error);
    const m = good.metrics as Record<string, number>;
    assert.deepEqual(Object.keys(m).sort(), ["accuracy", "loss", "params", "train_seconds"]);
    assert.ok(m.accuracy > 40, `trained accuracy ${m.accuracy} %`);
    assert.ok(m.params > 1000);
    // deterministic in the request's seed
    assert.equal(again.metrics?.accuracy, m.accuracy);
    assert.equal(cut.status, "ok", cut.error);
    assert.ok((cut.metrics?.accuracy ?? 100) < 20, `cut cell: ${cut.metrics?.accuracy} %`);
    const bad = await ev.evaluate({ ...req(GOOD), id: "x", arch: "|conv~0|+|" });
    assert.equal(bad.status, "failed");
    assert.match(bad.error ?? "", /^trainer error: .*not an NB201 string/);
  } finally {
    await ev.close();
  }
}

test(
  "examples/trainers/nb201_torch.py trains real NB201 cells on the digits",
  { skip: needsPython("torch, sklearn") },
  () => exercise("nb201_torch.py", "--epochs 3 --channels 8"),
);

test(
  "examples/trainers/nb201_numpy.py trains real NB201-structured networks on the digits",
  { skip: needsPython("numpy, sklearn") },
  () => exercise("nb201_numpy.py", "--epochs 5 --width 16"),
);
