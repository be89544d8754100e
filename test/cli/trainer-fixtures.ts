import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hash32 } from "../../src/core/hash.js";
import { nb201 } from "../../src/spaces/nb201/space.js";
import { ROOT } from "../helpers.js";

/** The fixture trainer (answers from a JSON table; --sleep, --log, misbehaviour modes). */
export const TABLE_TRAINER = join(ROOT, "test/fixtures/trainers/table-trainer.mjs");

/**
 * A generated NB201 table whose values depend only on the canonical class (a trainer trains the canonical
 * network, so a table and a trainer agree only on class-invariant numbers): `accuracy` in [50, 95) with two
 * decimals, `loss` = 100 − accuracy. Written as a CSV (for --data) and a JSON map arch → metrics (for the
 * fixture trainer), over all 15,625 genotypes; `keep` drops rows (a partial table).
 */
export function generatedTables(keep: (row: number) => boolean = () => true): {
  dir: string;
  csv: string;
  json: string;
  rows: number;
} {
  const dir = mkdtempSync(join(tmpdir(), "lissnas-trainer-"));
  const space = nb201;
  const lines = ["arch,accuracy,loss"];
  const map: Record<string, { accuracy: number; loss: number }> = {};
  let row = 0;
  let rows = 0;
  for (const a of space.enumerate!()) {
    if (keep(row++)) {
      const acc = 50 + (hash32(space.format(space.canonical(a))) % 4500) / 100;
      const loss = Math.round((100 - acc) * 100) / 100;
      lines.push(`${space.format(a)},${acc},${loss}`);
      map[space.format(a)] = { accuracy: acc, loss };
      rows++;
    }
  }
  const csv = join(dir, "table.csv");
  const json = join(dir, "table.json");
  writeFileSync(csv, `${lines.join("\n")}\n`);
  writeFileSync(json, JSON.stringify(map));
  return { dir, csv, json, rows };
}

/** The --trainer command line of the fixture trainer on a JSON table, with extra flags. */
export function trainerCommand(json: string, ...flags: string[]): string {
  return [process.execPath, TABLE_TRAINER, json, ...flags].join(" ");
}
