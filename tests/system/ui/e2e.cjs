// Browser tests of the web UI: headless Debian Chromium driven by playwright-core against a real
// regiond, PostgreSQL, rackd and webhook BMC that run.sh started and seeded (harness.cjs runs
// them). Every test saves a screenshot.
"use strict";
const h = require("./harness.cjs");
const { BASE, WAIT_LONG, env, sql, expect, expectText, nav, shot, browserFor, test } = h;
const { focusedName, expectFocus, tabTo, nextTabStops, expectNoOverflow, gridTo } = h;

const SECRET = env("MAAS_SECRET");
const MAAS_URL = env("MAAS_URL");
const HOOK = env("HOOK");
const POWER_RACK = env("POWER_RACK"); // rack 1: the BMCs' rack once rack 2 is deleted
const SECOND_RACK = env("SECOND_RACK");
const ADMIN = { username: env("ADMIN_USER"), password: env("ADMIN_PASS") };
const OPERATOR = { username: env("OPERATOR_USER"), password: env("OPERATOR_PASS") };
const REGION_HOSTNAME = env("REGION_HOSTNAME");

/** A VLAN's state as JSON, by the CIDR of a subnet on it. */
const vlanOf = (cidr) => JSON.parse(sql("SELECT json_build_object('dhcp_on', v.dhcp_on, " +
  "'primary', p.hostname, 'secondary', s.hostname) FROM vlans v JOIN subnets n ON " +
  "n.vlan_id = v.id LEFT JOIN nodes p ON p.id = v.primary_rack_id LEFT JOIN nodes s ON " +
  `s.id = v.secondary_rack_id WHERE n.cidr = '${cidr}'`));

/** The Subnets page's link to the VLAN of the subnet `cidr` (every fabric has "untagged"). */
const vlanLink = (page, cidr) =>
  page.getByRole("row").filter({ hasText: cidr }).getByRole("link", { name: /\(VID \d+\)$/ });

test("login", async () => {
  const { context, page } = await browserFor(null);
  await page.goto(`${BASE}/MAAS/r/controllers`);
  await page.getByLabel("Username").fill(ADMIN.username);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expectText(page.getByRole("alert"), "Invalid username or password.", "bad password");
  expect(await page.getByText("Your session has ended").count() === 0,
    "a refused login is reported as an ended session");
  await shot(page, "login-refused.png");
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
  const rackA = page.getByTestId("controller-rack-a");
  // The fixture racks have no rackd behind them, so the region's liveness singleton reports
  // them as the real region would: no connection to any region worker.
  await expectText(rackA, "0% connected to region controllers.", "rack-a services");
  await expectText(page.getByTestId("controller-rack-b"), "differs from", "rack-b old version");
  await page.getByTestId(`controller-${REGION_HOSTNAME}`).waitFor();
  expect(!((await rackA.textContent()) ?? "").includes("differs"), "rack-a flagged as mismatched");
  // Last seen: the heartbeats of the real rack and of the region; the row-only racks never
  // connected.
  const lastSeen = (row) => row.locator("td").nth(4);
  await expectText(lastSeen(page.getByTestId(`controller-${POWER_RACK}`)), " ago", "live rack");
  await expectText(lastSeen(page.getByTestId(`controller-${REGION_HOSTNAME}`)), " ago", "region");
  await expectText(lastSeen(rackA), "—", "never-connected rack", undefined, true);
  // The page polls: a change in the database shows up without a reload.
  sql("UPDATE nodes SET version = '0.0.1' WHERE hostname = 'rack-a'");
  await expectText(rackA, "differs from", "live update of rack-a's version");
  await shot(page, "controllers.png");
});

