import type { Command } from "commander";
import { UsageError } from "../../core/errors.js";
import { csvField } from "../../shrink/report.js";
import { type EvaluationRecord, EvaluationStore, type StoreStats } from "../../store/evaluations.js";
import { emit, fmt, textTable, writeOut } from "../common.js";

interface StoreOptions {
  store: string;
  json?: boolean;
  format?: string;
  out?: string;
}

/**
 * `lissnas store stats|export --store FILE`: what a durable evaluation store holds (docs/evaluators.md).
 * `stats` prints its binding (space, evaluator identity), ok/failed counts, seconds and time span; `export`
 * writes every evaluation in insertion order as CSV (key, arch, status, one column per metric, error,
 * attempts, seconds, time) or JSON lines, to stdout or atomically to --out. The store is opened read-only.
 */
export function register(program: Command): void {
  const store = program.command("store").description("inspect a durable evaluation store (--store FILE)");
  store
    .command("stats")
    .description("counts, seconds and binding of an evaluation store")
    .requiredOption("--store <file>", "evaluation store (SQLite) written by --store")
    .option("--json", "print JSON")
    .action((opts: StoreOptions) => {
      const stats = withStore(opts.store, (s) => s.stats());
      emit(stats, opts.json, () => statsText(stats));
    });
  store
    .command("export")
    .description("every evaluation of a store as CSV or JSON lines")
    .requiredOption("--store <file>", "evaluation store (SQLite) written by --store")
    .option("--format <fmt>", "csv or jsonl", "csv")
    .option("--out <file>", "write here (atomically) instead of printing")
    .action((opts: StoreOptions) => {
      const format = opts.format ?? "csv";
      if (format !== "csv" && format !== "jsonl") {
        throw new UsageError(`--format must be csv or jsonl, got '${format}'`);
      }
      const { records, metrics } = withStore(opts.store, (s) => ({
        records: s.all(),
        metrics: s.stats().metrics,
      }));
      const text = format === "csv" ? toCsv(records, metrics) : toJsonl(records);
      if (opts.out) writeOut(opts.out, text);
      else process.stdout.write(text);
    });
}

function withStore<T>(file: string, fn: (s: EvaluationStore) => T): T {
  const s = EvaluationStore.openReadOnly(file);
  try {
    return fn(s);
  } finally {
    s.close();
  }
}

function statsText(s: StoreStats): string {
  return textTable(
    ["field", "value"],
    [
      ["store", s.file],
      ["space", s.space],
      ["evaluator", s.identity],
      ["evaluations", s.evaluations],
      ["ok", s.ok],
      ["failed", s.failed],
      ["seconds (wall-clock, all attempts)", fmt(s.seconds)],
      ["first", s.first ?? "-"],
      ["last", s.last ?? "-"],
      ["metrics", s.metrics.join(", ") || "-"],
    ],
  );
}

/** CSV: key, arch, status, one column per metric (sorted), error, attempts, seconds, time. */
function toCsv(records: EvaluationRecord[], metrics: string[]): string {
  const header = ["key", "arch", "status", ...metrics, "error", "attempts", "seconds", "time"];
  const lines = [header.map(csvField).join(",")];
  for (const r of records) {
    const values = metrics.map((m) => (r.metrics && m in r.metrics ? String(r.metrics[m]) : ""));
    const row = [
      r.key,
      r.arch,
      r.status,
      ...values,
      r.error ?? "",
      String(r.attempts),
      String(r.seconds),
      r.time,
    ];
    lines.push(row.map(csvField).join(","));
  }
  return `${lines.join("\n")}\n`;
}

function toJsonl(records: EvaluationRecord[]): string {
  return records.map((r) => `${JSON.stringify(r)}\n`).join("");
}
