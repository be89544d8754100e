import { rmSync } from "node:fs";
import { join } from "node:path";
import type { SeedRecord } from "../shrink/compare.js";
import { exactParse, exactStringify, findResumable, moveAside } from "../store/checkpoint.js";
import { LISSNAS_VERSION } from "../version.js";
import { writeOut } from "./common.js";
import { note } from "./progress.js";

/** Files `compare` writes into --out. */
export const COMPARE_FILES = {
  json: "compare.json",
  tables: "tables.md",
  edf: "edf.csv",
  flops: "flops.csv",
  /** Per-seed checkpoint while the comparison runs; removed when it completes. */
  partial: "compare.partial.json",
  /** The HTML report (figures inline). */
  report: "report.html",
} as const;

/** The checkpoint's format tag. */
export const COMPARE_CHECKPOINT_FORMAT = "lissnas-compare-checkpoint";

/** The options of `compare` that shape its results (what compare.json and its checkpoint record). */
export interface CompareRunOptions {
  space: string;
  data: string | string[] | null;
  metric: string;
  seed: number;
  seeds: number;
  [option: string]: unknown;
}

/**
 * Every option that changes `compare`'s numbers, with absent ones as null (a stable shape): the record of
 * "which options produced this" in compare.json and the key a checkpoint is resumed by.
 */
export function compareOptions(
  opts: Record<string, unknown> & { space: string; seed: number; seeds: number },
  metric: string,
  methods: readonly string[],
  algos: readonly string[],
): CompareRunOptions {
  const v = (k: string) => (opts[k] === undefined ? null : opts[k]);
  return {
    space: opts.space,
    data: (opts.data as string | string[] | undefined) ?? null,
    metric,
    archColumn: v("archColumn"),
    where: v("where"),
    task: v("task"),
    constraint: v("constraint"),
    cheap: v("cheap"),
    landscapeK: v("landscapeK"),
    landscapeSeed: v("landscapeSeed"),
    landscapeNoise: v("landscapeNoise"),
    seed: opts.seed,
    seeds: opts.seeds,
    methods: [...methods],
    algos: [...algos],
    nasBudget: v("nasBudget"),
    nasRuns: v("nasRuns"),
    good: v("good"),
    costDataset: v("costDataset"),
    // #11: an asynchronous evaluator's options (absent: a table or the landscape)
    trainer: v("trainer"),
    workers: v("workers"),
    evalSeed: v("evalSeed"),
    retries: v("retries"),
    evalTimeout: v("evalTimeout"),
  };
}

/**
 * Seeds are independent (each has its own root stream), so a checkpoint is resumed by every option except
 * --seed/--seeds: the seeds it finished that this run asks for are reused.
 */
function resumeKey(options: unknown): unknown {
  if (!options || typeof options !== "object") return options;
  const { seed: _seed, seeds: _seeds, ...rest } = options as Record<string, unknown>;
  return rest;
}

/**
 * `compare`'s checkpoint (`compare.partial.json`) and its rules (issue #18):
 * - resume: a rerun with the same options (--seed/--seeds aside) reuses every finished seed of the
 *   checkpoint; the checkpoint holds each seed's full record, kept exactly (NaN, ±∞), so the final files are
 *   byte-identical to an uninterrupted run's. A checkpoint of other options (or another lissnas version, or
 *   not one at all) is not resumed: one note says which option differs, and it is replaced at the first
 *   finished seed.
 * - never stale: when the run begins its work, a finished result in --out (compare.json and its tables,
 *   CSVs, report and figures) is moved into `<out>/previous/` (compare.json first); the final compare.json is
 *   written last, after the other files, and the checkpoint removed after it. So compare.json in --out is
 *   always the result of the options it records, and a folder holding compare.partial.json is unfinished.
 */
export class CompareCheckpoint {
  /** The finished seeds' records of an earlier run with the same options (empty when none). */
  readonly finished = new Map<number, SeedRecord>();
  private readonly file: string;
  /** What the checkpoint reading found, said when the run begins (bad input stays one line). */
  private readonly notes: string[] = [];

  constructor(
    private readonly out: string,
    private readonly options: CompareRunOptions,
    private readonly seeds: readonly number[],
    private readonly shape: { spaces: readonly string[]; algos: readonly string[] },
  ) {
    this.file = join(out, COMPARE_FILES.partial);
    const { found, ignored } = findResumable([this.file], {
      format: COMPARE_CHECKPOINT_FORMAT,
      options: resumeKey(options),
      optionsOf: (d) => resumeKey(d.options),
      parse: exactParse,
    });
    this.notes.push(...ignored);
    if (!found) return;
    const records = found.doc.finished;
    if (!Array.isArray(records) || !records.every((r) => this.wellFormed(r))) {
      this.notes.push(`${this.file}: not resumed (its seed records are not complete); it will be replaced`);
      return;
    }
    for (const r of records as SeedRecord[]) this.finished.set(r.seed, r);
    const reused = seeds.filter((s) => this.finished.has(s));
    if (reused.length > 0)
      this.notes.push(
        `${this.file}: resuming — seed(s) ${reused.join(", ")} finished earlier, not recomputed`,
      );
  }

  /** A record has every space and algorithm of this run (a hand-edited or truncated one is not used). */
  private wellFormed(r: unknown): boolean {
    const rec = r as SeedRecord;
    if (!rec || !Number.isInteger(rec.seed) || !rec.methods || !rec.edf) return false;
    return this.shape.spaces.every((name) => {
      const o = rec.methods[name];
      return (
        o?.comparison?.shrunk !== undefined &&
        this.shape.algos.every((a) => typeof o.nas?.[a] === "number") &&
        Array.isArray(rec.edf[name])
      );
    });
  }

  /** The run starts working: a finished result of an earlier run leaves --out for `<out>/previous/`. */
  begin(): void {
    for (const line of this.notes) note(line);
    moveEarlierResult(this.out);
  }

  /** Records a finished seed and rewrites the checkpoint atomically (every finished seed in it, by seed). */
  save(record: SeedRecord): void {
    this.finished.set(record.seed, record);
    const finished = [...this.finished.values()].sort((a, b) => a.seed - b.seed);
    const doc = {
      format: COMPARE_CHECKPOINT_FORMAT,
      version: 1,
      lissnas: LISSNAS_VERSION,
      complete: false,
      options: this.options,
      seeds: this.seeds,
      finished,
    };
    writeOut(this.file, `${exactStringify(doc, 1)}\n`);
  }

  /** The run is complete (compare.json written): the checkpoint goes. */
  remove(): void {
    rmSync(this.file, { force: true });
  }
}

/**
 * Moves a finished result of an earlier run out of --out into `<out>/previous/` (compare.json first), with
 * one note; called when a run begins its work (after every input was checked).
 */
export function moveEarlierResult(out: string): void {
  const others = [
    COMPARE_FILES.tables,
    COMPARE_FILES.edf,
    COMPARE_FILES.flops,
    COMPARE_FILES.report,
    "figures",
  ];
  const moved = moveAside(out, COMPARE_FILES.json, others);
  if (moved.length > 0)
    note(
      `${join(out, COMPARE_FILES.json)}: an earlier result, moved to ${join(out, "previous")}/ (${moved.join(", ")})`,
    );
}