test("the region's notifications: a dead rack's appears, and an admin dismisses it", async () => {
  const { page } = await browserFor(ADMIN);
  await nav(page, "Controllers").click();
  const area = page.getByRole("region", { name: "Notifications from the region" });
  // rack-off never connected: the region's liveness marks it dead and the health pass raises it.
  const dead = area.getByTestId("server-notification")
    .filter({ hasText: "Rack controller rack-off is dead" });
  await expectText(dead, "Error", "the category in words", WAIT_LONG);
  await expectText(area, "Controllers run different versions", "the version mismatch");
  await shot(page, "notifications.png");
  await dead.getByRole("button", { name: "Dismiss", exact: true }).click();
  await dead.waitFor({ state: "detached" });
  expect(sql("SELECT count(*) FROM notification_dismissals d JOIN users u ON u.id = d.user_id " +
    "JOIN notifications n ON n.id = d.notification_id " +
    "WHERE u.username = 'admin' AND n.ident = 'rack_dead:rackoff'") === "1",
    "the dismissal is not recorded for the admin");
  // It stays dismissed across a reload while the rack is still dead.
  await page.reload();
  await page.getByRole("heading", { name: "Controllers" }).waitFor();
  await expectText(area, "Rack controller rack-a is dead", "the other dead racks still shown");
  expect(await dead.count() === 0, "the dismissed notification came back");
  // The region's notifications are for admins: a non-admin sees none of them.
  const { page: op } = await browserFor(OPERATOR);
  await nav(op, "Controllers").click();
  await op.getByTestId("controller-rack-a").waitFor();
  expect(await op.getByTestId("server-notification").count() === 0,
    "a non-admin sees the region's notifications");
});

test("add rack controller shows the real secret to an admin", async () => {
  const { page } = await browserFor(ADMIN);
  await page.getByRole("button", { name: "Add rack controller" }).click();
  const snap = page.getByTestId("snap-command");
  await expectText(snap, `sudo maas init rack --maas-url ${MAAS_URL} --secret ${SECRET}`, "snap");
  await expectText(page.getByTestId("packages-command"),
    `sudo maas-rack register --url ${MAAS_URL} --secret ${SECRET}`, "packages");
  await page.getByRole("button", { name: "Copy snap command" }).waitFor();
  await shot(page, "add-rack.png");
});

test("add rack controller is absent for a non-admin", async () => {
  const { page } = await browserFor(OPERATOR);
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
  await shot(page, "controllers-non-admin.png");
});

test("configure DHCP: validation error, then success", async () => {
  const { page } = await browserFor(ADMIN);
  await nav(page, "Subnets").click();
  await vlanLink(page, "192.0.2.0/24").click();
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
  const vlanAfterError = vlanOf("192.0.2.0/24");
  expect(vlanAfterError.dhcp_on === false && vlanAfterError.primary === null,
    `rejected request changed the VLAN: ${JSON.stringify(vlanAfterError)}`);
  expect(sql("SELECT count(*) FROM ipranges") === "0",
    "the refused save left its dynamic range behind");
  await shot(page, "dhcp-validation.png");
  // MAAS's VLANForm checks that the primary is up only when the primary stays as it was, so
  // naming a primary and a secondary in one request is accepted whatever their state; this
  // test sets the primary alone.
  await page.getByLabel("Secondary rack").selectOption({ label: "None" });
  await page.getByRole("button", { name: "Save DHCP configuration" }).click();
  await expectText(page.getByRole("status").filter({ hasText: "DHCP" }),
    "DHCP is enabled on this VLAN.", "success message");
  const saved = vlanOf("192.0.2.0/24");
  expect(saved.dhcp_on && saved.primary === "rack-a" && saved.secondary === null,
    `VLAN after save: ${JSON.stringify(saved)}`);
  await page.reload();
  await expectText(page.locator(".facts"), "192.0.2.100 – 192.0.2.200", "range after reload");
  await shot(page, "dhcp-saved.png");
});

