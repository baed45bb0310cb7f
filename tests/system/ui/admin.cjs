// Browser tests of the administration pages: users and their API keys, networks (fabric, VLAN,
// subnet, ranges) and the event log. Registered with the runner of e2e.cjs, in its place in
// e2e.cjs's order.
"use strict";
const h = require("./harness.cjs");
const { BASE, env, sql, expect, expectText, nav, shot, browserFor, test } = h;

const ADMIN = { username: env("ADMIN_USER"), password: env("ADMIN_PASS") };

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
