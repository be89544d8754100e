import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { DataError, UsageError } from "../core/errors.js";
import { compareReport } from "./builders/compare.js";
import { landscapeReport, localityReport } from "./builders/locality.js";
import { experimentReport, searchReport } from "./builders/search.js";
import { shrinkReport } from "./builders/shrink.js";
import type { Report } from "./model.js";
import { get, num, str } from "./model.js";

/** Newest results-file version this lissnas reads (files without a version are version 1). */
export const RESULTS_VERSION = 1;

/** Files a results folder may hold, by the command that writes them (in detection order). */
export const RESULT_FILES = {
  compare: "compare.json",
  shrink: "metrics.json",
  search: "search.json",
  locality: "locality.json",
  landscape: "landscape.json",
} as const;

/** Extra data the shrink report draws (EDF curves, members, fronts), beside metrics.json. */
export const SHRINK_REPORT_DATA = "report-data.json";

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new DataError(file, `cannot read (${(e as NodeJS.ErrnoException).code ?? "error"})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    const detail = (e as Error).message.split("\n")[0];
    throw new DataError(file, `not valid JSON (${detail}); an interrupted write? rerun the command`);
  }
}

function checkVersion(file: string, json: unknown): void {
  const v = num(get(json, "version"));
  if (v !== null && v > RESULTS_VERSION) {
    throw new DataError(
      file,
      `written by a newer lissnas (results version ${v}; this one reads up to ${RESULTS_VERSION}): upgrade lissnas`,
    );
  }
}

/**
 * An experiment results file (format lissnas-experiment) in the folder, if any; else the checkpoint of an
 * interrupted experiment (`<output>.partial`, marked incomplete: its report says so).
 */
function findExperiment(dir: string): string | undefined {
  const names = readdirSync(dir).sort();
  const candidates = [
    ...names.filter((f) => f.endsWith(".json") && f !== SHRINK_REPORT_DATA),
    ...names.filter((f) => f.endsWith(".partial")),
  ];
  for (const f of candidates) {
    const file = join(dir, f);
    try {
      const head = readFileSync(file, "utf8").slice(0, 200);
      if (head.includes('"lissnas-experiment"')) return file;
    } catch {
      // unreadable: not ours
    }
  }
  return undefined;
}

/**
 * Reads the results in `input` (a command's --out folder, or an experiment results file) and builds its
 * report. One-line errors for: a missing path, a folder with no results, only an interrupted compare's
 * checkpoint, invalid JSON, a file from a newer version.
 */
export function reportFromResults(input: string): Report {
  if (!existsSync(input)) throw new UsageError(`--in ${input}: no such file or folder`);
  if (statSync(input).isFile()) {
    const json = readJson(input);
    checkVersion(input, json);
    if (str(get(json, "format")) === "lissnas-experiment") return experimentReport(json);
    return reportFromResults(join(input, ".."));
  }
  const dir = input;
  const at = (f: string) => join(dir, f);
  if (existsSync(at(RESULT_FILES.compare))) {
    const json = readJson(at(RESULT_FILES.compare));
    checkVersion(at(RESULT_FILES.compare), json);
    return compareReport(json);
  }
  if (existsSync(at("compare.partial.json"))) {
    const part = readJson(at("compare.partial.json"));
    // the finished seeds' records: `finished` (since #18; `seeds` lists the seeds asked for), else `seeds`
    const done = get(part, "finished") ?? get(part, "seeds");
    const seeds = Array.isArray(done) ? done.length : 0;
    throw new DataError(
      at("compare.partial.json"),
      `an interrupted compare (${seeds} seed(s) finished, no compare.json): rerun compare to finish it`,
    );
  }
  if (existsSync(at(RESULT_FILES.shrink))) {
    const json = readJson(at(RESULT_FILES.shrink));
    checkVersion(at(RESULT_FILES.shrink), json);
    const data = existsSync(at(SHRINK_REPORT_DATA)) ? readJson(at(SHRINK_REPORT_DATA)) : undefined;
    if (data !== undefined) checkVersion(at(SHRINK_REPORT_DATA), data);
    return shrinkReport(json, data);
  }
  for (const [kind, file] of [
    ["search", RESULT_FILES.search],
    ["locality", RESULT_FILES.locality],
    ["landscape", RESULT_FILES.landscape],
  ] as const) {
    if (!existsSync(at(file))) continue;
    const json = readJson(at(file));
    checkVersion(at(file), json);
    if (kind === "search") return searchReport(json);
    return kind === "locality" ? localityReport(json) : landscapeReport(json);
  }
  const experiment = findExperiment(dir);
  if (experiment) {
    const json = readJson(experiment);
    checkVersion(experiment, json);
    return experimentReport(json);
  }
  throw new DataError(
    dir,
    `no lissnas results here (looked for ${Object.values(RESULT_FILES).join(", ")} or an experiment results file in ${basename(dir) || dir})`,
  );
}
