// Drive Debian's Chromium through playwright-core (from explorer/node_modules; no browser download) for one
// scenario of the explorer page, and print what the page showed as one JSON object on stdout.
//
//   node tests/browser/driver.mjs '{"scenario": "search", "baseUrl": "http://127.0.0.1:8000", ...}'
//
// pytest (tests/browser/test_explorer.py) chooses the inputs, computes the expected answers from the API and
// asserts; this file only acts and observes. Every scenario also reports the page's console errors.

import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { workScenarios } from "./work.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const explorerDir = path.resolve(here, "../../explorer");
const require = createRequire(path.join(explorerDir, "package.json"));
const { chromium } = require("playwright-core");

const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];
const TIMEOUT = 30_000; // a cold Neo4j plans some statements for seconds the first time

const spec = JSON.parse(process.argv[2]);
const base = spec.baseUrl.replace(/\/$/, "");
const shots = spec.screenshots ?? null;
if (shots) mkdirSync(shots, { recursive: true });

/** Wait until the status element carries data-<attr> set (a view finished drawing) and return it. */
async function settled(page, selector, attr) {
  await page.waitForFunction(
    ([sel, a]) => {
      const el = document.querySelector(sel);
      return (
        el &&
        el.dataset.tone !== "busy" &&
        document.body.dataset.busy !== "true" &&
        (a === null || el.dataset[a] !== undefined)
      );
    },
    [selector, attr],
    { timeout: TIMEOUT },
  );
  return page.$eval(selector, (el) => ({
    text: el.textContent,
    tone: el.dataset.tone ?? "",
    ...el.dataset,
  }));
}

async function idle(page) {
  await page.waitForFunction(
    () => document.body.dataset.ready === "true" && document.body.dataset.busy !== "true",
    null,
    { timeout: TIMEOUT },
  );
}

async function open(page, query = "") {
  await page.goto(`${base}/explore/${query}`);
  await idle(page);
}

async function mapState(page) {
  await idle(page);
  const status = await settled(page, "#map-status", null);
  const listed = await page.$$eval("#map-list tbody tr", (rows) => rows.map((r) => r.dataset.id));
  const drawn = await page.evaluate(() => document.querySelectorAll("#map-graph canvas").length);
  return { status, listed, canvases: drawn, url: page.url() };
}

async function shot(page, name, selector = null) {
  if (!shots) return null;
  const file = path.join(shots, `${name}.png`);
  await page.evaluate(() => window.scrollTo(0, 0));
  if (selector) await page.locator(selector).screenshot({ path: file });
  else await page.screenshot({ path: file });
  return file;
}

async function pick(page, inputSelector, text, id) {
  await page.fill(inputSelector, text);
  await page.press(inputSelector, "Enter");
  const hit = page.locator(`button.hit[data-id="${id}"]`).first();
  await hit.waitFor({ timeout: TIMEOUT });
  await hit.click();
}

