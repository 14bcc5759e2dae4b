// Scenarios of the explorer's analyses, of the map explaining itself, and of signed-in work (sign-in, edits, a
// conflict between two browsers, a live update, an import, an accessibility scan). driver.mjs runs them with its
// helpers (`kit`); each returns what the page showed, and pytest compares it with the API's own answers.

import { readFileSync } from "node:fs";
import path from "node:path";

const SESSION_KEY = "partnernet.session";

export function workScenarios(kit) {
  const { base, TIMEOUT, settled, idle, open, mapState, shot } = kit;

  /** A new browser context whose tab starts signed in with `token` (as the page keeps a session). */
  async function signedInPage(token, role) {
    const context = await kit.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    context.setDefaultTimeout(TIMEOUT);
    await context.addInitScript(
      ([key, value]) => {
        if (!sessionStorage.getItem(key)) sessionStorage.setItem(key, value);
      },
      [SESSION_KEY, JSON.stringify({ token, role })],
    );
    const page = await context.newPage();
    kit.watch(page);
    return page;
  }

  async function analysis(page) {
    await idle(page);
    const status = await settled(page, "#an-status", "count");
    const items = await page.$$eval("#an-results li", (lis) =>
      lis.filter((li) => li.dataset.id || li.dataset.edge || li.dataset.index).map((li) => ({ ...li.dataset })),
    );
    const members = await page.$$eval("#an-results li[data-index]", (lis) =>
      lis.map((li) =>
        [...li.querySelectorAll(".result-body")[0].querySelectorAll("a.node-link")].map((a) => a.dataset.id),
      ),
    );
    return { status, items, members };
  }

  const cyOf = (page, fn, arg) =>
    page.evaluate(
      ([body, a]) => {
        const cy = document.querySelector("#map-graph")._cyreg.cy;
        return new Function("cy", "arg", body)(cy, a);
      },
      [fn, arg],
    );

  async function mapOpened(page) {
    await page.waitForFunction(() => new URL(location.href).searchParams.get("tab") === null, null, {
      timeout: TIMEOUT,
    });
    const map = await mapState(page);
    const query = Object.fromEntries(new URL(page.url()).searchParams);
    const highlighted = await cyOf(page, "return cy.nodes('.highlight').map((n) => n.id());");
    return { map, query, highlighted };
  }

  /** Downloads of a click: the saved file's path and text. */
  async function download(page, selector, outDir) {
    const [file] = await Promise.all([page.waitForEvent("download"), page.click(selector)]);
    const target = path.join(outDir, file.suggestedFilename());
    await file.saveAs(target);
    return { path: target, name: file.suggestedFilename(), text: readFileSync(target, "utf8") };
  }

  /** Wait until a save went through: the form closes and the card is drawn again with its notice. */
  async function savedFrom(page, form) {
    await page.locator(form).waitFor({ state: "detached", timeout: TIMEOUT });
    await page.locator("#card .live-notice").waitFor({ timeout: TIMEOUT });
  }

  async function editCard(page, id) {
    await page.goto(`${base}/explore/?sel=${encodeURIComponent(id)}`);
    await idle(page);
    await page.locator("#card-edit").waitFor({ timeout: TIMEOUT });
    await page.click("#card-edit");
    await page.locator("#edit-form").waitFor();
  }

  return {
    /** Each analysis panel: its results, then the first result opened on the map. */
    async analyses(page, p) {
      const seen = {};
      for (const c of p.cases) {
        await open(page, `?tab=analyses&an=${c.an}${c.query ?? ""}`);
        const shown = await analysis(page);
        if (c.shot) {
          await page.setViewportSize({ width: 1280, height: 900 });
          await shot(page, c.shot);
        }
        let opened = null;
        if (shown.items.length) {
          await page.locator("#an-results .show-on-map").first().click();
          opened = await mapOpened(page);
          if (c.mapShot) await shot(page, c.mapShot);
        }
        seen[c.an] = { ...shown, opened };
      }
      return seen;
    },

    /** The map explains itself: the same picture twice, sizes, colours, legend, a link's detail, exports. */
    async mapExplains(page, p, context) {
      const url = `?sel=${encodeURIComponent(p.id)}&colour=community&ar=`;
      await open(page, url);
      const map = await mapState(page);
      const positions =
        "return Object.fromEntries(cy.nodes().map((n) => [n.id(), [Math.round(n.position().x), Math.round(n.position().y)]]));";
      const first = await cyOf(page, positions);
      const second = await context.newPage();
      kit.watch(second);
      await second.goto(`${base}/explore/${url}`);
      await idle(second);
      await mapState(second);
      const again = await cyOf(second, positions);
      const looks = await cyOf(
        page,
        "return cy.nodes().not('.country-group').map((n) => ({ id: n.id(), size: n.data('size'), colour: n.data('colour'), degree: n.degree(false), crowded: n.hasClass('crowded') }));",
      );
      // No two labels on show overlap.
      const overlaps = await cyOf(
        page,
        `const shown = cy.nodes().not('.country-group').not('.crowded').map((n) => n.boundingBox({ includeNodes: false, includeLabels: true, includeOverlays: false, includeUnderlays: false }));
         let n = 0;
         for (let i = 0; i < shown.length; i++) for (let j = i + 1; j < shown.length; j++) {
           const a = shown[i], b = shown[j];
           if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) n++;
         }
         return n;`,
      );
      const legend = await page.textContent("#map-legend");
      // A click on a link, where Cytoscape drew it.
      const at = await cyOf(
        page,
        `const e = cy.getElementById(arg); const m = e.renderedMidpoint(); const box = cy.container().getBoundingClientRect();
         return { x: box.left + m.x, y: box.top + m.y };`,
        p.edge,
      );
      await page.mouse.click(at.x, at.y);
      await page.locator("#map-edge:not([hidden])").waitFor({ timeout: TIMEOUT });
      const edge = await page.$eval("#map-edge", (el) => ({
        id: el.dataset.edge,
        title: el.querySelector("h3").textContent,
        facts: Object.fromEntries(
          [...el.querySelectorAll("dt")].map((dt) => [dt.textContent, dt.nextElementSibling.textContent]),
        ),
        sources: [...el.querySelectorAll("a")].map((a) => a.href),
      }));
      await page.setViewportSize({ width: 1280, height: 900 });
      await shot(page, "map-communities");
      const csv = await download(page, '#panel-map [data-export="csv"]', p.outDir);
      const svg = await download(page, '#panel-map [data-export="svg"]', p.outDir);
      // Size by broker score: the API's scores decide the order of sizes.
      await page.selectOption("#map-size", "broker");
      await page.waitForFunction(() => new URL(location.href).searchParams.get("size") === "broker");
      await mapState(page);
      const brokerSizes = await cyOf(
        page,
        "return Object.fromEntries(cy.nodes().not('.country-group').map((n) => [n.id(), n.data('size')]));",
      );
      await open(page, `?tab=links&region=${p.region}&ka=&kb=`);
      await settled(page, "#links-status", "total");
      const matrix = await download(page, '#panel-links [data-export="csv"]', p.outDir);
      return { map, first, again, looks, overlaps, legend, edge, csv, svg, brokerSizes, matrix };
    },

    /** Sign in through the dialog; the session survives a reload; the sensitive organisation shows, marked. */
    async signIn(page, p) {
      await open(page, `?card=${encodeURIComponent(p.sensitiveId)}`);
      const anonymousCard = await page.textContent("#card");
      await page.click("#signin-open");
      await page.fill("#signin-token", "not-a-token");
      await page.click('#signin-form button[value="signin"]');
      await page.waitForFunction(() =>
        /not valid|Not allowed/i.test(document.querySelector("#signin-error").textContent),
      );
      const refused = await page.textContent("#signin-error");
      await page.fill("#signin-token", p.token);
      await page.click('#signin-form button[value="signin"]');
      await page.locator("#session-role").waitFor({ timeout: TIMEOUT });
      const role = await page.getAttribute("#session-role", "data-role");
      await page.locator("#card .sensitive-badge").waitFor({ timeout: TIMEOUT });
      const card = await page.$eval("#card", (el) => ({
        title: el.querySelector("h2").textContent,
        edit: !!el.querySelector("#card-edit"),
      }));
      await page.reload();
      await idle(page);
      await page.locator("#session-role").waitFor({ timeout: TIMEOUT });
      const afterReload = await page.getAttribute("#session-role", "data-role");
      const stored = await page.evaluate((key) => JSON.parse(sessionStorage.getItem(key)), SESSION_KEY);
      await page.fill("#search-input", p.search);
      await page.press("#search-input", "Enter");
      await page.locator(`button.hit[data-id="${p.sensitiveId}"]`).waitFor({ timeout: TIMEOUT });
      await page.setViewportSize({ width: 1280, height: 900 });
      await shot(page, "signed-in");
      await page.click("#signout");
      await page.locator("#signin-open").waitFor();
      const afterSignOut = await page.evaluate((key) => sessionStorage.getItem(key), SESSION_KEY);
      return { anonymousCard, refused, role, card, afterReload, storedRole: stored?.role, afterSignOut };
    },

    /** Edit an organisation (a userError beside its field, then a save), a participation, and read the history. */
    async edit(p0, p) {
      const page = await signedInPage(p.token, "editor");
      await editCard(page, p.id);
      await page.fill("#edit-name", "");
      await page.click("#edit-form button[type=submit]");
      await page.locator("#edit-name-error:not(:empty)").waitFor({ timeout: TIMEOUT });
      const fieldError = {
        text: await page.textContent("#edit-name-error"),
        invalid: await page.getAttribute("#edit-name", "aria-invalid"),
      };
      await page.fill("#edit-name", p.name);
      await page.fill("#edit-shortName", p.shortName);
      await page.click("#edit-form button[type=submit]");
      await savedFrom(page, "#edit-form");
      const saved = await page.$eval("#card", (el) => ({
        notice: el.querySelector(".live-notice").textContent,
        title: el.querySelector("h2").textContent,
        version: el.querySelector("#card-stamp").dataset.version,
      }));
      // A participation of the card: its confidence.
      await page.click(`#card button[data-edit="${p.participation}"]`);
      await page.locator("#edit-link-form").waitFor();
      await page.selectOption("#edit-link-confidence", p.confidence);
      await page.click("#edit-link-form button[type=submit]");
      await savedFrom(page, "#edit-link-form");
      await page.click("#card-history summary");
      await page.locator("#card-history li[data-seq]").first().waitFor({ timeout: TIMEOUT });
      const history = await page.$$eval("#card-history li[data-seq]", (lis) => lis.map((li) => li.textContent));
      await page.locator("#card-history").scrollIntoViewIfNeeded();
      await shot(page, "edit-history");
      return { fieldError, saved, history };
    },

    /** Two editors in two browsers edit the same record: the second sees a conflict, compares, overwrites. */
    async conflict(p0, p) {
      const a = await signedInPage(p.tokenA, "editor");
      const b = await signedInPage(p.tokenB, "editor");
      await editCard(a, p.id);
      await editCard(b, p.id);
      await a.fill("#edit-shortName", p.shortA);
      await a.click("#edit-form button[type=submit]");
      await savedFrom(a, "#edit-form");
      await b.fill("#edit-shortName", p.shortB);
      await b.click("#edit-form button[type=submit]");
      await b.locator("#edit-conflict #conflict-overwrite").waitFor({ timeout: TIMEOUT });
      const conflict = await b.$eval("#edit-conflict", (el) => ({
        who: el.querySelector(".conflict-who").textContent,
        rows: Object.fromEntries(
          [...el.querySelectorAll("tbody tr")].map((tr) => [
            tr.dataset.field,
            [...tr.querySelectorAll("td")].map((td) => td.textContent),
          ]),
        ),
      }));
      await b.locator("#edit-conflict").scrollIntoViewIfNeeded();
      await shot(b, "conflict");
      await b.click("#conflict-overwrite");
      await savedFrom(b, "#edit-form");
      const after = await b.$eval("#card", (el) => ({
        shortName: el.querySelector("h2 + p.muted")?.textContent,
        version: el.querySelector("#card-stamp").dataset.version,
      }));
      return { conflict, after };
    },

    /** A second page (anonymous, another browser) sees an editor's change on its card and its map, with a notice. */
    async live(watcher, p) {
      await open(watcher, `?sel=${encodeURIComponent(p.id)}&card=${encodeURIComponent(p.id)}`);
      await mapState(watcher);
      await watcher.locator("#live-status", { hasText: "Live" }).waitFor({ timeout: TIMEOUT });
      const editor = await signedInPage(p.token, "editor");
      await editCard(editor, p.id);
      await editor.fill("#edit-shortName", p.shortName);
      await editor.click("#edit-form button[type=submit]");
      await savedFrom(editor, "#edit-form");
      await watcher.locator("#card .live-notice").waitFor({ timeout: TIMEOUT });
      await watcher.locator("#map-live:not([hidden])").waitFor({ timeout: TIMEOUT });
      const card = await watcher.$eval("#card", (el) => ({
        notice: el.querySelector(".live-notice").textContent,
        shortName: el.querySelector("h2 + p.muted")?.textContent,
      }));
      const map = { notice: await watcher.textContent("#map-live"), state: await mapState(watcher) };
      return { card, map };
    },

    /** Upload CSV files, read the dry run's difference, confirm. */
    async upload(p0, p) {
      const page = await signedInPage(p.token, "admin");
      await page.goto(`${base}/explore/?tab=import`);
      await idle(page);
      await page.selectOption("#import-format", "CSV");
      await page.setInputFiles("#import-files", p.files);
      await page.click("#import-check");
      await page.locator('#import-status[data-stage="dry-run"]').waitFor({ timeout: TIMEOUT });
      const read = async () =>
        page.$eval("#import-review", (el) => ({
          counts: { ...el.querySelector("table.import-kinds")?.dataset },
          kinds: [...el.querySelectorAll("table.import-kinds tbody tr")].map((tr) => tr.textContent),
          records: [...el.querySelectorAll(".import-records > li")].map((li) => ({
            ...li.dataset,
            changes: [...li.querySelectorAll(".import-changes li")].map((c) => [c.dataset.field, c.textContent]),
          })),
          status: document.querySelector("#import-status").textContent,
        }));
      const dryRun = await read();
      await page.setViewportSize({ width: 1280, height: 900 });
      await shot(page, "import");
      await page.click("#import-confirm");
      await page.locator('#import-status[data-stage="imported"]').waitFor({ timeout: TIMEOUT });
      const imported = await read();
      return { dryRun, imported };
    },

    /** axe-core (from npm, injected into the page) on every view, signed out and signed in. */
    async axe(page, p) {
      const axeSource = readFileSync(path.join(kit.explorerDir, "node_modules", "axe-core", "axe.min.js"), "utf8");
      const scan = async (target, name) => {
        // Through the DevTools protocol, which the page's Content-Security-Policy (no inline scripts) does not bind.
        await target.evaluate(axeSource);
        const result = await target.evaluate(async () => {
          const r = await window.axe.run(document, { resultTypes: ["violations"] });
          return r.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
          }));
        });
        return result.map((v) => ({ ...v, view: name }));
      };
      const found = [];
      for (const [name, query] of p.views) {
        await open(page, query);
        await idle(page);
        found.push(...(await scan(page, name)));
      }
      const editor = await signedInPage(p.token, "editor");
      await editCard(editor, p.id);
      found.push(...(await scan(editor, "edit form")));
      await editor.click("#signout");
      await editor.click("#signin-open");
      found.push(...(await scan(editor, "sign-in dialog")));
      return { violations: found, views: p.views.length + 2 };
    },
  };
}
