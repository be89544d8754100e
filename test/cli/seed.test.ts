import assert from "node:assert/strict";
import { test } from "node:test";
import type { Command } from "commander";
import { buildProgram } from "../../src/cli/main.js";

function leaves(cmd: Command): Command[] {
  return cmd.commands.length === 0 ? [cmd] : cmd.commands.flatMap(leaves);
}

test("every command takes --seed", () => {
  const all = leaves(buildProgram());
  assert.ok(all.length >= 10, all.map((c) => c.name()).join(" "));
  for (const c of all) {
    assert.ok(
      c.options.some((o) => o.long === "--seed"),
      `${c.name()} has no --seed`,
    );
  }
});