const scenarios = {
  /** Search, pick the hit, read the card and the map; then the same with the keyboard alone. */
  async search(page, p) {
    await open(page);
    const empty = await mapState(page);
    await pick(page, "#search-input", p.text, p.id);
    await page.waitForFunction((id) => new URL(location.href).searchParams.get("sel") === id, p.id);
    const map = await mapState(page);
    await page.locator("#card h2").waitFor({ timeout: TIMEOUT });
    const card = await page.$eval("#card", (el) => ({
      title: el.querySelector("h2")?.textContent,
      facts: Object.fromEntries(
        [...el.querySelectorAll("dt")].map((dt) => [dt.textContent, dt.nextElementSibling?.textContent ?? ""]),
      ),
      sources: [...el.querySelectorAll(".provenance a")].map((a) => a.href),
      projectRows: el.querySelectorAll("table.links tbody tr").length,
      confidenceMarks: el.querySelectorAll(".confidence[data-level]").length,
    }));
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.locator("#map-fit").click();
    const screenshot = await shot(page, "map");
    return { empty: empty.status, map, card, screenshot };
  },

  /** The same selection with the keyboard alone: type, Enter, arrow to the first hit, Enter; tabs by arrows. */
  async keyboard(page, p) {
    await open(page);
    await page.keyboard.press("Tab"); // the skip link
    await page.keyboard.press("Tab"); // the title link
    let guard = 0;
    while (guard++ < 15 && !(await page.evaluate(() => document.activeElement?.id === "search-input"))) {
      await page.keyboard.press("Tab");
    }
    const reached = await page.evaluate(() => document.activeElement?.id);
    await page.keyboard.type(p.text);
    await page.keyboard.press("Enter");
    await page.locator("button.hit").first().waitFor({ timeout: TIMEOUT });
    await page.keyboard.press("ArrowDown");
    const focusedHit = await page.evaluate(() => document.activeElement?.dataset?.id);
    await page.keyboard.press("Enter");
    await page.waitForFunction((id) => new URL(location.href).searchParams.get("sel") === id, focusedHit);
    const map = await mapState(page);
    // Expand the last node of the list with the keyboard: focus its button, press Enter.
    const lastExpand = page.locator("#map-list button.small").last();
    const expandId = await lastExpand.evaluate((b) => b.closest("tr").dataset.id);
    await lastExpand.focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction((id) => new URL(location.href).searchParams.get("exp") === id, expandId);
    const expanded = await mapState(page);
    await page.focus("#tab-map");
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("tab") === "path");
    const pathVisible = await page.isVisible("#panel-path");
    return { reached, focusedHit, map, expandId, expanded, pathVisible };
  },

  /** Pick two institutions in the path finder; read the paths and their hops. */
  async path(page, p) {
    await open(page, "?tab=path");
    await pick(page, "#path-from", p.fromText, p.from);
    await pick(page, "#path-to", p.toText, p.to);
    await page.waitForFunction(() => document.querySelector("#path-status")?.dataset.paths !== undefined, null, {
      timeout: TIMEOUT,
    });
    const status = await settled(page, "#path-status", "paths");
    const paths = await page.$$eval("#path-results > li", (items) =>
      items.map((li) => ({
        title: li.querySelector("h3").textContent,
        nodes: [...li.querySelectorAll(".hop-node button")].map((b) => b.dataset.id),
        hops: [...li.querySelectorAll(".hop-edge")].map((e) => e.textContent),
      })),
    );
    await page.setViewportSize({ width: 1280, height: 800 });
    const screenshot = await shot(page, "path-finder");
    return { status, paths, url: page.url() };
  },

  /** The country matrix: read the cells, open one, read its projects; then change the date. */
  async matrix(page, p) {
    await open(page, `?tab=links&region=${p.region}&ka=${p.ka}&kb=${p.kb}`);
    const status = await settled(page, "#links-status", "total");
    const cells = await page.$$eval("button.cell", (bs) =>
      Object.fromEntries(bs.map((b) => [b.dataset.cell, Number(b.dataset.links)])),
    );
    await page.locator(`button.cell[data-cell="${p.cell}"]`).click();
    await page.locator("#links-cell ul li").first().waitFor({ timeout: TIMEOUT });
    const opened = await page.$eval("#links-cell", (el) => ({
      heading: el.querySelector("h3").textContent,
      projects: [...el.querySelectorAll(".cell-projects li")].map((li) => li.dataset.id),
      networks: [...el.querySelectorAll(".cell-networks li")].map((li) => li.dataset.id),
    }));
    await page.setViewportSize({ width: 1280, height: 800 });
    const screenshot = await shot(page, "country-links");
    await page.fill("#asof", p.date);
    await page.locator("#asof").dispatchEvent("change");
    await page.waitForFunction((d) => new URL(location.href).searchParams.get("asOf") === d, p.date);
    await page.waitForFunction(() => document.querySelector("#links-status").dataset.tone !== "busy");
    const after = await settled(page, "#links-status", "total");
    const cellsAfter = await page.$$eval("button.cell", (bs) =>
      Object.fromEntries(bs.map((b) => [b.dataset.cell, Number(b.dataset.links)])),
    );
    const openedProject = opened.projects[0];
    return {
      status,
      cells,
      opened,
      after,
      cellsAfter,
      url: page.url(),
      openedProject,
    };
  },

  /** Expand a node from the list under the map, then filter by programme and by country. */
  async filters(page, p) {
    await open(page, `?sel=${encodeURIComponent(p.id)}`);
    const before = await mapState(page);
    // A click on the node in the canvas, where Cytoscape drew it (the instance is registered on its container).
    const at = await page.evaluate((id) => {
      const container = document.querySelector("#map-graph");
      const node = container._cyreg.cy.getElementById(id);
      const box = container.getBoundingClientRect();
      return { x: box.left + node.renderedPosition().x, y: box.top + node.renderedPosition().y };
    }, p.expand);
    await page.mouse.click(at.x, at.y);
    await page.waitForFunction((id) => new URL(location.href).searchParams.get("exp") === id, p.expand);
    const expanded = await mapState(page);
    const card = await page.textContent("#card h2");
    await page.selectOption("#map-programme", p.programme);
    await page.waitForFunction((id) => new URL(location.href).searchParams.get("prog") === id, p.programme);
    const programme = await mapState(page);
    await page.selectOption("#map-programme", "");
    await page.waitForFunction(() => !new URL(location.href).searchParams.has("prog"));
    await mapState(page);
    await page.selectOption("#map-country", p.country);
    await page.waitForFunction((c) => new URL(location.href).searchParams.get("mc") === c, p.country);
    const country = await mapState(page);
    const countries = await page.$$eval("#map-list tbody tr", (rows) =>
      Object.fromEntries(rows.map((r) => [r.dataset.id, r.children[2].textContent])),
    );
    return { before, expanded, card, programme, country, countries };
  },

  /** The map of one entity before and after the as-of date changes. */
  async date(page, p) {
    await open(page, `?sel=${encodeURIComponent(p.id)}`);
    const before = await mapState(page);
    await page.fill("#asof", p.date);
    await page.locator("#asof").dispatchEvent("change");
    await page.waitForFunction((d) => new URL(location.href).searchParams.get("asOf") === d, p.date);
    await page
      .waitForFunction(
        (n) =>
          document.querySelector("#map-status").dataset.nodes !== n ||
          document.querySelector("#map-status").dataset.tone === "empty",
        before.status.nodes,
        { timeout: TIMEOUT },
      )
      .catch(() => null);
    const after = await mapState(page);
    const cardNote = await page.$eval("#card", (el) => el.textContent.includes("not active on"));
    return { before, after, cardNote };
  },

  /** Set a view through the controls, then open its URL in a fresh page and after a reload. */
  async share(page, p, context) {
    await open(page, `?sel=${encodeURIComponent(p.id)}`);
    await page.selectOption("#map-hops", p.hops);
    await page.fill("#asof", p.date);
    await page.locator("#asof").dispatchEvent("change");
    await page.waitForFunction((d) => new URL(location.href).searchParams.get("asOf") === d, p.date);
    const original = await mapState(page);
    const url = page.url();
    const fresh = await context.newPage();
    watch(fresh);
    await fresh.goto(url);
    await idle(fresh);
    const reopened = await mapState(fresh);
    await fresh.reload();
    await idle(fresh);
    const reloaded = await mapState(fresh);
    const controls = await fresh.evaluate(() => ({
      hops: document.querySelector("#map-hops").value,
      asOf: document.querySelector("#asof").value,
      card: document.querySelector("#card h2")?.textContent ?? null,
    }));
    return { url, original, reopened, reloaded, controls };
  },

  /** Export the map as GraphML and PNG; save the downloads where pytest reads them. */
  async export(page, p) {
    await open(page, `?sel=${encodeURIComponent(p.id)}${p.query ?? ""}`);
    const map = await mapState(page);
    const [graphml] = await Promise.all([
      page.waitForEvent("download"),
      page.click('#panel-map [data-export="graphml"]'),
    ]);
    const graphmlPath = path.join(p.outDir, graphml.suggestedFilename());
    await graphml.saveAs(graphmlPath);
    const [png] = await Promise.all([page.waitForEvent("download"), page.click('#panel-map [data-export="png"]')]);
    const pngPath = path.join(p.outDir, png.suggestedFilename());
    await png.saveAs(pngPath);
    return { map, graphml: graphmlPath, png: pngPath };
  },

  /** What the page says when the service is down, when a bound is exceeded and when nothing is found. */
  async messages(page, p) {
    const results = {};
    // The service unavailable: every GraphQL request fails at the network level.
    await page.route("**/graphql", (route) => route.abort("connectionrefused"));
    await page.goto(`${base}/explore/?sel=${encodeURIComponent(p.id)}`);
    await page.locator("#banner:not([hidden])").waitFor({ timeout: TIMEOUT });
    results.unavailable = {
      banner: await page.textContent("#banner"),
      map: await page.textContent("#map-status"),
    };
    await page.unroute("**/graphql");
    // The retry button recovers once the service answers again.
    await page.click("#banner button");
    await page.waitForFunction(() => document.querySelector("#banner").hidden, null, { timeout: TIMEOUT });
    results.recovered = await mapState(page);
    // A bound exceeded: the service answers LIMIT_EXCEEDED (as it does past a node cap or hop bound).
    await page.route("**/graphql", async (route) => {
      const body = route.request().postDataJSON();
      if (!body.query.includes("neighbourhood(")) return route.continue();
      return route.fulfill({
        contentType: "application/json",
        body: JSON.stringify({
          data: null,
          errors: [
            {
              message: "hops must be between 1 and 3",
              extensions: { code: "LIMIT_EXCEEDED", field: "hops" },
            },
          ],
        }),
      });
    });
    await page.selectOption("#map-hops", "3");
    await page.waitForFunction(() => document.querySelector("#map-status").dataset.tone === "error", null, {
      timeout: TIMEOUT,
    });
    results.bound = await page.textContent("#map-status");
    await page.unroute("**/graphql");
    // Nothing found: a search without hits, and a date before any link.
    await page.fill("#search-input", p.noMatch);
    await page.press("#search-input", "Enter");
    await page.waitForFunction(() => document.querySelector("#search-status").dataset.tone === "empty", null, {
      timeout: TIMEOUT,
    });
    results.noHits = await page.textContent("#search-status");
    await open(page, `?sel=${encodeURIComponent(p.emptyId)}&asOf=${p.emptyDate}`);
    await page.waitForFunction(() => document.querySelector("#map-status").dataset.tone === "empty", null, {
      timeout: TIMEOUT,
    });
    results.noLinks = await page.textContent("#map-status");
    await open(page, `?sel=${encodeURIComponent(p.id)}&mk=CIVIL_SOCIETY`);
    await page.waitForFunction(() => document.querySelector("#map-status").dataset.tone === "empty", null, {
      timeout: TIMEOUT,
    });
    results.noPartners = await page.textContent("#map-status");
    // The node cap: a hub's 3-hop neighbourhood over every role is cut, and the page says so.
    await open(page, `?sel=${encodeURIComponent(p.hubId)}&hops=3&struct=1`);
    await page.locator('#map-notice[data-truncated="true"]').waitFor({ timeout: TIMEOUT });
    results.truncated = {
      notice: await page.textContent("#map-notice"),
      map: await mapState(page),
    };
    return results;
  },

  /** A narrow screen: one column, nothing wider than the viewport. */
  async narrow(page, p) {
    await page.setViewportSize({ width: 390, height: 844 });
    await open(page, `?sel=${encodeURIComponent(p.id)}`);
    await mapState(page);
    const layout = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      width: window.innerWidth,
      sideBottom: document.querySelector(".side").getBoundingClientRect().bottom,
      mainTop: document.querySelector(".main").getBoundingClientRect().top,
    }));
    await shot(page, "narrow");
    return { layout };
  },
};

