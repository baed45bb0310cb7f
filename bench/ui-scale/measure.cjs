// One measurement of the web UI in headless Chromium at the size the database has now (run
// seeds it); prints one JSON line. Uses the browser tests' harness (tests/system/ui/harness.cjs).
//   machinesPageMs  a fresh load of /MAAS/r/machines (logged in, the app's files cached, as for
//                   any returning user) until the first machine's name in the table is painted:
//                   its Element Timing renderTime (the page marks each name, lib/paintMark.ts)
//                   where Chromium reports one, else the end of the first frame that holds it
//                   (paintBy says which), in ms from the navigation's start. Median of
//                   BENCH_LOADS loads.
//   subnetsPageMs   the same for /MAAS/r/subnets and its first subnet's CIDR.
//   *Scroll         long tasks (PerformanceObserver "longtask": over 50 ms on the main thread)
//                   while the page is scrolled down and back up by the mouse wheel.
//   *Filter         long tasks while a search and a filter are applied, until the rows shown all
//                   match; filterMs is how long that took.
//   poll            every API request of a page left open for three polls of its list: how many
//                   carried If-None-Match and how many were answered 200 and 304.
"use strict";
const h = require("../../tests/system/ui/harness.cjs");

const { BASE, env } = h;
const ADMIN = { username: env("ADMIN_USER"), password: env("ADMIN_PASS") };
const LOADS = Number(process.env.BENCH_LOADS || 5);
const WAIT_MS = 60000;

/**
 * Runs in every page before its own scripts: collects long tasks and, per marked identifier,
 * when its first element was painted: Element Timing's renderTime where Chromium reports it,
 * else the end of the first frame after the element was inserted (requestAnimationFrame, then
 * the next task: the frame with the element has been produced by then).
 */
function observeInPage() {
  const seen = { longtasks: [], paints: {}, frames: {} };
  window.__uiScale = seen;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) seen.longtasks.push({ start: e.startTime, ms: e.duration });
  }).observe({ type: "longtask", buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      if (!(e.identifier in seen.paints)) seen.paints[e.identifier] = e.renderTime || e.loadTime;
  }).observe({ type: "element", buffered: true });
  new MutationObserver(() => {
    for (const el of document.querySelectorAll("[elementtiming]")) {
      const id = el.getAttribute("elementtiming");
      if (id in seen.frames) continue;
      seen.frames[id] = null;
      requestAnimationFrame(() => setTimeout(() => { seen.frames[id] = performance.now(); }, 0));
    }
  }).observe(document, { childList: true, subtree: true });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const round = (x) => Math.round(x * 10) / 10;

async function firstPaint(page, path, identifier) {
  await page.goto(`${BASE}/MAAS/r/${path}`);
  try {
    const handle = await page.waitForFunction((id) => window.__uiScale?.frames[id], identifier,
      { timeout: WAIT_MS });
    const frame = await handle.jsonValue();
    const paint = await page.evaluate((id) => window.__uiScale.paints[id], identifier);
    return { ms: paint ?? frame, by: paint ? "element-timing" : "frame" };
  } catch (error) {
    const seen = await page.evaluate((id) => ({
      marked: document.querySelectorAll(`[elementtiming="${id}"]`).length,
      frames: window.__uiScale?.frames,
      types: PerformanceObserver.supportedEntryTypes,
      url: location.href,
    }), identifier);
    throw new Error(`no paint of ${identifier}: ${JSON.stringify(seen)} (${error.message})`);
  }
}

/** Resolves once the main thread has been idle (long task entries are delivered by then). */
const idle = (page) => page.evaluate(() => new Promise((resolve) => {
  requestIdleCallback(() => resolve(), { timeout: 2000 });
}));

/** Long tasks that started while `action` ran: count and the longest, in ms. */
async function longTasksDuring(page, action) {
  await idle(page);
  const from = await page.evaluate(() => performance.now());
  const started = Date.now();
  await action();
  const tookMs = Date.now() - started;
  await idle(page);
  const to = await page.evaluate(() => performance.now());
  const tasks = await page.evaluate(([a, b]) =>
    window.__uiScale.longtasks.filter((t) => t.start >= a && t.start <= b), [from, to]);
  return { count: tasks.length, maxMs: round(Math.max(0, ...tasks.map((t) => t.ms))), tookMs };
}

