import { join } from "node:path";
import { UsageError } from "../core/errors.js";
import { writeFileAtomic } from "../store/atomic.js";
import { escapeHtml, htmlPage, htmlTable } from "./html.js";
import type { Block, Report } from "./model.js";
import { renderPng, renderSvg } from "./render.js";

/** Figure file formats `--figures` accepts. */
export type FigureFormat = "svg" | "png";

/** Parses `--figures svg,png` (empty: none). */
export function parseFigureFormats(spec: string | undefined): FigureFormat[] {
  if (spec === undefined || spec.trim() === "") return [];
  const out: FigureFormat[] = [];
  for (const raw of spec.split(",")) {
    const f = raw.trim();
    if (f !== "svg" && f !== "png")
      throw new UsageError(`--figures: unknown format '${f}' (known: svg, png)`);
    if (!out.includes(f)) out.push(f);
  }
  return out;
}

/** The rendered page and each figure's SVG (in block order), for writing or testing. */
export interface RenderedReport {
  html: string;
  svgs: Array<{ id: string; svg: string }>;
}

/** Renders a report to one self-contained HTML page: figures inline as SVG, tables and text escaped. */
export async function renderReport(report: Report): Promise<RenderedReport> {
  const svgs: RenderedReport["svgs"] = [];
  const parts: string[] = [`<h1>${escapeHtml(report.title)}</h1>`];
  if (report.synthetic) {
    parts.push(
      '<p class="synthetic"><strong>SYNTHETIC landscape</strong> — every number on this page comes from the built-in NK landscape, not from a benchmark.</p>',
    );
  }
  parts.push(`<ul class="facts">${report.facts.map((f) => `<li>${escapeHtml(f)}</li>`).join("")}</ul>`);
  for (const b of report.blocks) parts.push(await renderBlock(b, svgs));
  return { html: htmlPage(report.title, parts.join("\n")), svgs };
}

async function renderBlock(b: Block, svgs: RenderedReport["svgs"]): Promise<string> {
  switch (b.type) {
    case "text":
      return `${b.title ? `<h2>${escapeHtml(b.title)}</h2>` : ""}${b.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}`;
    case "missing":
      return `<h2>${escapeHtml(b.title)}</h2><p class="note missing">${escapeHtml(b.reason)}</p>`;
    case "table":
      return [
        `<h2>${escapeHtml(b.title)}</h2>`,
        b.caption ? `<p>${escapeHtml(b.caption)}</p>` : "",
        `<div class="scroll">${htmlTable(b.header, b.rows, { sortable: b.sortable })}</div>`,
      ].join("\n");
    case "figure": {
      let svg: string;
      try {
        svg = await renderSvg(b.spec);
      } catch (e) {
        return `<h2>${escapeHtml(b.title)}</h2><p class="note missing">not drawn: ${escapeHtml((e as Error).message.split("\n")[0])}</p>`;
      }
      svgs.push({ id: b.id, svg });
      return [
        `<h2>${escapeHtml(b.title)}</h2>`,
        `<figure id="fig-${escapeHtml(b.id)}" class="figure">`,
        svg,
        `<figcaption>${escapeHtml(b.caption)}</figcaption>`,
        "</figure>",
      ].join("\n");
    }
  }
}

/**
 * Writes `<dir>/report.html` (or `file`) atomically and, for each format asked, every figure as
 * `<dir>/figures/<id>.svg|png`. Returns the paths written. The page is rendered completely before anything
 * is written, so a failure leaves no half-written page.
 */
export async function writeReport(
  dir: string,
  report: Report,
  options: { formats?: readonly FigureFormat[]; file?: string } = {},
): Promise<string[]> {
  const rendered = await renderReport(report);
  const written: string[] = [];
  for (const format of options.formats ?? []) {
    for (const { id, svg } of rendered.svgs) {
      const file = join(dir, "figures", `${id}.${format}`);
      writeFileAtomic(file, format === "svg" ? svg : renderPng(svg));
      written.push(file);
    }
  }
  const page = options.file ?? join(dir, "report.html");
  writeFileAtomic(page, rendered.html);
  written.unshift(page);
  return written;
}