// The scenarios of analyses, the map's explanations and signed-in work (work.mjs), with the helpers above.
const kit = { base, TIMEOUT, explorerDir, settled, idle, open, mapState, shot, pick, watch: (p) => watch(p) };
Object.assign(scenarios, workScenarios(kit));

const problems = { consoleErrors: [], pageErrors: [] };
function watch(page) {
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.consoleErrors.push(msg.text());
  });
  page.on("pageerror", (err) => problems.pageErrors.push(String(err)));
}

const browser = await chromium.launch({
  executablePath: process.env.PARTNERNET_CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: CHROMIUM_FLAGS,
});
let output;
let page = null;
try {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
  });
  context.setDefaultTimeout(TIMEOUT);
  page = await context.newPage();
  watch(page);
  kit.browser = browser;
  const result = await scenarios[spec.scenario](page, spec.params ?? {}, context);
  output = { ok: true, result, ...problems };
} catch (err) {
  output = { ok: false, error: String(err?.stack ?? err), ...problems };
  // What the page looked like when the step failed, for the test's failure message.
  if (page && spec.failureScreenshot) {
    await page.screenshot({ path: spec.failureScreenshot, fullPage: true }).catch(() => null);
    output.failureScreenshot = spec.failureScreenshot;
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(output) + "\n");