test("delete: the API's refusal is shown, a confirmed delete removes the rack", async () => {
  const { page } = await browserFor(ADMIN);
  // The running region refuses to be deleted; the page shows MAAS's words.
  await page.getByRole("link", { name: REGION_HOSTNAME, exact: true }).click();
  await page.getByRole("button", { name: "Delete…" }).click();
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  await expectText(page.getByRole("alert"),
    `Unable to delete ${REGION_HOSTNAME} as it's currently running.`, "region delete refusal");
  await shot(page, "delete-refused.png");
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

test("DHCP HA on two real racks, then deleting one: the guard's words, then force", async () => {
  const { page } = await browserFor(ADMIN);
  await nav(page, "Subnets").click();
  await vlanLink(page, "198.51.100.0/24").click();
  await page.getByLabel("MAAS provides DHCP on this VLAN").check();
  await page.getByLabel("Primary rack").selectOption({ label: POWER_RACK });
  await page.getByLabel("Secondary rack").selectOption({ label: SECOND_RACK });
  await page.getByLabel("Dynamic range start").fill("198.51.100.200");
  await page.getByLabel("Dynamic range end").fill("198.51.100.250");
  await page.getByRole("button", { name: "Save DHCP configuration" }).click();
  await expectText(page.getByRole("status").filter({ hasText: "DHCP" }),
    "DHCP is enabled on this VLAN.", "HA saved");
  const pair = vlanOf("198.51.100.0/24");
  expect(pair.dhcp_on && pair.primary === POWER_RACK && pair.secondary === SECOND_RACK,
    `VLAN after the save: ${JSON.stringify(pair)}`);
  // The pair's HA view appears with the save. These racks run no kea-dhcp4 (no supervisor),
  // so their hooks never report: the region says so (unknown, link down, degraded).
  const ha = page.getByRole("region", { name: "DHCP high availability" });
  await expectText(ha.getByTestId("ha-rack-primary"), POWER_RACK, "HA view: primary");
  await expectText(ha.getByTestId("ha-rack-secondary"), SECOND_RACK, "HA view: secondary");
  await expectText(ha.getByTestId("ha-rack-secondary"), "unknown", "HA view: no hook report");
  await expectText(ha, "HA degraded", "HA view: degraded, in words");
  await expectText(ha.getByTestId("ha-failovers"), "No takeover ordered by the region.",
    "HA view: no takeover");
  await shot(page, "vlan-dhcp-ha.png");
  await nav(page, "Subnets").click();
  await expectText(page.getByRole("row").filter({ hasText: "198.51.100.0/24" })
    .getByTestId("dhcp-degraded"), "DHCP degraded", "subnet list marks the degraded pair");

  await nav(page, "Controllers").click();
  await page.getByRole("link", { name: SECOND_RACK, exact: true }).click();
  // Keyboard only from here: focus follows the confirmation, then the force option.
  await tabTo(page, "Delete…");
  await page.keyboard.press("Enter");
  // The dialog first says what depends on the rack; Delete acts once that is known.
  await expectText(page.getByRole("list", { name: "What this delete affects" }),
    "secondary DHCP rack of fabric-1.untagged", "what the delete affects");
  const [confirmStop] = await nextTabStops(page, 1);
  expect(confirmStop === "Delete", `first Tab stop in the confirmation: "${confirmStop}"`);
  await page.keyboard.press("Enter");
  await expectText(page.getByRole("alert"), `Unable to delete '${SECOND_RACK}'; it is currently ` +
    "set as a primary or secondary rack controller on VLANs fabric-1.untagged. Disable DHCP HA " +
    "on those VLANs first (maas $PROFILE vlan update", "DHCP HA guard");
  expect(sql(`SELECT count(*) FROM nodes WHERE hostname = '${SECOND_RACK}'`) === "1",
    "the refused delete removed the rack");
  const confirm = page.getByRole("button", { name: "Delete", exact: true });
  expect(await confirm.isDisabled(), "Delete stays enabled after the guard refused");
  await shot(page, "delete-dhcp-ha-guard.png");
  // The disabled Delete cannot hold focus: it moves to the (labelled) force option.
  await expectFocus(page, "Force delete, overriding this protection", "after the refusal");
  await page.keyboard.press("Space");
  expect(await page.getByLabel("Force delete, overriding this protection").isChecked(),
    "Space did not tick the force option");
  const [forceStop] = await nextTabStops(page, 1);
  expect(forceStop === "Force delete", `Tab stop after the force option: "${forceStop}"`);
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Controllers" }).waitFor();
  await page.getByTestId(`controller-${POWER_RACK}`).waitFor();
  await page.getByTestId(`controller-${SECOND_RACK}`).waitFor({ state: "detached" });
  // Forcing leaves DHCP with the remaining rack of the pair.
  const after = vlanOf("198.51.100.0/24");
  expect(after.dhcp_on && after.primary === POWER_RACK && after.secondary === null,
    `VLAN after the forced delete: ${JSON.stringify(after)}`);
});

/** The webhook BMC's own idea of a machine's power (bench/bmc/webhook_server.py). */
async function bmcState(id) {
  const answer = await fetch(`${HOOK}/q/${id}`);
  return (await answer.json()).status;
}

test("power on, off and query a machine through its rack and webhook BMC", async () => {
  const { page } = await browserFor(ADMIN);
  await nav(page, "Machines").click();
  const row = page.getByTestId("machine-node-1");
  const state = row.locator('td[data-label="Power"]');
  await expectText(row, "webhook", "power type");
  // The region gives the BMC to the one live rack (the fixture ones have no rackd).
  await expectText(row.locator('td[data-label="Managing rack"]'), POWER_RACK, "managing rack", 90000);
  await row.getByRole("button", { name: "Power on node-1" }).click();
  await expectText(state, "on", "power state after Power on", WAIT_LONG, true);
  expect(await bmcState("node-1") === "running", "the BMC was not switched on");
  await row.getByRole("button", { name: "Power off node-1" }).click();
  await row.getByRole("button", { name: "Yes, power off" }).click();
  await expectText(state, "off", "power state after Power off", WAIT_LONG, true);
  await expectText(page.getByTestId("notification").last(), "node-1 powered off.", "notification");
  expect(await bmcState("node-1") === "stopped", "the BMC was not switched off");
  // Switched on behind MAAS's back: "Check power" asks the BMC through the rack.
  await fetch(`${HOOK}/on/node-1`, { method: "POST", body: "" });
  await row.getByRole("button", { name: "Check power of node-1" }).click();
  await expectText(state, "on", "power state after Check power", WAIT_LONG, true);
  await shot(page, "machines-power.png");
  // A BMC that refuses: the page shows its answer, through the rack and the region.
  const broken = page.getByTestId("machine-node-broken");
  await expectText(broken.locator('td[data-label="Managing rack"]'), POWER_RACK, "managing rack of node-broken", 90000);
  await broken.getByRole("button", { name: "Power on node-broken" }).click();
  const alert = broken.getByRole("alert");
  await expectText(alert, "Unable to power on node-broken", "power error", WAIT_LONG);
  await expectText(alert, "HTTP 404 Not Found: no such path", "the BMC's words");
  await shot(page, "machines-power-error.png");
});

test("DHCP leases per subnet, live", async () => {
  const { page } = await browserFor(ADMIN);
  await nav(page, "Subnets").click();
  await page.getByRole("link", { name: "192.0.2.0/24", exact: true }).click();
  const leases = page.getByRole("table", { name: "DHCP leases" });
  await expectText(leases, "192.0.2.150", "current lease");
  for (const text of ["52:54:00:12:34:56", "booting-1", "192.0.2.151", "rack-b", " UTC"])
    await expectText(leases, text, "lease details");
  expect(!((await leases.textContent()) ?? "").includes("192.0.2.152"), "expired lease shown");
  // A lease the racks report later shows up without a reload.
  sql("INSERT INTO dhcp_leases (ip, mac_address, hostname, subnet_id, expires) SELECT " +
    "'192.0.2.160', '52:54:00:12:34:60', 'late-1', id, now() + interval '1 hour' " +
    "FROM subnets WHERE cidr = '192.0.2.0/24'");
  await expectText(leases, "late-1", "a new lease, live");
  await shot(page, "subnet-leases.png");
  // At 800 px the table scrolls inside its box; the page does not.
  const narrow = await browserFor(ADMIN, 800);
  await narrow.page.goto(page.url());
  await expectText(narrow.page.getByRole("table", { name: "DHCP leases" }), "late-1", "at 800 px");
  await expectNoOverflow(narrow.page, 800);
});

test("keyboard, labels and layout at 1280 and 800 px: Configure DHCP, power buttons", async () => {
  for (const width of [1280, 800]) {
    const { page } = await browserFor(ADMIN, width);
    await nav(page, "Subnets").click();
    await vlanLink(page, "192.0.2.0/24").click();
    await page.getByLabel("Primary rack").waitFor();
    await expectNoOverflow(page, width);
    const unlabelled = await page.locator("form").evaluate((form) =>
      [...form.querySelectorAll("input, select, textarea")]
        .filter((el) => el.labels.length === 0 && !el.getAttribute("aria-label"))
        .map((el) => el.id || el.outerHTML));
    expect(unlabelled.length === 0, `unlabelled DHCP form fields: ${unlabelled.join(", ")}`);
    // Keyboard only: every field in reading order, then the submit button.
    await tabTo(page, "MAAS provides DHCP on this VLAN");
    const formStops = await nextTabStops(page, 5);
    expect(JSON.stringify(formStops) === JSON.stringify(["Primary rack", "Secondary rack",
      "Dynamic range start", "Dynamic range end", "Save DHCP configuration"]),
    `DHCP form Tab order at ${width} px: ${JSON.stringify(formStops)}`);
    // Enter saves (the unchanged configuration); focus stays on the button meanwhile.
    await page.keyboard.press("Enter");
    await expectText(page.getByRole("status").filter({ hasText: "DHCP" }),
      "DHCP is enabled on this VLAN.", "saved by keyboard");
    await expectFocus(page, "Save DHCP configuration", "after saving by keyboard");
    await shot(page, `dhcp-keyboard-${width}px.png`);

    await nav(page, "Machines").click();
    const row = page.getByTestId("machine-node-1");
    await expectText(row.locator('td[data-label="Managing rack"]'), POWER_RACK, "managing rack", 90000);
    await expectNoOverflow(page, width);
    // The table is one Tab stop; arrows move between a row's checkbox, name and buttons.
    await gridTo(page, "Machines", "Power on node-1");
    const powerStops = [];
    for (let i = 0; i < 2; i += 1) {
      await page.keyboard.press("ArrowRight");
      powerStops.push(await focusedName(page));
    }
    expect(JSON.stringify(powerStops) === JSON.stringify(["Power off node-1",
      "Check power of node-1"]), `power buttons in arrow order: ${JSON.stringify(powerStops)}`);
    // The button of the state the machine is already in says so and does nothing.
    const current = (await row.locator('td[data-label="Power"]').textContent())?.trim();
    if (current === "on" || current === "off") {
      const idle = row.getByRole("button", { name: `Power ${current} node-1` });
      expect(await idle.getAttribute("aria-disabled") === "true",
        `"Power ${current}" is offered to a machine that is ${current}`);
    }
    // Enter on the focused "Check power" asks the BMC, switched behind MAAS's back.
    const want = (await bmcState("node-1")) === "running" ? "off" : "on";
    await fetch(`${HOOK}/${want}/node-1`, { method: "POST", body: "" });
    expect((await focusedName(page)) === "Check power of node-1", "focus moved off the button");
    await page.keyboard.press("Enter");
    await expectText(row.locator('td[data-label="Power"]'), want, "state after Check power by keyboard",
      WAIT_LONG, true);
    expect((await focusedName(page)) === "Check power of node-1",
      `focus left the button during the action: now on "${await focusedName(page)}"`);
    await shot(page, `machines-keyboard-${width}px.png`);
  }
});

test("controllers usable at 800 px, skip link first", async () => {
  const { page } = await browserFor(ADMIN, 800);
  await page.getByTestId("controller-rack-b").waitFor();
  await expectNoOverflow(page, 800);
  // Keyboard only: the skip link comes first, then the navigation.
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.textContent) === "Skip to content",
    "first Tab stop is not the skip link");
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.textContent) === "Controllers",
    "second Tab stop is not the navigation");
  await shot(page, "controllers-800px.png");
});

