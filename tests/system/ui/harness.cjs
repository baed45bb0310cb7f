// What the browser tests share: environment from run.sh, SQL on the test database, waits on
// conditions, one Chromium with a fresh context per test, and the runner (a screenshot of every
// test's last page; "N passed, N failed" last; exit non-zero on any failure).
"use strict";
const { createRequire } = require("node:module");
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`e2e: ${name} is not set (run through run.sh)`);
  return v;
};
const BASE = env("MAAS_BASE");
const SHOTS = env("SHOT_DIR");
const { chromium } = createRequire(path.resolve(env("APP_DIR"), "package.json"))("playwright-core");

const LAUNCH_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
// Generous: the machine has two cores shared with other builds and tests.
const TEST_TIMEOUT_MS = 180000;
const WAIT_MS = 20000;
const WAIT_LONG = 60000; // a power action: region -> rack -> BMC and back

/** Runs SQL on the test database (run.sh passes the psql command line). */
function sql(statement) {
  const argv = JSON.parse(env("PSQL_ARGV"));
  return execFileSync(argv[0], [...argv.slice(1), "-tAc", statement], { encoding: "utf8" }).trim();
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/** Waits (polling) until the element's text contains (or, `exact`, is) `text`. */
async function expectText(locator, text, what, timeout = WAIT_MS, exact = false) {
  await locator.waitFor({ timeout });
  const deadline = Date.now() + timeout;
  let got = "";
  while (Date.now() < deadline) {
    got = (await locator.textContent()) ?? "";
    if (exact ? got.trim() === text : got.includes(text)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what}: expected "${text}" in "${got.trim()}"`);
}

const nav = (page, name) =>
  page.getByRole("navigation", { name: "Main" }).getByRole("link", { name });

/** The accessible name of the focused element: aria-label, its <label>, else its text. */
const focusedName = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return "";
    const name = el.getAttribute("aria-label") || el.labels?.[0]?.textContent || el.textContent;
    return (name ?? "").trim();
  });

/** Presses Tab until the element named `name` has focus (bounded); checks focus is visible. */
async function tabTo(page, name, limit = 60) {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press("Tab");
    if ((await focusedName(page)) !== name) continue;
    const outline = await page.evaluate(
      () => getComputedStyle(document.activeElement).outlineStyle);
    expect(outline !== "none", `"${name}" has keyboard focus but no visible outline`);
    return;
  }
  throw new Error(`"${name}" not reached in ${limit} Tab presses`);
}

/** Presses Shift+Tab until the element named `name` has focus (bounded). */
async function shiftTabTo(page, name, limit = 60) {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press("Shift+Tab");
    if ((await focusedName(page)) === name) return;
  }
  throw new Error(`"${name}" not reached in ${limit} Shift+Tab presses`);
}

/**
 * Moves focus to the item named `name` of a table with one Tab stop (a roving tabindex): Tab
 * into the table, then arrows only, row by row (all bounded). Checks focus is visible.
 */
async function gridTo(page, table, name, limit = 400) {
  const inTable = () => page.evaluate((t) => {
    const el = document.activeElement;
    return Boolean(el?.matches("[data-roving-item]") && el.closest(`table[aria-label="${t}"]`));
  }, table);
  let tabs = 0;
  for (; tabs < 60 && !(await inTable()); tabs += 1) await page.keyboard.press("Tab");
  expect(await inTable(), `Tab never reached the ${table} table`);
  await page.keyboard.press("Control+Home");
  await page.keyboard.press("Home");
  const moved = async (key) => {
    await page.evaluate(() => { window.__gridPrev = document.activeElement; });
    await page.keyboard.press(key);
    return page.evaluate(() => document.activeElement !== window.__gridPrev);
  };
  for (let i = 0; i < limit; i += 1) {
    if ((await focusedName(page)) === name) {
      const outline = await page.evaluate(
        () => getComputedStyle(document.activeElement).outlineStyle);
      expect(outline !== "none", `"${name}" has keyboard focus but no visible outline`);
      return;
    }
    if (await moved("ArrowRight")) continue;
    await page.keyboard.press("Home");
    if (!(await moved("ArrowDown"))) break;
  }
  throw new Error(`"${name}" not reached by arrow keys in the ${table} table`);
}

/** Waits until the element named `name` has focus (focus moves after React renders). */
async function expectFocus(page, name, what) {
  const deadline = Date.now() + WAIT_MS;
  let got = "";
  while (Date.now() < deadline) {
    got = await focusedName(page);
    if (got === name) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what}: focus is on "${got}", not "${name}"`);
}

/** The names of the next `count` Tab stops. */
async function nextTabStops(page, count) {
  const names = [];
  for (let i = 0; i < count; i += 1) {
    await page.keyboard.press("Tab");
    names.push(await focusedName(page));
  }
  return names;
}

/** The page fits its viewport's width (tables scroll inside their own box). */
async function expectNoOverflow(page, width) {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth <= width, `page is ${scrollWidth} px wide at ${width} px`);
}

