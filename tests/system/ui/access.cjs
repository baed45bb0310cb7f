// Browser tests of keyboard use, labels, layout at narrow widths and on phones, and page titles
// and focus. Registered with the runner of e2e.cjs (same region, racks and webhook BMC), in its
// place in e2e.cjs's order: the racks and machines are as the tests before left them.
"use strict";
const h = require("./harness.cjs");
const { WAIT_LONG, env, expect, expectText, nav, shot, browserFor, test, bmcState, vlanLink } = h;
const { focusedName, expectFocus, tabTo, nextTabStops, expectNoOverflow, gridTo } = h;

const HOOK = env("HOOK");
const POWER_RACK = env("POWER_RACK");
const ADMIN = { username: env("ADMIN_USER"), password: env("ADMIN_PASS") };

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