test("power off by keyboard only: it asks first, Cancel sends nothing", async () => {
  const { page } = await browserFor(ADMIN);
  await nav(page, "Machines").click();
  const row = page.getByTestId("machine-node-1");
  const state = row.locator('td[data-label="Power"]');
  await expectText(row.locator('td[data-label="Managing rack"]'), POWER_RACK, "managing rack", 90000);
  if ((await bmcState("node-1")) !== "running") {
    await fetch(`${HOOK}/on/node-1`, { method: "POST", body: "" });
    await row.getByRole("button", { name: "Check power of node-1" }).click();
  }
  await expectText(state, "on", "machine on before the test", WAIT_LONG, true);
  await gridTo(page, "Machines", "Power off node-1");
  await page.keyboard.press("Enter");
  const dialog = row.getByRole("group");
  await expectText(dialog, "no clean shutdown", "power off confirmation");
  const [first] = await nextTabStops(page, 1);
  expect(first === "Yes, power off", `first Tab stop in the confirmation: "${first}"`);
  const [cancel] = await nextTabStops(page, 1);
  expect(cancel === "Cancel", `second Tab stop: "${cancel}"`);
  await page.keyboard.press("Enter");
  await expectFocus(page, "Power off node-1", "after Cancel");
  expect(await bmcState("node-1") === "running", "Cancel powered the machine off");
  await page.keyboard.press("Enter");
  await nextTabStops(page, 1);
  await page.keyboard.press("Enter");
  await expectText(state, "off", "power state after a confirmed Power off", WAIT_LONG, true);
  expect(await bmcState("node-1") === "stopped", "the BMC was not switched off");
  await expectFocus(page, "Power off node-1", "after the confirmed power off");
});

