/**
 * Memory and speed of an explicit member set: 10^7 members of a 20-position categorical space (4^20 ≈ 1.1·10^12
 * genotypes, exact keys, so only keys are stored), plus 10^6 members of a 40-position space whose keys are
 * hashed (genotypes stored packed). Run: node --expose-gc --import tsx bench/shrink-memory.ts [members]
 * Results are recorded in BENCHMARKS.md by hand.
 */
import { rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Rng } from "../src/core/rng.js";
import { loadSpaceFile, saveSpaceFile } from "../src/shrink/file.js";
import { MemberSet } from "../src/shrink/member-set.js";
import { CategoricalSpace } from "../src/spaces/categorical/space.js";

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;
function mem(): { rss: number; heap: number; ab: number } {
  gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed, ab: m.arrayBuffers };
}

function run(shape: number, members: number): void {
  const space = new CategoricalSpace(new Array(shape).fill(4), { id: `categorical:${shape}x4` });
  const before = mem();
  const set = new MemberSet(space);
  const rng = Rng.fromSeed(1);
  const a = new Uint8Array(shape);
  let t = performance.now();
  let draws = 0;
  while (set.count < members) {
    for (let i = 0; i < shape; i++) a[i] = rng.int(4);
    set.add(a);
    draws++;
  }
  const insertS = (performance.now() - t) / 1000;
  set.trim();
  const after = mem();
  t = performance.now();
  let hits = 0;
  const probe = Rng.fromSeed(2);
  for (let q = 0; q < 1_000_000; q++) {
    for (let i = 0; i < shape; i++) a[i] = probe.int(4);
    if (set.has(a)) hits++;
  }
  const lookupUs = (performance.now() - t) / 1000; // µs per lookup = ms total / 1000 for 10^6 lookups
  t = performance.now();
  const sr = Rng.fromSeed(3);
  for (let q = 0; q < 1_000_000; q++) set.sample(sr);
  const sampleUs = (performance.now() - t) / 1000;
  const file = join(tmpdir(), `lissnas-bench-${shape}.lissnas`);
  t = performance.now();
  saveSpaceFile(file, set);
  const saveS = (performance.now() - t) / 1000;
  const bytes = statSync(file).size;
  t = performance.now();
  const back = loadSpaceFile(file, space) as MemberSet;
  const loadS = (performance.now() - t) / 1000;
  if (back.count !== set.count) throw new Error("round trip lost members");
  rmSync(file);
  console.log(
    [
      `categorical:${shape}x4, ${members.toLocaleString("en")} members (${draws.toLocaleString("en")} draws), packed genotypes: ${set.packed}`,
      `  set typed arrays: ${mb(set.byteLength())} (${(set.byteLength() / members).toFixed(1)} B/member)`,
      `  process growth: rss +${mb(after.rss - before.rss)}, heap +${mb(after.heap - before.heap)}, array buffers +${mb(after.ab - before.ab)}`,
      `  insert ${insertS.toFixed(1)} s (${((insertS * 1e6) / draws).toFixed(2)} µs/add incl. genotype draw); membership ${lookupUs.toFixed(2)} µs; sample ${sampleUs.toFixed(2)} µs`,
      `  peak RSS of the process so far: ${mb(process.resourceUsage().maxRSS * 1024)}`,
      `  file ${mb(bytes)} (${(bytes / members).toFixed(2)} B/member), save ${saveS.toFixed(1)} s, load ${loadS.toFixed(1)} s (validates every key); lookup hits ${hits}`,
    ].join("\n"),
  );
}

const n = Number(process.argv[2] ?? 10_000_000);
run(20, n);
run(40, Math.min(n, 1_000_000));
