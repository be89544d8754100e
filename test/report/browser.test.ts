import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, test } from "node:test";
import { pathToFileURL } from "node:url";
import { makeReports } from "./fixtures.js";

const CHROMIUM = "/usr/bin/chromium";
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is absent (CI installs Debian's chromium)`;
const root = mkdtempSync(join(tmpdir(), "lissnas-browser-"));
/** Screenshots go to the test's temporary output, or to LISSNAS_SCREENSHOTS (how docs/img/ is made). */
const shots = process.env.LISSNAS_SCREENSHOTS
  ? resolve(process.env.LISSNAS_SCREENSHOTS)
  : join(root, "screenshots");
after(() => {
  if (!process.env.LISSNAS_KEEP_OUTPUT) rmSync(root, { recursive: true, force: true });
});

test("every report kind renders in a real browser: all figures drawn, no console errors, sortable table", {
  skip,
}, async () => {
  const { chromium } = await import("playwright-core");
  const dirs = await makeReports(join(root, "results"));
  mkdirSync(shots, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1000, height: 1100 } });
    // No network: a report must never ask for anything outside itself.
    const requests: string[] = [];
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("file:")) return route.continue();
      requests.push(url);
      return route.abort();
    });
    for (const [kind, dir] of Object.entries(dirs)) {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(pathToFileURL(join(dir, "report.html")).href);
      const figures = await page.$$eval("figure.figure", (fs) =>
        fs.map((f) => {
          const svg = f.querySelector("svg");
          const box = svg?.getBoundingClientRect();
          const marks = svg
            ? svg.querySelectorAll("g[class*='mark-'] path, g[class*='mark-'] line").length
            : 0;
          return { id: f.id, marks, width: box?.width ?? 0, height: box?.height ?? 0 };
        }),
      );
      assert.ok(figures.length > 0, `${kind}: no figure`);
      for (const f of figures) {
        assert.ok(f.marks > 0, `${kind} ${f.id}: no marks drawn`);
        assert.ok(f.width > 100 && f.height > 100, `${kind} ${f.id}: not laid out (${f.width}×${f.height})`);
      }
      await page.screenshot({ path: join(shots, `report-${kind}.png`) });
      if (kind === "shrink") {
        // Sorting the member table by its value column (numbers, descending then ascending).
        const header = page.locator("table.sortable th").nth(1);
        const column = () =>
          page.$$eval("table.sortable tbody tr", (rows) =>
            rows.map((r) => Number((r as HTMLTableRowElement).cells[1].getAttribute("data-v"))),
          );
        await header.click();
        const asc = await column();
        assert.deepEqual(
          asc,
          [...asc].sort((a, b) => a - b),
          "ascending after one click",
        );
        await header.click();
        const desc = await column();
        assert.deepEqual(
          desc,
          [...desc].sort((a, b) => b - a),
          "descending after two clicks",
        );
        assert.ok(desc.length > 1);
      }
      assert.deepEqual(errors, [], `${kind}: console errors`);
      await page.close();
    }
    assert.deepEqual(requests, [], "network requests");
  } finally {
    await browser.close();
  }
  process.stderr.write(`# screenshots in ${shots}\n`);
});
