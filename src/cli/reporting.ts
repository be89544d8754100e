import type { Command } from "commander";
import type { Report } from "../report/model.js";
import { type FigureFormat, parseFigureFormats, writeReport } from "../report/write.js";

export const FIGURES_HELP =
  "also write every figure of report.html as files (<out>/figures/): svg, png or svg,png";

/** Adds `--figures svg,png` (each figure also as a file under <out>/figures/). */
export function withFigures(cmd: Command): Command {
  return cmd.option("--figures <list>", FIGURES_HELP, (v: string) => parseFigureFormats(v));
}

/** Writes `<dir>/report.html` (and the figure files asked for); returns the paths written. */
export async function saveReport(
  dir: string,
  build: () => Report,
  figures: FigureFormat[] | undefined,
): Promise<string[]> {
  return writeReport(dir, build(), { formats: figures ?? [] });
}
