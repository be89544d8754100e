import assert from "node:assert/strict";
import { test } from "node:test";
import { UsageError } from "../../src/core/errors.js";
import { parseCommandLine } from "../../src/data/argv.js";

test("splits on unquoted whitespace, keeps quoted parts literally", () => {
  assert.deepEqual(parseCommandLine("  python3   train.py --epochs 3 "), [
    "python3",
    "train.py",
    "--epochs",
    "3",
  ]);
  assert.deepEqual(parseCommandLine(`python3 'my dir/train.py' "a b" c\\ d`), [
    "python3",
    "my dir/train.py",
    "a b",
    "c d",
  ]);
  // quotes glue onto their word; empty quotes give an empty argument
  assert.deepEqual(parseCommandLine(`--name='x y'z "" ''`), ["--name=x yz", "", ""]);
});

test('double quotes honour backslash escapes of " \\ $ ` only; single quotes honour none', () => {
  assert.deepEqual(parseCommandLine(`"say \\"hi\\" \\\\ \\n"`), [`say "hi" \\ \\n`]);
  assert.deepEqual(parseCommandLine(`'a\\"b'`), [`a\\"b`]);
  assert.deepEqual(parseCommandLine(`a\\'b`), ["a'b"]);
});

test("no variable or glob expansion", () => {
  assert.deepEqual(parseCommandLine("echo $HOME *.py ~"), ["echo", "$HOME", "*.py", "~"]);
});

test("unbalanced quotes and a trailing backslash are one-line UsageErrors naming --trainer", () => {
  for (const bad of [`python3 'train.py`, `python3 "train.py`, `python3 train.py \\`]) {
    assert.throws(
      () => parseCommandLine(bad),
      (e: unknown) => e instanceof UsageError && /^--trainer: /.test(e.message) && !e.message.includes("\n"),
      bad,
    );
  }
});
