import { statSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Command } from "commander";
import { reportFromResults } from "../../report/load.js";
import type { FigureFormat } from "../../report/write.js";
import { writeReport } from "../../report/write.js";
import { emit } from "../common.js";
import { withFigures } from "../reporting.js";

interface ReportOptions {
  in: string;
  out?: string;
  figures?: FigureFormat[];
  json?: boolean;
}

/** `lissnas report --in DIR [--out FILE] [--figures svg,png]`: (re)builds report.html from saved results. */
export function register(program: Command): void {
  withFigures(
    program
      .command("report")
      .description("build a self-contained HTML report (figures inline) from a command's saved results")
      .requiredOption("--in <dir>", "a command's --out folder, or an experiment results file")
      .option("--out <file>", "the page to write (default: report.html in the results' folder)"),
  )
    .option("--json", "print what was written as JSON")
    .option("--quiet", "accepted like every command's; report prints no progress")
    .action(async (opts: ReportOptions) => {
      const report = reportFromResults(opts.in);
      const dir = statSync(opts.in).isDirectory() ? opts.in : dirname(opts.in);
      const file = opts.out ?? join(dir, "report.html");
      const figureDir = opts.out ? dirname(opts.out) : dir;
      const written = await writeReport(figureDir, report, { formats: opts.figures ?? [], file });
      const figures = report.blocks.filter((b) => b.type === "figure").length;
      const missing = report.blocks.filter((b) => b.type === "missing").map((b) => b.title);
      emit({ kind: report.kind, report: file, figures, missing, files: written }, opts.json, () =>
        [
          `${report.kind} report: ${file} (${figures} figures${missing.length ? `; not drawn: ${missing.join("; ")}` : ""})`,
          ...written.slice(1).map((f) => `  ${f}`),
        ].join("\n"),
      );
    });
}