test("phones: machines and controllers at 390 px, actions on screen", async () => {
  const { page } = await browserFor(ADMIN, 390);
  await page.getByTestId("controller-rack-b").waitFor();
  await expectNoOverflow(page, 390);
  await shot(page, "controllers-390px.png");
  await nav(page, "Machines").click();
  const off = page.getByTestId("machine-node-1").getByRole("button", { name: "Power off node-1" });
  await off.waitFor();
  await expectNoOverflow(page, 390);
  const box = await off.boundingBox();
  expect(box && box.x >= 0 && box.x + box.width <= 390, `Power off is off-screen: ${JSON.stringify(box)}`);
  await shot(page, "machines-390px.png");
});

test("pages are titled and a route change moves focus to the new page's heading", async () => {
  const { page } = await browserFor(ADMIN);
  expect(await page.title() === "Controllers | MAAS", `title: "${await page.title()}"`);
  await nav(page, "Machines").click();
  await page.getByRole("heading", { name: "Machines" }).waitFor();
  await expectFocus(page, "Machines", "after navigating");
  expect(await page.title() === "Machines | MAAS", `title: "${await page.title()}"`);
});

test("a frozen region: the banner says so, with the time of the last answer, and clears", async () => {
  const { page } = await browserFor(ADMIN);
  await page.getByTestId("controller-rack-b").waitFor();
  const pid = Number(env("REGION_PID"));
  process.kill(pid, "SIGSTOP");
  try {
    const banner = page.getByRole("alert").filter({ hasText: "Region unreachable" });
    await expectText(banner, "data as of", "banner of a frozen region", 40000);
    await shot(page, "region-unreachable.png");
  } finally {
    process.kill(pid, "SIGCONT");
  }
  await page.getByRole("alert").filter({ hasText: "Region unreachable" })
    .waitFor({ state: "detached", timeout: 40000 });
});

