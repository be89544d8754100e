/**
 * Peak memory of loading a large table (issue #18: ≤ 4× the file size). Generates, under the system's temp
 * folder (never in the repository), an NB201-shaped CSV of about `--mb` MB (default 100): the two accuracy
 * columns of nats_bench.csv's rows (cycled) beside distinct architectures of categorical:21x2 (2,097,152 of
 * them), optionally with nats_bench's UniqueString text column (`--text`). Then loads it in a fresh process
 * (bench/load-table.mjs, from dist/: run `npm run build` first) and reports peak RSS, the same for
 * `node -e 0`, and the ratios to the file size. `node --import tsx bench/load-memory.ts [--mb 100] [--text]`.
 */
import { spawnSync } from "node:child_process";
import { closeSync, openSync, rmSync, statSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { arg, sharedDataOrSkip } from "./args.js";

const ROOT = resolve(import.meta.dirname, "..");
const mb = Number(arg("mb", "100"));
const withText = process.argv.includes("--text");
const source = sharedDataOrSkip("nb201/nats_bench.csv");
const SPACE = "categorical:21x2";

const nats = spawnSync(
  process.execPath,
  ["-e", `process.stdout.write(require("fs").readFileSync(${JSON.stringify(source)}, "utf8"))`],
  {
    encoding: "utf8",
    maxBuffer: 1 << 26,
  },
).stdout;
const rows = nats
  .split("\n")
  .slice(1)
  .filter((l) => l.length > 0)
  .map((l) => {
    const c = l.split(",");
    return { a: c[0], b: c[1], u: c[3] };
  });

const file = join(tmpdir(), `lissnas-load-memory-${process.pid}.csv`);
const fd = openSync(file, "w");
writeSync(
  fd,
  `CIFAR10TestAccuracy200Epochs,CIFAR100TestAccuracy200Epochs,arch${withText ? ",UniqueString" : ""}\n`,
);
let bytes = 0;
let n = 0;
const limit = 2 ** 21;
let chunk: string[] = [];
while (bytes < mb * 1e6 && n < limit) {
  const r = rows[n % rows.length];
  const arch = n.toString(2).padStart(21, "0");
  const line = `${r.a},${r.b},${arch}${withText ? `,${r.u}` : ""}\n`;
  chunk.push(line);
  bytes += line.length;
  n++;
  if (chunk.length === 10_000) {
    writeSync(fd, chunk.join(""));
    chunk = [];
  }
}
writeSync(fd, chunk.join(""));
closeSync(fd);
const size = statSync(file).size;

const rss = (cmd: string[]) => {
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd.join(" ")}: ${r.stderr.split("\n")[0]}`);
  return r.stdout.trim();
};
const base = Number(rss([process.execPath, "-e", "console.log(process.resourceUsage().maxRSS * 1024)"]));
const load = JSON.parse(rss([process.execPath, "bench/load-table.mjs", file, SPACE, "--rss"]));
rmSync(file);
const f = (x: number) => `${(x / 2 ** 20).toFixed(0)} MiB`;
console.log(
  `file ${f(size)} (${n.toLocaleString("en-US")} rows${withText ? ", with a text column" : ""}); ` +
    `load ${load.ms.toFixed(0)} ms; peak RSS ${f(load.maxRssBytes)} = ${(load.maxRssBytes / size).toFixed(2)}× the file ` +
    `(${((load.maxRssBytes - base) / size).toFixed(2)}× above bare node's ${f(base)})`,
);
