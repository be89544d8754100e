/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(s: unknown): string {
  return String(s)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** A table cell: text, or a number (rendered by `fmtCell`, sorted numerically). */
export type Cell = string | number | null | undefined;

/** A number for a report cell: integers as they are, others to 4 significant decimals, n/a when unknown. */
export function fmtCell(x: Cell): string {
  if (x === null || x === undefined) return "n/a";
  if (typeof x === "string") return x;
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "n/a" : String(x);
  if (Number.isInteger(x)) return String(x);
  return Math.abs(x) >= 1000
    ? x.toFixed(1)
    : x
        .toPrecision(5)
        .replace(/(\.\d*?)0+$/, "$1")
        .replace(/\.$/, "");
}

/** A mean with its 95 % interval; `n/a` for the interval when it is unknown (fewer than two values). */
export function ciCell(mean: number | null | undefined, lo?: number | null, hi?: number | null): string {
  if (mean === null || mean === undefined || Number.isNaN(mean)) return "n/a";
  const ok = typeof lo === "number" && typeof hi === "number" && Number.isFinite(lo) && Number.isFinite(hi);
  return ok ? `${fmtCell(mean)} [${fmtCell(lo)}, ${fmtCell(hi)}]` : `${fmtCell(mean)} [n/a]`;
}

/**
 * An HTML table; every header and cell is escaped. `sortable` tables sort on a header click (the page's
 * inline script; numbers in `data-v` sort numerically).
 */
export function htmlTable(header: string[], rows: Cell[][], options: { sortable?: boolean } = {}): string {
  const cls = options.sortable ? ' class="sortable"' : "";
  const head = header.map((h) => `<th>${escapeHtml(h)}</th>`).join("");
  const body = rows
    .map((r) => {
      const tds = r.map((c) =>
        typeof c === "number" && Number.isFinite(c)
          ? `<td class="num" data-v="${c}">${escapeHtml(fmtCell(c))}</td>`
          : `<td>${escapeHtml(fmtCell(c))}</td>`,
      );
      return `<tr>${tds.join("")}</tr>`;
    })
    .join("\n");
  return `<table${cls}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** The page's only script: click a sortable table's header to sort by that column (numbers numerically). */
const SORT_SCRIPT = `
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("th").forEach(function (th, col) {
    th.addEventListener("click", function () {
      var body = table.tBodies[0];
      var asc = th.getAttribute("data-sort") !== "asc";
      table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("data-sort"); });
      th.setAttribute("data-sort", asc ? "asc" : "desc");
      var rows = Array.prototype.slice.call(body.rows);
      var key = function (r) {
        var c = r.cells[col];
        var v = c.getAttribute("data-v");
        return v === null ? c.textContent : Number(v);
      };
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var d = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
        return asc ? d : -d;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
`;

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #222; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
.synthetic { background: #fff3cd; border: 1px solid #e0c36c; padding: .5rem .8rem; }
.note { color: #666; font-style: italic; }
figure { margin: 1rem 0; } figcaption { color: #444; max-width: 60rem; }
table { border-collapse: collapse; margin: .5rem 0; font-size: .9rem; }
th, td { border: 1px solid #ccc; padding: .2rem .5rem; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.sortable th { cursor: pointer; background: #f4f4f4; }
th[data-sort=asc]::after { content: " ▲"; } th[data-sort=desc]::after { content: " ▼"; }
.scroll { max-height: 32rem; overflow: auto; }
code { background: #f4f4f4; padding: 0 .2rem; }
`;

/** A whole page: a title, pre-rendered (escaped) body HTML, the style and the sort script inline. */
export function htmlPage(title: string, body: string): string {
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // No network: everything is inline; the policy forbids any fetch the page might attempt.
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">",
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    body,
    `<script>${SORT_SCRIPT}</script>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