test("a 503 from the session check during a failover: it waits, then continues logged in", async () => {
  const { page } = await browserFor(ADMIN);
  // The region's answer while its database fails over, for the first two session checks.
  let refused = 0;
  await page.route("**/MAAS/accounts/session/", (route) => {
    if (refused >= 2) return route.continue();
    refused += 1;
    return route.fulfill({ status: 503, contentType: "text/plain",
      body: "Database busy: the database is failing over" });
  });
  await page.goto(`${BASE}/MAAS/r/machines`);
  await page.getByRole("heading", { name: "Waiting for the region" }).waitFor();
  await page.getByRole("heading", { name: "Machines" }).waitFor();
  expect(refused === 2, `session checks refused: ${refused}`);
  expect(await page.getByRole("heading", { name: "Log in to MAAS" }).count() === 0,
    "the login form was shown");
});

test("deleting the last live rack of a VLAN and of the BMCs needs its name typed", async () => {
  const { page } = await browserFor(ADMIN);
  await page.getByRole("link", { name: POWER_RACK, exact: true }).click();
  await page.getByRole("button", { name: "Delete…" }).click();
  const affected = page.getByRole("list", { name: "What this delete affects" });
  await expectText(affected, "DHCP stops on fabric-1.untagged", "the VLAN it alone serves");
  await expectText(affected, "node-1", "the machines it powers");
  const remove = page.getByRole("button", { name: "Delete", exact: true });
  const blocked = async () => (await remove.getAttribute("aria-disabled")) === "true";
  expect(await blocked(), "Delete enabled before the name was typed");
  await remove.click({ force: true }); // a click while blocked does nothing
  await page.getByLabel(/to confirm/).fill("not-the-name");
  expect(await blocked(), "Delete enabled with the wrong name");
  await page.getByLabel(/to confirm/).fill(POWER_RACK);
  expect(!(await blocked()), "Delete still blocked with the right name");
  const looks = await remove.evaluate((b) => getComputedStyle(b).opacity);
  expect(looks === "1", `Delete still looks unavailable with the right name (opacity ${looks})`);
  await shot(page, "delete-last-rack.png");
  await page.getByRole("button", { name: "Cancel" }).click();
  expect(sql(`SELECT count(*) FROM nodes WHERE hostname = '${POWER_RACK}'`) === "1",
    "the rack was deleted");
});

