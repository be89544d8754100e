import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { buildProgram } from "../../src/cli/main.js";
import { Rng } from "../../src/core/rng.js";
import { getSpace } from "../../src/spaces/registry.js";
import type { SearchSpace } from "../../src/spaces/space.js";

/**
 * A corpus of bad inputs for the CLI, generated from one seed (FUZZ_SEED, default 1) so CI sees the same
 * cases every run; FUZZ_RUNS scales how many mutants each class draws (default 1 → ≥ 500 cases).
 *
 * Every case says what its one-line error must name (`mention`): the option, the file (and the line the
 * damage was put on, where there is one), or the config file and field. A case is only kept when its
 * input really is bad by an independent oracle (the space's own parser rejects the string, the option's
 * own parser rejects the value…), so the corpus never asks the CLI to reject something valid.
 */
export interface FuzzCase {
  name: string;
  args: string[];
  /** Regular expressions the single stderr line must match. */
  mention: RegExp[];
  /** A path that must not exist after the command (no output written on failure). */
  noOutput?: string;
}

const SEED = Number(process.env.FUZZ_SEED ?? 1);
const SCALE = Math.max(1, Number(process.env.FUZZ_RUNS ?? 1));

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function leaves(cmd: Command, path: string[] = []): Array<{ cmd: Command; path: string[] }> {
  if (cmd.commands.length === 0) return [{ cmd, path }];
  return cmd.commands.flatMap((c) => leaves(c, [...path, c.name()]));
}

/** Bad values for every option that parses its value (numbers, seeds, limits…), on every command. */
export async function optionCases(dir: string): Promise<FuzzCase[]> {
  const bad = ["-1", "1.5", "abc", "", "1e400", "99999999999999999999", "0x10", "NaN", "-0.5e9", "１"];
  const out: FuzzCase[] = [];
  for (const { cmd, path } of leaves(await buildProgram())) {
    for (const opt of cmd.options) {
      if (!opt.parseArg || !opt.long) continue;
      for (const v of bad) {
        let rejected = false;
        try {
          opt.parseArg(v, undefined);
        } catch {
          rejected = true;
        }
        if (!rejected) continue;
        const outDir = join(dir, `opt-${out.length}`);
        const extra =
          cmd.options.some((o) => o.long === "--out") && opt.long !== "--out" ? ["--out", outDir] : [];
        out.push({
          name: `${path.join(" ")} ${opt.long} '${v}'`,
          args: [...path, ...extra, `${opt.long}=${v}`],
          mention: [new RegExp(esc(opt.long))],
          noOutput: extra.length > 0 ? outDir : undefined,
        });
      }
    }
  }
  return out;
}

/** Random damage to a valid architecture string. */
function mutateString(s: string, rng: Rng): string {
  const alphabet = "|~+-_,()[]0123456789abcxyz \t\u00e9\u{1F600}";
  const i = rng.int(s.length + 1);
  switch (rng.int(7)) {
    case 0:
      return s.slice(0, i) + s.slice(i + 1);
    case 1:
      return s.slice(0, i) + alphabet[rng.int(alphabet.length)] + s.slice(i);
    case 2:
      return s.slice(0, i);
    case 3:
      return s + s;
    case 4:
      return s.replace(/[a-z_]+\d*x?\d*/, "conv_9x9");
    case 5:
      return "x".repeat(1 + rng.int(5000));
    default:
      return s.split("").reverse().join("");
  }
}

/** Architecture strings the space's own parser rejects, given as `search --target`. */
export function archCases(): FuzzCase[] {
  const rng = Rng.fromSeed(SEED).child("fuzz", "arch");
  const out: FuzzCase[] = [];
  for (const spec of ["nb201", "macro", "categorical:6x4", "categorical:3,12,5"]) {
    const space = getSpace(spec);
    const want = 30 * SCALE;
    let tries = 0;
    let kept = 0;
    while (kept < want && tries < want * 20) {
      tries++;
      const s = mutateString(space.format(space.sample(rng)), rng);
      if (parses(space, s)) continue;
      kept++;
      out.push({
        name: `${spec} --target ${JSON.stringify(s.slice(0, 40))}`,
        args: ["search", "--space", spec, "--budget", "5", "--runs", "1", "--target", s],
        mention: [/--target/],
      });
    }
  }
  return out;
}

