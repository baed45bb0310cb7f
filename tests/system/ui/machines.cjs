// Browser tests of the machines at fleet size: server-side power filters kept in the URL, bulk
// power off by keyboard only with its confirmation, and the details page with a power
// parameter edit. Registered with the runner of e2e.cjs (same region, racks and webhook BMC).
"use strict";
const h = require("./harness.cjs");
const { BASE, WAIT_LONG, env, sql, expect, expectText, nav, shot, browserFor, test, bmcState } = h;
const { expectFocus, nextTabStops, expectNoOverflow, gridTo, shiftTabTo } = h;

const HOOK = env("HOOK");
const POWER_RACK = env("POWER_RACK");
const ADMIN = { username: env("ADMIN_USER"), password: env("ADMIN_PASS") };

const pager = (page) => page.getByRole("navigation", { name: "Pages" });
const machineCount = (where) => Number(sql(`SELECT count(*) FROM nodes WHERE node_type = 0 AND ${where}`));

test("machines: searched, sorted and paged by the region, with the state in the URL", async () => {
  const { page } = await browserFor(ADMIN);
  await nav(page, "Machines").click();
  const table = page.getByRole("table", { name: "Machines" });
  await table.getByRole("rowheader", { name: "node-1", exact: true }).waitFor();
  const total = Number(sql("SELECT count(*) FROM nodes WHERE node_type = 0"));
  await expectText(page.getByRole("navigation", { name: "Pages" }), `of ${total}`, "the total");
  await page.getByLabel("Search hostnames").fill("node-1");
  await page.getByRole("button", { name: "Search" }).click();
  const matching = Number(sql("SELECT count(*) FROM nodes WHERE node_type = 0 AND hostname ILIKE '%node-1%'"));
  await expectText(page.getByRole("navigation", { name: "Pages" }), `of ${matching}`, "the matches");
  await page.getByRole("button", { name: /^Name/ }).click();
  await page.waitForFunction(() => location.search.includes("sort=-hostname"));
  expect(page.url().includes("q=node-1"), `the search is not in the URL: ${page.url()}`);
  await page.reload();
  await expectText(page.getByRole("navigation", { name: "Pages" }), `of ${matching}`, "after a reload");
  await shot(page, "machines-search.png");
});

test("machines filtered by power state and managing rack on the region, kept in the URL and on Back", async () => {
  sql("UPDATE nodes SET power_state = 'off' WHERE hostname = 'node-broken'");
  await fetch(`${HOOK}/on/node-offfail`, { method: "POST", body: "" }); // its polls say on
  sql("UPDATE nodes SET power_state = 'on' WHERE hostname = 'node-offfail'");
  // Enough manual-power machines for a page that scrolls (database rows: no BMC behind them).
  sql("INSERT INTO nodes (system_id, hostname, node_type, power_type, power_state) " +
    "SELECT 'fill' || g, 'filler-' || lpad(g::text, 2, '0'), 0, 'manual', 'unknown' " +
    "FROM generate_series(1, 40) g");
  const { page } = await browserFor(ADMIN);
  await nav(page, "Machines").click();
  const table = page.getByRole("table", { name: "Machines" });
  await table.getByRole("rowheader", { name: "node-1", exact: true }).waitFor();
  await page.getByLabel("Power state").selectOption("off");
  await page.waitForFunction(() => location.search.includes("power_state=off"));
  const off = machineCount("power_state = 'off'");
  await expectText(pager(page), `of ${off}`, "machines that are off");
  const states = await table.locator('td[data-label="Power"]').allTextContents();
  expect(states.length === off && states.every((s) => s.trim() === "off"), `rows: ${states}`);
  await table.getByRole("rowheader", { name: "node-broken", exact: true }).waitFor();
  expect(await table.getByRole("rowheader", { name: "node-offfail" }).count() === 0, "node-offfail is on");
  // The managing rack: by now the one live rack drives every BMC (the fixture racks are rows
  // only, the second real rack was deleted), manual ones included.
  await page.getByLabel("Power state").selectOption("");
  await page.getByLabel("Managing rack").selectOption({ label: POWER_RACK });
  await page.waitForFunction(() => location.search.includes("power_rack="));
  await expectText(pager(page), `of ${machineCount("true")}`, "machines of the managing rack", WAIT_LONG);
  const racks = await table.locator('td[data-label="Managing rack"]').allTextContents();
  expect(racks.length > 40 && racks.every((r) => r.trim() === POWER_RACK), `managing racks: ${racks}`);
  // A machine's page and Back: the filters are still there (the URL), so is the scroll.
  const last = table.getByRole("link", { name: "filler-40", exact: true });
  await last.scrollIntoViewIfNeeded();
  const scrolled = await page.evaluate(() => window.scrollY);
  expect(scrolled > 300, `the list did not scroll (${scrolled})`);
  let url = page.url();
  await last.click();
  await page.getByRole("heading", { level: 1, name: "filler-40" }).waitFor();
  await page.goBack();
  await table.getByRole("link", { name: "filler-40", exact: true }).waitFor();
  expect(page.url() === url, `URL after Back: ${page.url()}, was ${url}`);
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 50, scrolled, { timeout: 5000 })
    .catch(async () => { throw new Error(`scroll after Back: ${await page.evaluate(() => window.scrollY)}, was ${scrolled}`); });
  await page.getByLabel("Power type").selectOption("ipmi");
  await expectText(pager(page), "0 machines", "no ipmi machine");
  await page.getByLabel("Power type").selectOption("webhook");
  const webhooks = machineCount("power_type = 'webhook'");
  await expectText(pager(page), `of ${webhooks}`, "webhook machines");
  url = page.url();
  await table.getByRole("link", { name: "node-1", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "node-1" }).waitFor();
  await page.goBack();
  await expectText(pager(page), `of ${webhooks}`, "after Back");
  expect(page.url() === url, `URL after Back: ${page.url()}, was ${url}`);
  expect(await page.getByLabel("Managing rack").inputValue() !== "", "the rack filter was lost");
  await page.reload();
  await expectText(pager(page), `of ${webhooks}`, "after a reload");
  await shot(page, "machines-filtered.png");
});