/** A request signed as MAAS's CLI signs it: OAuth 1.0 PLAINTEXT with the API key's parts. */
async function withKey(key, path) {
  const [consumer, token, secret] = key.split(":");
  const header = `OAuth oauth_version="1.0", oauth_signature_method="PLAINTEXT", ` +
    `oauth_consumer_key="${consumer}", oauth_token="${token}", oauth_signature="&${secret}", ` +
    `oauth_nonce="${Math.random().toString(36).slice(2)}", ` +
    `oauth_timestamp="${Math.floor(Date.now() / 1000)}"`;
  const r = await fetch(`${BASE}/MAAS/api/2.0/${path}`, { headers: { Authorization: header } });
  return { status: r.status, body: await r.text() };
}

test("an admin adds a user, whose API key from the browser works until the user is deleted", async () => {
  const erin = { username: "erin", password: "erin-pw-4e1" };
  const { page } = await browserFor(ADMIN);
  await nav(page, "Users").click();
  await page.getByRole("button", { name: "Add user" }).click();
  const form = page.getByRole("form", { name: "Add user" });
  await form.getByLabel("Username").fill(erin.username);
  await form.getByLabel("Email").fill("erin@example.com");
  await form.getByLabel("Password").fill(erin.password);
  await form.getByRole("button", { name: "Add user" }).click();
  await page.getByRole("row").filter({ hasText: "erin@example.com" }).waitFor();
  expect(sql("SELECT is_superuser FROM users WHERE username = 'erin'") === "f",
    "erin is not an ordinary user");
  await shot(page, "users.png");

  const erinPage = (await browserFor(erin)).page;
  expect(await erinPage.getByRole("link", { name: "Users" }).count() === 0, "non-admin sees Users");
  await nav(erinPage, "API keys").click();
  await erinPage.getByLabel(/Name/).fill("laptop");
  await erinPage.getByRole("button", { name: "Generate key" }).click();
  const row = erinPage.getByRole("row").filter({ hasText: "laptop" });
  const key = (await row.locator("code").textContent()).trim();
  expect(/^\w+:\w+:\w+$/.test(key), `API key shape: ${key}`);
  await shot(erinPage, "api-keys.png");
  const whoami = await withKey(key, "users/?op=whoami");
  expect(whoami.status === 200 && JSON.parse(whoami.body).username === "erin",
    `the browser's key as the CLI uses it: ${whoami.status} ${whoami.body}`);

  await page.getByRole("button", { name: "Delete user erin" }).click();
  await page.getByRole("group").getByRole("button", { name: "Delete", exact: true }).click();
  await page.getByTestId("notification").filter({ hasText: "User erin deleted." }).waitFor();
  expect(sql("SELECT count(*) FROM users WHERE username = 'erin'") === "0", "erin still exists");
  const after = await withKey(key, "users/?op=whoami");
  expect(after.status === 401, `a deleted user's key still works: ${after.status}`);
});

