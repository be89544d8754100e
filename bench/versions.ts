/**
 * One CLI command from two builds of lissnas, side by side (issue 17): pair k runs both, alternating which
 * goes first; reports min–median–max of wall-clock, CPU time (user + system, from /usr/bin/time: robust
 * when other jobs share the cores) and peak RSS of each side, the per-pair ratios after/before, and whether
 * the two wrote the same bytes (stdout, and the files named by --compare-files inside each side's --out).
 *
 *   git worktree add --detach /tmp/before <rev> && ln -s "$PWD/node_modules" /tmp/before/ \
 *     && (cd /tmp/before && npx tsc -p tsconfig.build.json)
 *   npm run build
 *   node --import tsx bench/versions.ts --before /tmp/before --after . --pairs 5 \
 *     -- compare --space nb201 --data ../shared/data/nb201/nats_bench.csv --seeds 10 --json --quiet --out {out}
 *
 * `{out}` in the command becomes a fresh folder per side (bench/out/versions/before|after). Options:
 * --pairs N (5), --compare-files a,b (files under {out} that must be byte-identical), --label TEXT.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { cpus } from "node:os";
import { resolve } from "node:path";
import { arg } from "./args.js";

const ROOT = resolve(import.meta.dirname, "..");
const sep = process.argv.indexOf("--");
if (sep < 0)
  throw new Error("usage: bench/versions.ts --before DIR --after DIR [--pairs N] -- <lissnas args>");
const cmd = process.argv.slice(sep + 1);
const sides = { before: resolve(arg("before", "")), after: resolve(arg("after", ROOT)) };
const pairs = Number(arg("pairs", "5"));
const files = arg("compare-files", "").split(",").filter(Boolean);
const label = arg("label", cmd.join(" "));

interface Sample {
  wall: number;
  cpu: number;
  rssMiB: number;
  out: string;
  /** The --compare-files of this run, in order. */
  files: Buffer[];
}

function runSide(side: "before" | "after"): Sample {
  const dir = sides[side];
  const out = resolve(ROOT, "bench/out/versions", side);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(resolve(out, ".."), { recursive: true });
  const args = cmd.map((a) => a.replaceAll("{out}", out));
  const r = spawnSync(
    "/usr/bin/time",
    ["-f", "TIME %e %U %S %M", process.execPath, resolve(dir, "bin/lissnas.js"), ...args],
    { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 28 },
  );
  const line = r.stderr.split("\n").find((l) => l.startsWith("TIME "));
  if (r.status !== 0 || !line) throw new Error(`${side}: ${r.stderr.split("\n")[0]}`);
  const [wall, user, sys, rssKiB] = line.slice(5).split(" ").map(Number);
  const kept = files.map((f) => {
    const p = resolve(out, f);
    if (!existsSync(p)) throw new Error(`${side}: ${f} was not written`);
    return readFileSync(p);
  });
  return {
    wall,
    cpu: user + sys,
    rssMiB: rssKiB / 1024,
    out: r.stdout.replaceAll(out, "{out}"),
    files: kept,
  };
}

const q = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return [s[0], s[Math.floor((s.length - 1) / 2)], s[s.length - 1]];
};
const mmm = (xs: number[], d = 2) =>
  q(xs)
    .map((x) => x.toFixed(d))
    .join("–");

const before: Sample[] = [];
const after: Sample[] = [];
let same = true;
const load0 = readFileSync("/proc/loadavg", "utf8").split(" ")[0];
for (let k = 0; k < pairs; k++) {
  const order: Array<"before" | "after"> = k % 2 === 0 ? ["before", "after"] : ["after", "before"];
  const got: Partial<Record<"before" | "after", Sample>> = {};
  for (const side of order) got[side] = runSide(side);
  const b = got.before!;
  const a = got.after!;
  if (b.out !== a.out || b.files.some((f, i) => !f.equals(a.files[i]))) same = false;
  before.push(b);
  after.push(a);
  console.error(
    `pair ${k}: before ${b.wall.toFixed(2)} s (cpu ${b.cpu.toFixed(2)}), after ${a.wall.toFixed(2)} s (cpu ${a.cpu.toFixed(2)})`,
  );
}
const load1 = readFileSync("/proc/loadavg", "utf8").split(" ")[0];
const ratio = (f: (s: Sample) => number) => before.map((b, i) => f(after[i]) / f(b));
console.log(`### ${label}\n`);
console.log(
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}, Node ${process.version}; ${pairs} interleaved pairs; load average ${load0} before, ${load1} after.`,
);
console.log(`before: ${sides.before}; after: ${sides.after}; same bytes: ${same ? "yes" : "NO"}\n`);
console.log("| measure | before | after | ratio after/before |");
console.log("|---|---|---|---|");
console.log(
  `| wall (s) | ${mmm(before.map((s) => s.wall))} | ${mmm(after.map((s) => s.wall))} | ${mmm(ratio((s) => s.wall))}× |`,
);
console.log(
  `| CPU user+sys (s) | ${mmm(before.map((s) => s.cpu))} | ${mmm(after.map((s) => s.cpu))} | ${mmm(ratio((s) => s.cpu))}× |`,
);
console.log(
  `| peak RSS (MiB) | ${mmm(
    before.map((s) => s.rssMiB),
    0,
  )} | ${mmm(
    after.map((s) => s.rssMiB),
    0,
  )} | ${mmm(ratio((s) => s.rssMiB))}× |`,
);