test("bulk power off by keyboard only: it names how many, asks first, and names the one that failed", async () => {
  for (const id of ["node-1", "node-broken", "node-offfail"]) await fetch(`${HOOK}/on/${id}`, { method: "POST", body: "" });
  sql("UPDATE nodes SET power_state = 'on' WHERE hostname IN ('node-1', 'node-broken', 'node-offfail')");
  const { page } = await browserFor(ADMIN);
  await page.goto(`${BASE}/MAAS/r/machines?q=node-&power_type=webhook`);
  const table = page.getByRole("table", { name: "Machines" });
  await expectText(table.getByTestId("machine-node-offfail").locator('td[data-label="Power"]'), "on",
    "node-offfail on", undefined, true);
  for (const name of ["node-1", "node-broken", "node-offfail"]) {
    await gridTo(page, "Machines", `Select ${name}`);
    await page.keyboard.press("Space");
    expect(await page.getByLabel(`Select ${name}`).isChecked(), `Space did not select ${name}`);
  }
  const bar = page.getByRole("region", { name: "Selected machines" });
  await expectText(bar, "3 machines selected", "the selection");
  await gridTo(page, "Machines", "Select node-1");
  await shiftTabTo(page, "Power off selected…");
  await page.keyboard.press("Enter");
  const confirm = bar.getByRole("group");
  await expectText(confirm, "Power off 3 machines?", "the confirmation names how many");
  await expectText(confirm, "no clean shutdown", "the confirmation says what happens");
  const [yes, cancel] = await nextTabStops(page, 2);
  expect(yes === "Yes, power off 3 machines" && cancel === "Cancel", `confirmation stops: ${yes}, ${cancel}`);
  await page.keyboard.press("Enter");
  await expectFocus(page, "Power off selected…", "after Cancel");
  expect(await bmcState("node-1") === "running", "Cancel powered a machine off");
  await page.keyboard.press("Enter");
  await nextTabStops(page, 1);
  await page.keyboard.press("Enter");
  const failed = page.getByTestId("notification").filter({ hasText: "Power off failed" });
  await expectText(failed, "Power off failed for 1 of 3 machines", "the failure", WAIT_LONG);
  await expectText(failed, "node-offfail: Unable to power off node-offfail", "which machine failed and why");
  await expectText(failed, "no such path", "the BMC's words");
  await expectText(page.getByTestId("notification").filter({ hasText: "Power off:" }),
    "Power off: 2 machines done.", "the successes");
  expect(await bmcState("node-1") === "stopped" && await bmcState("node-broken") === "stopped",
    "the BMCs were not switched off");
  for (const name of ["node-1", "node-broken"])
    await expectText(table.getByTestId(`machine-${name}`).locator('td[data-label="Power"]'), "off",
      `${name} after the bulk power off`, undefined, true);
  await shot(page, "machines-bulk-off.png");
});

test("a machine's page: summary, events, and a power parameter edit with the API's field error", async () => {
  const { page } = await browserFor(ADMIN);
  await nav(page, "Machines").click();
  // Enter on a row's checkbox opens the machine.
  await gridTo(page, "Machines", "Select node-1");
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { level: 1, name: "node-1" }).waitFor();
  expect(page.url().endsWith("/MAAS/r/machine/mach001"), `URL: ${page.url()}`);
  await expectText(page.locator(".facts").first(), POWER_RACK, "the managing rack");
  await expectText(page.getByRole("table", { name: "Machine events" }), "Powered off 'node-1'.",
    "the machine's own events");
  const events = await page.getByRole("table", { name: "Machine events" }).textContent();
  expect(!events.includes("node-broken"), "another machine's events are listed");
  await page.getByRole("button", { name: "Edit power configuration" }).click();
  const uri = page.getByLabel("Power on URI", { exact: true });
  const stored = await uri.inputValue();
  await uri.fill("");
  await page.getByLabel("User", { exact: true }).fill("ops");
  await page.getByRole("button", { name: "Save power configuration" }).click();
  const error = page.locator("#power-configuration-power_parameters_power_on_uri-error");
  await expectText(error, "This field is required.", "the API's error beside the field");
  expect(sql("SELECT coalesce(power_parameters->>'power_user', '') FROM nodes WHERE system_id = 'mach001'") === "",
    "a refused edit wrote something");
  await uri.fill(stored);
  await page.getByRole("button", { name: "Save power configuration" }).click();
  await expectText(page.getByTestId("notification").last(), "Power configuration of node-1 saved.", "saved");
  expect(sql("SELECT power_parameters->>'power_user' FROM nodes WHERE system_id = 'mach001'") === "ops",
    "the edit did not reach the database");
  await expectText(page.locator(".facts").nth(1), "ops", "the new value shown");
  const phone = await browserFor(ADMIN, 390);
  await phone.page.goto(page.url());
  await phone.page.getByRole("heading", { level: 1, name: "node-1" }).waitFor();
  await expectText(phone.page.getByRole("table", { name: "Machine events" }), "Powered off", "events at 390 px");
  await expectNoOverflow(phone.page, 390);
  await shot(phone.page, "machine-details-390px.png");
});
