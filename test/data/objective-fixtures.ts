import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Rng } from "../../src/core/rng.js";
import { CategoricalSpace } from "../../src/spaces/categorical/space.js";
import type { Arch } from "../../src/spaces/space.js";

/**
 * A generated table over categorical:PxC (default 5x3, 243 architectures): acc and lat drawn independently
 * from a seeded stream (no locality: tests here check bookkeeping, not search quality).
 */
export function generated(seed = 1, positions = 5, choices = 3) {
  const space = new CategoricalSpace(new Array(positions).fill(choices), {
    id: `categorical:${positions}x${choices}`,
  });
  const archs: Arch[] = [...space.enumerate!()];
  const rng = Rng.fromSeed(seed).child("fixture");
  const acc = archs.map(() => Math.round(rng.float() * 1e6) / 1e4);
  const lat = archs.map(() => 1 + Math.round(rng.float() * 9e5) / 1e5); // in [1, 10] ms
  return { space, archs, acc, lat, str: archs.map((a) => space.format(a)) };
}

const dir = mkdtempSync(join(tmpdir(), "lissnas-objectives-"));

/** Writes columns to a CSV with rows in an order shuffled by `seed` (or dropped by `keep`). */
export function writeCsv(
  name: string,
  cols: Record<string, Array<string | number>>,
  seed: number,
  keep: (i: number) => boolean = () => true,
): string {
  const names = Object.keys(cols);
  const n = cols[names[0]].length;
  const order = Array.from({ length: n }, (_, i) => i).filter(keep);
  const r = Rng.fromSeed(seed).child("shuffle");
  for (let i = order.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const lines = [names.join(","), ...order.map((i) => names.map((c) => cols[c][i]).join(","))];
  const f = join(dir, name);
  writeFileSync(f, `${lines.join("\n")}\n`);
  return f;
}