function parses(space: SearchSpace, s: string): boolean {
  try {
    space.parse(s);
    return true;
  } catch {
    return false;
  }
}

const TABLE_SPACE = "categorical:6x4";

/** A valid table of categorical:6x4: header, then 4,096 rows "arch,acc,flops". */
function validTable(): string[] {
  const space = getSpace(TABLE_SPACE);
  const lines = ["arch,acc,flops"];
  for (const a of space.enumerate!()) {
    const s = space.format(a);
    lines.push(`${s},${(50 + (Number.parseInt(s, 4) % 41)).toFixed(2)},${10 + Number.parseInt(s, 4)}`);
  }
  return lines;
}

/** Replaces line `at` (0-based) and says which file line (1-based) was damaged. */
function put(l: string[], at: number, text: string): { lines: string[]; line: number } {
  l[at] = text;
  return { lines: l, line: at + 1 };
}

/** CSV tables damaged at a known line; the error must name the file and, where it has one, that line. */
export function csvCases(dir: string): FuzzCase[] {
  const rng = Rng.fromSeed(SEED).child("fuzz", "csv");
  const base = validTable();
  const out: FuzzCase[] = [];
  const damages: Array<(lines: string[], at: number) => { lines: string[]; line?: number }> = [
    (l, at) => put(l, at, l[at].replace(",", ',"')), // stray / unclosed quote
    (l, at) => put(l, at, l[at].split(",").slice(0, 2).join(",")), // missing field
    (l, at) => put(l, at, `${l[at]},7`), // extra field
    (l, at) => put(l, at, l[at].replace(/,[^,]*,/, ",n/a,")), // text in a number column
    (l, at) => put(l, at, l[at].replace(/,[^,]*,/, ",0x1F,")), // hex literal
    (l, at) => put(l, at, l[at].replace(/,[^,]*,/, ",1e400,")), // overflow
    (l, at) => put(l, at, l[at].replace(/^[^,]*/, "01234")), // bad architecture
    (l, at) => put(l, at, l[at].replace(/^[^,]*/, "999999")), // out-of-range choice
    (l, at) => put(l, at, l[1]), // duplicate architecture
    (l) => put(l, 0, "arch,acc,acc"), // duplicate column
    (l) => put(l, 0, "acc,flops,name"), // no architecture column
    (l) => ({ lines: l.slice(0, 1), line: 1 }), // header only
    () => ({ lines: [] }), // empty file
  ];
  const reps = 12 * SCALE;
  for (let d = 0; d < damages.length; d++) {
    const n = d < 9 ? reps : 1;
    for (let k = 0; k < n; k++) {
      const at = 2 + rng.int(base.length - 2);
      const { lines, line } = damages[d]([...base], at);
      const file = join(dir, `t${d}-${k}.csv`);
      writeFileSync(file, lines.join("\n") + (lines.length > 0 ? "\n" : ""));
      const outDir = join(dir, `t${d}-${k}-out`);
      const mention = [new RegExp(esc(file))];
      if (line !== undefined) mention.push(new RegExp(`line ${line}\\b`));
      const cmd = k % 2 === 0 ? ["info"] : ["shrink", "--out", outDir, "--budget", "20"];
      out.push({
        name: `csv damage ${d} at line ${line} (${cmd[0]})`,
        args: [...cmd, "--space", TABLE_SPACE, "--data", file, "--metric", "acc"],
        mention,
        noOutput: cmd[0] === "shrink" ? outDir : undefined,
      });
    }
  }
  // a file that is not there, a folder, binary garbage
  const garbage = join(dir, "garbage.csv");
  writeFileSync(garbage, Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37 + 11) % 256)));
  for (const f of [join(dir, "absent.csv"), dir, garbage]) {
    out.push({
      name: `csv ${f}`,
      args: ["info", "--space", TABLE_SPACE, "--data", f],
      mention: [new RegExp(esc(f))],
    });
  }
  return out;
}