/**
 * The API GETs the open page sends until it has polled `list` (a path) `polls` times, as they
 * went over the wire (DevTools protocol: raw request headers and raw status, so a 304 that the
 * browser's cache answers the page with as the stored 200 counts as the 304 it was). Each is
 * { path, status, ifNoneMatch }.
 */
async function wirePolls(page, list, polls = 3) {
  const cdp = await page.context().newCDPSession(page);
  const byId = new Map();
  const entry = (id) => byId.get(id) ?? byId.set(id, {}).get(id);
  cdp.on("Network.requestWillBeSent", (e) => {
    const url = new URL(e.request.url);
    if (e.request.method === "GET" && url.pathname.startsWith("/MAAS/api/2.0/"))
      entry(e.requestId).path = url.pathname;
  });
  cdp.on("Network.requestWillBeSentExtraInfo", (e) => {
    entry(e.requestId).ifNoneMatch =
      Object.keys(e.headers).some((k) => k.toLowerCase() === "if-none-match");
  });
  cdp.on("Network.responseReceivedExtraInfo", (e) => { entry(e.requestId).status = e.statusCode; });
  await cdp.send("Network.enable");
  const seen = () => [...byId.values()].filter((s) => s.path && s.status);
  const deadline = Date.now() + 60000;
  while (seen().filter((s) => s.path === list).length < polls && Date.now() < deadline)
    await page.waitForResponse((r) => new URL(r.url()).pathname === list, { timeout: 60000 });
  await cdp.detach();
  const all = seen();
  expect(all.filter((s) => s.path === list).length >= polls, `${list} was not polled ${polls} times`);
  return all;
}

const shot = (page, name) => page.screenshot({ path: path.join(SHOTS, name), fullPage: true });

// One Chromium for the run; each test gets fresh, isolated contexts (own cookies and storage).
let browser = null;
const contexts = [];
let current = null; // the page whose screenshot a test leaves: the last one it opened

/** Logs in by the login form and waits for the first page (Controllers). */
async function login(page, user) {
  await page.goto(`${BASE}/MAAS/r/`);
  await page.getByLabel("Username").fill(user.username);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("heading", { name: "Controllers" }).waitFor();
}

async function browserFor(user, width = 1280) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  contexts.push(context);
  context.setDefaultTimeout(WAIT_MS);
  const page = await context.newPage();
  current = page;
  if (user) await login(page, user);
  return { context, page };
}

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

async function runOne(t) {
  let timer;
  await Promise.race([
    t.fn(),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${TEST_TIMEOUT_MS} ms`)),
        TEST_TIMEOUT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Starts the run's one Chromium (run() does it for tests; a benchmark calls it itself). */
async function launch() {
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: LAUNCH_ARGS });
  return browser;
}

async function run() {
  fs.mkdirSync(SHOTS, { recursive: true });
  await launch();
  let passed = 0;
  let failed = 0;
  for (const t of tests) {
    const started = Date.now();
    current = null;
    const slug = t.name.replace(/[^a-z0-9]+/gi, "-").toLowerCase().slice(0, 60);
    try {
      await runOne(t);
      if (current) await shot(current, `${slug}.png`);
      passed += 1;
      console.log(`ok - ${t.name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed += 1;
      console.log(`not ok - ${t.name}: ${error.message.split("\n")[0]}`);
      if (current) await shot(current, `${slug}-FAILED.png`).catch(() => {});
    }
    while (contexts.length) await contexts.pop().close().catch(() => {});
  }
  await browser.close();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

/** The webhook BMC's own idea of a machine's power (bench/bmc/webhook_server.py). */
async function bmcState(id) {
  const answer = await fetch(`${env("HOOK")}/q/${id}`);
  return (await answer.json()).status;
}

/** The Subnets page's link to the VLAN of the subnet `cidr` (every fabric has "untagged"). */
const vlanLink = (page, cidr) =>
  page.getByRole("row").filter({ hasText: cidr }).getByRole("link", { name: /\(VID \d+\)$/ });

module.exports = {
  env, BASE, WAIT_LONG, sql, expect, expectText, nav, shot, browserFor, test, run, launch, login,
  wirePolls, bmcState, vlanLink,
  focusedName, expectFocus, tabTo, nextTabStops, expectNoOverflow, shiftTabTo, gridTo,
};
