// Browser tests of the web UI: headless Debian Chromium driven by playwright-core against a real
// regiond, PostgreSQL, rackd and webhook BMC that run.sh started and seeded (harness.cjs runs
// them). Every test saves a screenshot.
"use strict";
const h = require("./harness.cjs");
const { BASE, WAIT_LONG, env, sql, expect, expectText, nav, shot, browserFor, test } = h;
const { bmcState, vlanLink } = h;
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

require("./access.cjs");

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

require("./admin.cjs");

require("./machines.cjs");

h.run().catch((error) => {
  console.error(error);
  process.exit(1);
});