/** NAS-Bench-Macro-style JSON tables with one damaged entry. */
export function jsonCases(dir: string): FuzzCase[] {
  const rng = Rng.fromSeed(SEED).child("fuzz", "json");
  const space = getSpace("macro");
  const entries: string[] = [];
  for (let i = 0; i < 40; i++) {
    const s = space.format(space.sample(rng));
    if (entries.some((e) => e.startsWith(`"${s}"`))) continue;
    entries.push(
      `"${s}": {"test_acc": [90, 91, 92], "mean_acc": 91, "std": 0.8, "params": 1000, "flops": 2000}`,
    );
  }
  const damages: Array<(e: string) => string> = [
    (e) => e.replace('"mean_acc": 91', '"mean_acc": "91"'),
    (e) => e.replace('"mean_acc": 91', '"mean_acc": 1e400'),
    (e) => e.replace('"params": 1000', '"params": -3'),
    (e) => e.replace("[90, 91, 92]", "[90, 91]"),
    (e) => e.replace("[90, 91, 92]", "[90, 1e999, 92]"),
    (e) => e.replace(/^"[0-2]+"/, '"0120"'),
    (e) => e.replace(/^"[0-2]+"/, '"33333333"'),
    (e) => e.replace('"std": 0.8, ', ""),
  ];
  const out: FuzzCase[] = [];
  for (let d = 0; d < damages.length; d++) {
    for (let k = 0; k < 6 * SCALE; k++) {
      const at = rng.int(entries.length);
      const copy = [...entries];
      copy[at] = damages[d](copy[at]);
      const file = join(dir, `m${d}-${k}.json`);
      writeFileSync(file, `{\n${copy.join(",\n")}\n}\n`);
      out.push({
        name: `json damage ${d} on line ${at + 2}`,
        args: ["info", "--space", "macro", "--data", file],
        mention: [new RegExp(esc(file)), new RegExp(`line ${at + 2}\\b`)],
      });
    }
  }
  for (const [name, text] of [
    ["dup", `{\n${entries[0]},\n${entries[1]},\n${entries[0]}\n}\n`],
    ["syntax", `{\n${entries[0]},\n${entries[1]}\n`],
    ["array", "[1, 2, 3]\n"],
    ["empty-object", "{}\n"],
  ]) {
    const file = join(dir, `m-${name}.json`);
    writeFileSync(file, text);
    out.push({
      name: `json ${name}`,
      args: ["info", "--space", "macro", "--data", file],
      mention: [new RegExp(esc(file))],
    });
  }
  return out;
}

/** Shrunk-space files damaged in the header or the payload. */
export function spaceFileCases(dir: string, valid: Buffer): FuzzCase[] {
  const rng = Rng.fromSeed(SEED).child("fuzz", "space-file");
  const nl = valid.indexOf(10);
  const header = JSON.parse(valid.subarray(0, nl).toString("utf8"));
  const payload = valid.subarray(nl + 1);
  const withHeader = (h: Record<string, unknown>, p: Buffer = payload) =>
    Buffer.concat([Buffer.from(`${JSON.stringify(h)}\n`), p]);
  const variants: Array<[string, Buffer]> = [
    ["count 2^53-1", withHeader({ ...header, count: String(2 ** 53 - 1) })],
    ["count -1", withHeader({ ...header, count: "-1" })],
    ["count text", withHeader({ ...header, count: "many" })],
    ["other space", withHeader({ ...header, space: "categorical:9x9" })],
    ["kind", withHeader({ ...header, kind: "weird" })],
    ["format", withHeader({ ...header, format: "other" })],
    ["keyBytes 9", withHeader({ ...header, keyBytes: 9 })],
    ["no header", payload],
    ["empty", Buffer.alloc(0)],
    ["header only", Buffer.from(`${JSON.stringify(header)}`)],
  ];
  for (let k = 0; k < 40 * SCALE; k++) {
    const b = Buffer.from(valid);
    const i = nl + 1 + rng.int(Math.max(1, b.length - nl - 1));
    if (k % 2 === 0) b[i] ^= 1 + rng.int(255);
    variants.push([
      `payload ${k % 2 === 0 ? "flip" : "truncate"} at ${i}`,
      k % 2 === 0 ? b : b.subarray(0, i),
    ]);
  }
  return variants.map(([name, bytes], k) => {
    const file = join(dir, `s${k}.lissnas`);
    writeFileSync(file, bytes);
    return {
      name: `space file: ${name}`,
      args: ["metrics", "--space", TABLE_SPACE, "--members", file],
      mention: [new RegExp(esc(file))],
    };
  });
}

