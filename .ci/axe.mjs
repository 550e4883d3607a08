// Every HTML page under the output folder must have no axe-core violations in headless
// Chromium; screenshots of each kind of page at phone and desktop width go to .ci/artifacts/
// for people to look at. The web page is also checked and photographed with its clock set
// before go-live, when the countdown runs. Usage: node .ci/axe.mjs [out]
import { readFileSync, readdirSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { join, resolve, relative, dirname } from "node:path";
import { tmpdir } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, "node", "package.json"));
const { chromium } = require("playwright-core");
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const out = resolve(process.argv[2] ?? "out");
const artifacts = join(here, "artifacts");
mkdirSync(artifacts, { recursive: true });

function pages(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return pages(path);
    return name.endsWith(".html") && !name.endsWith(".fragment.html") ? [path] : [];
  }).sort();
}

const widths = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } };
// One court's pages stand for every court's: same templates, same renderer.
const shotCourt = process.env.SHOT_COURT ?? "nmd";

// Each browser gets a fresh profile; the second one's clock is set before go-live, when the
// web page's countdown runs.
const profiles = [];
async function browser(clock) {
  const profile = mkdtempSync(join(tmpdir(), "axe-chromium-"));
  profiles.push(profile);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  if (clock) await context.clock.install({ time: clock });
  return context;
}
const contexts = [];
let violations = 0;
let checked = 0;
try {
  const all = pages(out);
  if (all.length === 0) throw new Error(`no HTML pages under ${out}`);
  // The countdown runs only before go-live: web pages are also checked and shown with the
  // clock on the earliest web-page notice's date, before every court's go-live.
  const dates = all.filter((f) => f.endsWith("web-page.html"))
    .map((f) => /<meta name="date" content="([0-9-]+)">/.exec(readFileSync(f, "utf8"))?.[1])
    .filter(Boolean).sort();
  const live = await browser(null);
  contexts.push(live);
  let early = null;
  if (dates.length) {
    early = await browser(new Date(`${dates[0]}T12:00:00Z`));
    contexts.push(early);
  }
  for (const file of all) {
    const name = relative(out, file);
    const court = name.includes("/") ? name.split("/")[0] : null;
    const runs = [{ label: "", context: live }];
    if (early && name.endsWith("web-page.html")) runs.push({ label: "-countdown", context: early });
    for (const run of runs) {
      const page = await run.context.newPage();
      for (const [size, viewport] of Object.entries(widths)) {
        await page.setViewportSize(viewport);
        await page.goto(pathToFileURL(file).href);
        await page.waitForTimeout(run.label ? 1200 : 50);
        if (size === "desktop") {
          await page.addScriptTag({ content: axeSource });
          const result = await page.evaluate(async () =>
            await window.axe.run(document, { resultTypes: ["violations"] }));
          checked += 1;
          for (const v of result.violations) {
            violations += v.nodes.length;
            console.log(`${name}${run.label}: ${v.id} (${v.impact}): ${v.help}`);
            for (const node of v.nodes.slice(0, 3)) console.log(`    ${node.target.join(" ")}`);
          }
        }
        if (court === null || court === shotCourt) {
          const shot = `${name.replace(/\//g, "_").replace(/\.html$/, "")}${run.label}-${size}.png`;
          await page.screenshot({ path: join(artifacts, shot), fullPage: true });
        }
      }
      await page.close();
    }
  }
} finally {
  for (const context of contexts) await context.close();
  for (const profile of profiles) rmSync(profile, { recursive: true, force: true });
}
console.log(`axe: ${violations} violations in ${checked} page checks; screenshots in ${relative(process.cwd(), artifacts)}/`);
process.exit(violations === 0 ? 0 : 1);