test("networks from the browser: fabric, VLAN, subnet and ranges created, edited and deleted", async () => {
  const { page } = await browserFor(ADMIN);
  const count = (table, where) => sql(`SELECT count(*) FROM ${table} WHERE ${where}`);
  await nav(page, "Subnets").click();
  await page.getByRole("button", { name: "Add fabric" }).click();
  let form = page.getByRole("form", { name: "Add fabric" });
  await form.getByLabel("Name").fill("lab-fabric");
  await form.getByRole("button", { name: "Add fabric" }).click();
  await page.getByRole("link", { name: "lab-fabric" }).waitFor();

  await page.getByRole("button", { name: "Add VLAN" }).click();
  form = page.getByRole("form", { name: "Add VLAN" });
  await form.getByLabel("Fabric").selectOption({ label: "lab-fabric" });
  await form.getByLabel("VID").fill("42");
  await form.getByRole("button", { name: "Add VLAN" }).click();
  await form.waitFor({ state: "detached" });
  expect(count("vlans v JOIN fabrics f ON f.id = v.fabric_id", "f.name = 'lab-fabric' AND v.vid = 42") === "1",
    "VLAN 42 not in lab-fabric");

  // The region's own validation, beside the field it names; nothing is written.
  await page.getByRole("button", { name: "Add subnet" }).click();
  form = page.getByRole("form", { name: "Add subnet" });
  await form.getByLabel("CIDR").fill("203.0.113.0/33");
  await form.getByLabel("VLAN").selectOption({ label: "lab-fabric / 42 (VID 42)" });
  await form.getByRole("button", { name: "Add subnet" }).click();
  await page.waitForFunction(() =>
    document.querySelector("[aria-invalid='true']")?.id.endsWith("-cidr"));
  expect(count("subnets", "cidr <<= '203.0.113.0/24'") === "0", "an invalid subnet was written");
  await form.getByLabel("CIDR").fill("203.0.113.0/24");
  await form.getByLabel("Gateway IP").fill("203.0.113.1");
  await form.getByRole("button", { name: "Add subnet" }).click();
  await page.getByRole("link", { name: "203.0.113.0/24" }).click();
  await page.getByRole("heading", { name: "203.0.113.0/24" }).waitFor();

  await page.getByRole("button", { name: "Add range" }).click();
  form = page.getByRole("form", { name: "Add IP range" });
  await form.getByLabel("Start IP").fill("203.0.113.10");
  await form.getByLabel("End IP").fill("203.0.113.19");
  await form.getByLabel("Comment").fill("switches");
  await form.getByRole("button", { name: "Add range" }).click();
  const edit = page.getByRole("button", { name: "Edit range 203.0.113.10 – 203.0.113.19" });
  await edit.click();
  form = page.getByRole("form", { name: "Edit range 203.0.113.10 – 203.0.113.19" });
  await form.getByLabel("End IP").fill("203.0.113.29");
  await form.getByRole("button", { name: "Save range" }).click();
  await form.waitFor({ state: "detached" });
  expect(sql("SELECT host(end_ip) || ' ' || type || ' ' || comment FROM ipranges WHERE " +
    "start_ip = '203.0.113.10'") === "203.0.113.29 reserved switches", "range not saved");
  const inUse = page.getByRole("table", { name: "Addresses in use" });
  await expectText(inUse, "203.0.113.10 – 203.0.113.29", "the reserved span in use");
  await expectText(inUse, "gateway", "the gateway in use");
  await expectText(page.locator("dl.facts"), "used: ", "utilisation");
  await shot(page, "subnet-ranges.png");

  await page.getByRole("button", { name: "Delete range 203.0.113.10 – 203.0.113.29" }).click();
  await page.getByRole("group").getByRole("button", { name: "Delete", exact: true }).click();
  await page.getByTestId("notification").filter({ hasText: "range 203.0.113.10" }).waitFor();
  expect(count("ipranges", "start_ip = '203.0.113.10'") === "0", "range not deleted");
  await page.getByRole("button", { name: "Delete subnet 203.0.113.0/24" }).click();
  await page.getByRole("group").getByRole("button", { name: "Delete", exact: true }).click();
  await page.getByRole("heading", { name: "Subnets" }).waitFor();
  expect(count("subnets", "cidr = '203.0.113.0/24'") === "0", "subnet not deleted");

  await page.getByRole("link", { name: "lab-fabric" }).click();
  await page.getByRole("link", { name: "42 (VID 42)" }).click();
  await page.getByRole("button", { name: "Delete VLAN lab-fabric.42" }).click();
  await page.getByRole("group").getByRole("button", { name: "Delete", exact: true }).click();
  await page.getByRole("heading", { name: "Subnets" }).waitFor();
  await page.getByRole("link", { name: "lab-fabric" }).click();
  await page.getByRole("button", { name: "Delete fabric lab-fabric" }).click();
  await page.getByRole("group").getByRole("button", { name: "Delete", exact: true }).click();
  await page.getByRole("heading", { name: "Subnets" }).waitFor();
  expect(count("fabrics", "name = 'lab-fabric'") === "0", "fabric not deleted");
  expect(count("vlans", "vid = 42") === "0", "VLAN not deleted");
});

test("the event log: logins and power actions, who did them and from where", async () => {
  const { page } = await browserFor(ADMIN);
  await nav(page, "Events").click();
  const table = page.getByRole("table", { name: "Events" });
  await expectText(table, `Logged in ${ADMIN.username}.`, "the login just made");
  await page.getByLabel("Level").selectOption("AUDIT");
  await expectText(table, "Powered on 'node-1'.", "the earlier power on, audited");
  expect(page.url().includes("level=AUDIT"), `filters are not in the URL: ${page.url()}`);
  await shot(page, "events.png");
});

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

require("./machines.cjs");

h.run().catch((error) => {
  console.error(error);
  process.exit(1);
});