/** Experiment configs with one field damaged; the error names the config file and the field. */
export function configCases(dir: string): FuzzCase[] {
  const valid = {
    runs: 3,
    seeds: [0],
    budgets: [20],
    problems: [{ name: "syn", space: TABLE_SPACE, landscape: { k: 1, seed: 2 } }],
    algorithms: [{ algo: "ls" }],
  };
  const damages: Array<[string, (c: Record<string, unknown>) => void]> = [
    ["runs", (c) => (c.runs = -2)],
    ["runs", (c) => (c.runs = "3")],
    ["runs", (c) => (c.runs = 1e9)],
    ["runs", (c) => (c.runs = 2.5)],
    ["seeds", (c) => (c.seeds = [])],
    ["seeds[0]", (c) => (c.seeds = [-1])],
    ["budgets", (c) => (c.budgets = "20")],
    ["budgets[0]", (c) => (c.budgets = [0])],
    ["problems", (c) => (c.problems = [])],
    ["problems", (c) => (c.problems = {})],
    [
      "problems[0].landscape.kk",
      (c) => ((c.problems as Array<Record<string, unknown>>)[0].landscape = { kk: 1 }),
    ],
    ["problems[0].landscape", (c) => ((c.problems as Array<Record<string, unknown>>)[0].landscape = 3)],
    ["algorithms", (c) => (c.algorithms = [])],
    ["algorithms[0].algo", (c) => (c.algorithms = [{ algo: "sa" }])],
    ["algorithms[0].population", (c) => (c.algorithms = [{ algo: "ls", population: 5 }])],
    ["bogus", (c) => (c.bogus = 1)],
    ["untilOptimum", (c) => (c.untilOptimum = "yes")],
    // issue #11: trainer problems
    ["problems[0].workers", (c) => ((c.problems as Array<Record<string, unknown>>)[0].workers = 2)],
    ["problems[0].metric", (c) => ((c.problems as Array<Record<string, unknown>>)[0] = trainerProblem())],
    [
      "problems[0].evalTimeout",
      (c) =>
        ((c.problems as Array<Record<string, unknown>>)[0] = {
          ...trainerProblem(),
          metric: "accuracy",
          evalTimeout: 0,
        }),
    ],
  ];
  const out: FuzzCase[] = [];
  damages.forEach(([field, damage], k) => {
    const c = JSON.parse(JSON.stringify(valid)) as Record<string, unknown>;
    c.output = join(dir, `c${k}-out.json`);
    damage(c);
    const file = join(dir, `c${k}.json`);
    writeFileSync(file, JSON.stringify(c));
    out.push({
      name: `config field ${field}`,
      args: ["experiment", file],
      mention: [new RegExp(esc(file)), new RegExp(`(^|[^\\w.])${esc(field)}(?![\\w])`)],
      noOutput: c.output as string,
    });
  });
  for (const [name, text] of [
    ["not json", "{runs: 3"],
    ["array", "[]"],
    ["empty", ""],
  ]) {
    const file = join(dir, `c-${name.replace(" ", "-")}.json`);
    writeFileSync(file, text);
    out.push({ name: `config ${name}`, args: ["experiment", file], mention: [new RegExp(esc(file))] });
  }
  return out;
}

/** A problem evaluated by a trainer (its program is never started: the config fails validation first). */
function trainerProblem(): Record<string, unknown> {
  return { name: "t", space: TABLE_SPACE, trainer: "node trainer.mjs" };
}

/** The whole corpus, written under `dir`. */
export async function corpus(dir: string, spaceFile: Buffer): Promise<FuzzCase[]> {
  mkdirSync(dir, { recursive: true });
  return [
    ...(await optionCases(dir)),
    ...archCases(),
    ...csvCases(dir),
    ...jsonCases(dir),
    ...spaceFileCases(dir, spaceFile),
    ...configCases(dir),
  ];
}
