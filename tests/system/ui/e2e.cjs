// Browser tests of the web UI: headless Debian Chromium driven by playwright-core against a real
// regiond on a real PostgreSQL that run.sh started and seeded. Every test saves a screenshot.
// Prints one line per test and "N passed, N failed" last; exits non-zero on any failure.
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
const SECRET = env("MAAS_SECRET");
const MAAS_URL = env("MAAS_URL");
const ADMIN = { username: env("ADMIN_USER"), password: env("ADMIN_PASS") };
const OPERATOR = { username: env("OPERATOR_USER"), password: env("OPERATOR_PASS") };
const REGION_HOSTNAME = env("REGION_HOSTNAME");
const { chromium } = createRequire(path.resolve(env("APP_DIR"), "package.json"))("playwright-core");

const LAUNCH_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
const TEST_TIMEOUT_MS = 60000;

/** Runs SQL on the test database (run.sh passes the psql command line). */
function sql(statement) {
  const argv = JSON.parse(env("PSQL_ARGV"));
  return execFileSync(argv[0], [...argv.slice(1), "-tAc", statement], { encoding: "utf8" }).trim();
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/** Waits (polling, up to 15 s) until the element's text contains `text`. */
async function expectText(locator, text, what) {
  await locator.waitFor({ timeout: 15000 });
  const deadline = Date.now() + 15000;
  let got = "";
  while (Date.now() < deadline) {
    got = (await locator.textContent()) ?? "";
    if (got.includes(text)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what}: expected "${text}" in "${got.trim()}"`);
}

const nav = (page, name) =>
  page.getByRole("navigation", { name: "Main" }).getByRole("link", { name });

// One Chromium for the run; each test gets fresh, isolated contexts (own cookies and storage).
let browser = null;
const contexts = [];
async function browserFor(user, width = 1280) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  contexts.push(context);
  context.setDefaultTimeout(15000);
  const page = await context.newPage();
  if (user) await login(page, user);
  return { context, page };
}

async function login(page, user) {
  await page.goto(`${BASE}/MAAS/r/`);
  await page.getByLabel("Username").fill(user.username);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("heading", { name: "Controllers" }).waitFor();
}

const tests = [];
const test = (name, fn) => tests.push({ name, fn });
let current = null; // the page whose screenshot a test leaves

test("login", async () => {
  const { context, page } = await browserFor(null);
  current = page;
  await page.goto(`${BASE}/MAAS/r/controllers`);
  await page.getByLabel("Username").fill(ADMIN.username);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expectText(page.getByRole("alert"), "Invalid username or password.", "bad password");
  expect(await page.getByText("Your session has ended").count() === 0,
    "a refused login is reported as an ended session");
  await page.screenshot({ path: path.join(SHOTS, "login-refused.png") });
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("heading", { name: "Controllers" }).waitFor();
  const cookie = (await context.cookies()).find((c) => c.name === "maas_session");
  expect(cookie, "no maas_session cookie after login");
  expect(cookie.httpOnly, "session cookie is not HttpOnly");
  expect(cookie.sameSite === "Strict", `session cookie SameSite is ${cookie.sameSite}`);
  expect(!(await page.evaluate(() => document.cookie)).includes("maas_session"),
    "page script can read the session cookie");
  // A reload keeps the session; logging out ends it on the server, not just in the page.
  await page.reload();
  await page.getByRole("heading", { name: "Controllers" }).waitFor();
  await page.getByRole("button", { name: "Log out" }).click();
  await page.getByRole("button", { name: "Log in" }).waitFor();
  const after = await context.request.get(`${BASE}/MAAS/accounts/session/`, {
    headers: { Cookie: `maas_session=${cookie.value}` },
  });
  expect(after.status() === 401, `old session still valid after logout: ${after.status()}`);
});

test("session cookie needs the CSRF header to change anything", async () => {
  const { page } = await browserFor(ADMIN);
  current = page;
  const results = await page.evaluate(async () => {
    const session = await (await fetch("/MAAS/accounts/session/")).json();
    const put = (headers) =>
      fetch("/MAAS/api/2.0/fabrics/1/vlans/0/", {
        method: "PUT",
        headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
        body: "description=csrf-check",
      });
    const get = await fetch("/MAAS/api/2.0/users/?op=whoami");
    const without = await put({});
    const wrong = await put({ "X-CSRFToken": "0".repeat(64) });
    const right = await put({ "X-CSRFToken": session.csrf_token });
    return { get: get.status, without: without.status, wrong: wrong.status,
      withoutText: await without.text(), right: right.status };
  });
  expect(results.get === 200, `GET with the session cookie: ${results.get}`);
  expect(results.without === 403, `PUT without CSRF header: ${results.without}`);
  expect(results.withoutText.includes("CSRF"), `403 text: ${results.withoutText}`);
  expect(results.wrong === 403, `PUT with a wrong CSRF header: ${results.wrong}`);
  expect(results.right === 200, `PUT with the right CSRF header: ${results.right}`);
  const anonymous = await fetch(`${BASE}/MAAS/api/2.0/rackcontrollers/`);
  expect(anonymous.status === 401, `API without cookie or OAuth: ${anonymous.status}`);
  await page.goto(`${BASE}/MAAS/r/controllers`);
});

test("controllers list with live updates", async () => {
  const { page } = await browserFor(ADMIN);
  current = page;
  const rackA = page.getByTestId("controller-rack-a");
  // The seeded racks have no rackd behind them, so the region's liveness singleton reports
  // them as the real region would: no connection to any region worker.
  await expectText(rackA, "0% connected to region controllers.", "rack-a services");
  await expectText(page.getByTestId("controller-rack-b"), "differs from", "rack-b old version");
  await page.getByTestId(`controller-${REGION_HOSTNAME}`).waitFor();
  expect(!((await rackA.textContent()) ?? "").includes("differs"), "rack-a flagged as mismatched");
  // The page polls: a change in the database shows up without a reload.
  sql("UPDATE nodes SET version = '0.0.1' WHERE hostname = 'rack-a'");
  await expectText(rackA, "differs from", "live update of rack-a's version");
  await page.screenshot({ path: path.join(SHOTS, "controllers.png"), fullPage: true });
});

test("add rack controller shows the real secret to an admin", async () => {
  const { page } = await browserFor(ADMIN);
  current = page;
  await page.getByRole("button", { name: "Add rack controller" }).click();
  const snap = page.getByTestId("snap-command");
  await expectText(snap, `sudo maas init rack --maas-url ${MAAS_URL} --secret ${SECRET}`, "snap");
  await expectText(page.getByTestId("packages-command"),
    `sudo maas-rack register --url ${MAAS_URL} --secret ${SECRET}`, "packages");
  await page.getByRole("button", { name: "Copy snap command" }).waitFor();
  await page.screenshot({ path: path.join(SHOTS, "add-rack.png"), fullPage: true });
});

test("add rack controller is absent for a non-admin", async () => {
  const { page } = await browserFor(OPERATOR);
  current = page;
  await page.getByTestId("controller-rack-a").waitFor();
  expect(await page.getByRole("button", { name: "Add rack controller" }).count() === 0,
    "non-admin sees Add rack controller");
  const probe = await page.evaluate(async () => {
    const r = await fetch("/MAAS/api/2.0/rackcontrollers/?op=registration_info");
    return { status: r.status, body: await r.text() };
  });
  expect(probe.status === 403, `registration_info for a non-admin: ${probe.status}`);
  expect(!probe.body.includes(SECRET), "secret leaked to a non-admin");
  expect(!(await page.content()).includes(SECRET), "secret in a non-admin's page");
  await page.screenshot({ path: path.join(SHOTS, "controllers-non-admin.png"), fullPage: true });
});

test("configure DHCP: validation error, then success", async () => {
  const { page } = await browserFor(ADMIN);
  current = page;
  await nav(page, "Subnets").click();
  await page.getByRole("link", { name: "untagged (VID 0)" }).click();
  const primary = page.getByLabel("Primary rack");
  await primary.waitFor();
  const offered = await primary.locator("option").allTextContents();
  expect(JSON.stringify(offered) === JSON.stringify(["None", "rack-a", "rack-b"]),
    `racks offered: ${JSON.stringify(offered)} (rack-off has no interface on this VLAN)`);
  await page.getByLabel("MAAS provides DHCP on this VLAN").check();
  await primary.selectOption({ label: "rack-a" });
  await page.getByLabel("Secondary rack").selectOption({ label: "rack-a" });
  await page.getByLabel("Dynamic range start").fill("192.0.2.100");
  await page.getByLabel("Dynamic range end").fill("192.0.2.200");
  await page.getByRole("button", { name: "Save DHCP configuration" }).click();
  await expectText(page.getByRole("alert").first(),
    "The primary and secondary rack must be different", "API validation message");
  const vlanAfterError = JSON.parse(sql("SELECT json_build_object('dhcp_on', dhcp_on, " +
    "'primary', primary_rack_id) FROM vlans WHERE vid = 0"));
  expect(vlanAfterError.dhcp_on === false && vlanAfterError.primary === null,
    `rejected request changed the VLAN: ${JSON.stringify(vlanAfterError)}`);
  expect(sql("SELECT count(*) FROM ipranges") === "0",
    "the refused save left its dynamic range behind");
  await page.screenshot({ path: path.join(SHOTS, "dhcp-validation.png"), fullPage: true });
  // The seeded racks have no rackd, so the region counts rack-a dead: MAAS refuses a secondary
  // whose primary is not up (it could not sync from it).
  await page.getByLabel("Secondary rack").selectOption({ label: "rack-b" });
  await page.getByRole("button", { name: "Save DHCP configuration" }).click();
  await expectText(page.getByRole("alert").first(),
    "The primary rack controller must be up and running to set a secondary rack controller",
    "dead primary message");
  await page.getByLabel("Secondary rack").selectOption({ label: "None" });
  await page.getByRole("button", { name: "Save DHCP configuration" }).click();
  await expectText(page.getByRole("status").filter({ hasText: "DHCP" }),
    "DHCP is enabled on this VLAN.", "success message");
  const saved = JSON.parse(sql("SELECT json_build_object('dhcp_on', v.dhcp_on, 'primary', " +
    "p.hostname, 'secondary', s.hostname) FROM vlans v LEFT JOIN nodes p ON p.id = " +
    "v.primary_rack_id LEFT JOIN nodes s ON s.id = v.secondary_rack_id WHERE v.vid = 0"));
  expect(saved.dhcp_on && saved.primary === "rack-a" && saved.secondary === null,
    `VLAN after save: ${JSON.stringify(saved)}`);
  await page.reload();
  await expectText(page.locator(".facts"), "192.0.2.100 – 192.0.2.200", "range after reload");
  await page.screenshot({ path: path.join(SHOTS, "dhcp-saved.png"), fullPage: true });
});

test("delete: the API's refusal is shown, a confirmed delete removes the rack", async () => {
  const { page } = await browserFor(ADMIN);
  current = page;
  // The running region refuses to be deleted; the page shows MAAS's words.
  await page.getByRole("link", { name: REGION_HOSTNAME, exact: true }).click();
  await page.getByRole("button", { name: "Delete…" }).click();
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  await expectText(page.getByRole("alert"),
    `Unable to delete ${REGION_HOSTNAME} as it's currently running.`, "region delete refusal");
  await page.screenshot({ path: path.join(SHOTS, "delete-refused.png"), fullPage: true });
  await page.getByRole("button", { name: "Cancel" }).click();
  // A plain rack goes after confirmation.
  await nav(page, "Controllers").click();
  await page.getByRole("link", { name: "rack-off", exact: true }).click();
  await page.getByRole("button", { name: "Delete…" }).click();
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  await page.getByRole("heading", { name: "Controllers" }).waitFor();
  await page.getByTestId("controller-rack-a").waitFor();
  await page.getByTestId("controller-rack-off").waitFor({ state: "detached" });
  expect(sql("SELECT count(*) FROM nodes WHERE hostname = 'rack-off'") === "0",
    "rack-off still in the database");
});

test("machines list shows power state and type", async () => {
  const { page } = await browserFor(ADMIN);
  current = page;
  await nav(page, "Machines").click();
  const row = page.getByTestId("machine-node-1");
  await expectText(row, "webhook", "power type");
  await expectText(row, "unknown", "power state");
  await row.getByRole("button", { name: "Power on node-1" }).waitFor();
});

test("usable at 800 px", async () => {
  const { page } = await browserFor(ADMIN, 800);
  current = page;
  await page.getByTestId("controller-rack-a").waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(overflow <= 800, `page is ${overflow} px wide at 800 px`);
  // Keyboard only: the skip link comes first, then the navigation.
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.textContent) === "Skip to content",
    "first Tab stop is not the skip link");
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.textContent) === "Controllers",
    "second Tab stop is not the navigation");
  await page.screenshot({ path: path.join(SHOTS, "controllers-800px.png"), fullPage: true });
});

async function main() {
  fs.mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: LAUNCH_ARGS });
  let passed = 0;
  let failed = 0;
  for (const t of tests) {
    const started = Date.now();
    current = null;
    const slug = t.name.replace(/[^a-z0-9]+/gi, "-").toLowerCase().slice(0, 60);
    try {
      let timer;
      await Promise.race([
        t.fn(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${TEST_TIMEOUT_MS} ms`)),
            TEST_TIMEOUT_MS);
        }),
      ]).finally(() => clearTimeout(timer));
      if (current) await current.screenshot({ path: path.join(SHOTS, `${slug}.png`), fullPage: true });
      passed += 1;
      console.log(`ok - ${t.name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed += 1;
      console.log(`not ok - ${t.name}: ${error.message.split("\n")[0]}`);
      if (current)
        await current.screenshot({ path: path.join(SHOTS, `${slug}-FAILED.png`), fullPage: true })
          .catch(() => {});
    }
    while (contexts.length) await contexts.pop().close().catch(() => {});
  }
  await browser.close();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
