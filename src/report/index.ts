/** Reports: HTML pages with Vega-Lite figures rendered to SVG/PNG, from the results commands write. */
export { compareReport, exhaustive } from "./builders/compare.js";
export { landscapeReport, localityReport } from "./builders/locality.js";
export { experimentReport, searchReport } from "./builders/search.js";
export { shrinkReport } from "./builders/shrink.js";
export { escapeHtml, htmlTable } from "./html.js";
export { RESULT_FILES, reportFromResults, SHRINK_REPORT_DATA } from "./load.js";
export type { Block, FigureBlock, Report } from "./model.js";
export { renderPng, renderSvg } from "./render.js";
export { type ShrinkReportData, shrinkReportData } from "./shrink-data.js";
export { type FigureFormat, parseFigureFormats, renderReport, writeReport } from "./write.js";