const nextFrame = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));

async function scrollDownAndUp(page) {
  await page.mouse.move(640, 450);
  for (const dy of [400, -400]) {
    for (let i = 0; i < 15; i += 1) {
      await page.mouse.wheel(0, dy);
      await nextFrame(page);
    }
  }
}

/** Every name in the machines table contains `text` (and there is at least one). */
const machinesAll = (page, cell, text) => page.waitForFunction(([c, t]) => {
  const cells = [...document.querySelectorAll(`table[aria-label="Machines"] ${c}`)];
  return cells.length > 0 && cells.every((el) => el.textContent.trim().includes(t));
}, [cell, text], { timeout: WAIT_MS });

async function filterMachines(page) {
  const term = "machine-0001";
  const search = page.getByLabel("Search hostnames");
  await search.fill(term);
  await search.press("Enter");
  await machinesAll(page, "tbody th", term);
  await page.getByLabel("Power state").selectOption("on");
  await machinesAll(page, 'td[data-label="Power"]', "on");
}

async function filterSubnets(page) {
  const search = page.getByLabel("Search subnets");
  if ((await search.count()) === 0) return false;
  await search.click();
  await page.keyboard.type("10.0.2", { delay: 30 }); // as a person types, filtered per key
  await page.waitForFunction(() => {
    const cells = [...document.querySelectorAll('table[aria-label="Fabrics, VLANs and subnets"] a[href*="/subnets/"]')];
    return cells.length > 0 && cells.every((el) => el.textContent.includes("10.0.2"));
  }, null, { timeout: WAIT_MS });
  return true;
}

/** The page's API requests while it polls `list` three times: If-None-Match, 200s and 304s. */
async function pollCounts(page, path, list) {
  await page.goto(`${BASE}/MAAS/r/${path}`);
  await page.waitForLoadState("networkidle");
  const all = await h.wirePolls(page, list, 3);
  return {
    requests: all.length,
    ifNoneMatch: all.filter((s) => s.ifNoneMatch).length,
    ok200: all.filter((s) => s.status === 200).length,
    notModified304: all.filter((s) => s.status === 304).length,
    paths: [...new Set(all.map((s) => s.path))],
  };
}

async function main() {
  await h.launch();
  const { context, page } = await h.browserFor(ADMIN);
  await context.addInitScript(observeInPage);
  const machines = [];
  const subnets = [];
  for (let i = 0; i < LOADS; i += 1) {
    machines.push(await firstPaint(page, "machines", "machine-name"));
    subnets.push(await firstPaint(page, "subnets", "subnet-cidr"));
  }
  const machinesMs = machines.map((p) => p.ms);
  const subnetsMs = subnets.map((p) => p.ms);
  await firstPaint(page, "machines", "machine-name");
  const machinesScroll = await longTasksDuring(page, () => scrollDownAndUp(page));
  const machinesFilter = await longTasksDuring(page, () => filterMachines(page));
  await firstPaint(page, "subnets", "subnet-cidr");
  const subnetsScroll = await longTasksDuring(page, () => scrollDownAndUp(page));
  let filtered = false;
  const subnetsFilter = await longTasksDuring(page, async () => { filtered = await filterSubnets(page); });
  const machinesPoll = await pollCounts(page, "machines", "/MAAS/api/2.0/machines/");
  const subnetsPoll = await pollCounts(page, "subnets", "/MAAS/api/2.0/subnets/");
  console.log(JSON.stringify({
    paintBy: [...new Set([...machines, ...subnets].map((p) => p.by))].join("+"),
    machinesPageMs: round(median(machinesMs)),
    machinesPageMsAll: machinesMs.map(round),
    subnetsPageMs: round(median(subnetsMs)),
    subnetsPageMsAll: subnetsMs.map(round),
    machinesScroll, machinesFilter, subnetsScroll,
    subnetsFilter: filtered ? subnetsFilter : null,
    machinesPoll, subnetsPoll,
  }));
  await context.close();
  process.exit(0);
}

main().catch((error) => {
  console.error(`measure: ${error.message.split("\n")[0]}`);
  process.exit(1);
});
