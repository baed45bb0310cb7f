// Browser tests of the web UI at fleet size (scale.sh seeds 10,000 machines and 1,000 subnets):
// the totals shown, every row reached by paging to the last one, and searches and filters that
// show exactly the rows the database says they should. No timing is asserted.
"use strict";
const h = require("./harness.cjs");

const { BASE, env, sql, expect, expectText, browserFor, test } = h;
const ADMIN = { username: env("ADMIN_USER"), password: env("ADMIN_PASS") };
const WAIT_MS = 60000;

const pager = (page) => page.getByRole("navigation", { name: "Pages" });
const pagerText = async (page) => ((await pager(page).getByRole("status").textContent()) ?? "").trim();
const lines = (text) => (text ? text.split("\n") : []);

/** The names in the Machines table, in order. */
const machineNames = (page) => page.locator('table[aria-label="Machines"] tbody th').allTextContents()
  .then((names) => names.map((n) => n.trim()));

/** The subnet list's rows in order: each row's CIDR, "" for a VLAN without a subnet. */
const subnetRows = (page) => page.locator('table[aria-label="Fabrics, VLANs and subnets"] tbody tr')
  .evaluateAll((rows) => rows.map((tr) => tr.querySelector('a[href*="/subnets/"]')?.textContent.trim() ?? ""));
const subnetCidrs = async (page) => (await subnetRows(page)).filter(Boolean);

/** Waits until the pager's range is exactly `range` (followed by nothing or a space). */
async function expectRange(page, range, what) {
  const deadline = Date.now() + WAIT_MS;
  let got = "";
  while (Date.now() < deadline) {
    got = await pagerText(page);
    if (got === range || got.startsWith(`${range} `)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what}: the pager says "${got}", not "${range}"`);
}

/**
 * Pages with "Next page" from the page shown to the last, waiting for each page's range in the
 * pager; returns every row `rowsOf` read, page after page.
 */
async function pageThrough(page, rowsOf, total, perPage = 50) {
  const all = [];
  for (let from = 1; ; from += perPage) {
    const to = Math.min(from + perPage - 1, total);
    await expectRange(page, `${from}–${to} of ${total}`, `page from ${from}`);
    const rows = await rowsOf(page);
    expect(rows.length === to - from + 1, `page from ${from} shows ${rows.length} rows`);
    all.push(...rows);
    if (to === total) break;
    await pager(page).getByRole("button", { name: "Next page" }).click();
  }
  const next = pager(page).getByRole("button", { name: "Next page" });
  expect(await next.getAttribute("aria-disabled") === "true", "Next page is live on the last page");
  return all;
}

const sameList = (got, want, what) => {
  const g = JSON.stringify(got);
  const w = JSON.stringify(want);
  expect(g === w, `${what}: ${got.length} rows, want ${want.length}; first difference at ` +
    `${got.findIndex((x, i) => x !== want[i])}`);
};

test("Machines at 10,000: the total, every machine paged through in order, the last one", async () => {
  const want = lines(sql("SELECT hostname FROM nodes WHERE node_type = 0 ORDER BY hostname"));
  expect(want.length >= 10000, `the fixture has ${want.length} machines`);
  const { page } = await browserFor(ADMIN);
  await page.goto(`${BASE}/MAAS/r/machines`);
  await expectRange(page, `1–50 of ${want.length}`, "the total");
  sameList(await pageThrough(page, machineNames, want.length), want, "machines paged through");
  expect(page.url().includes(`page=${Math.ceil(want.length / 50) - 1}`), `last page URL: ${page.url()}`);
  await page.getByRole("link", { name: want.at(-1), exact: true }).click();
  await page.getByRole("heading", { level: 1, name: want.at(-1) }).waitFor();
});

test("Machines at 10,000: a search and power filters show exactly the matching machines", async () => {
  const { page } = await browserFor(ADMIN);
  await page.goto(`${BASE}/MAAS/r/machines`);
  await page.getByLabel("Search hostnames").fill("machine-0999");
  await page.getByRole("button", { name: "Search" }).click();
  let want = lines(sql("SELECT hostname FROM nodes WHERE node_type = 0 " +
    "AND hostname ILIKE '%machine-0999%' ORDER BY hostname"));
  expect(want.length === 10, `the fixture has ${want.length} machine-0999*`);
  await expectRange(page, "1–10 of 10", "the search's matches");
  sameList(await machineNames(page), want, "the search");

  await page.getByLabel("Search hostnames").fill("");
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByLabel("Power state").selectOption("on");
  await page.getByLabel("Power type").selectOption("webhook");
  await page.waitForFunction(() => location.search.includes("power_type=webhook") &&
    location.search.includes("power_state=on") && !location.search.includes("q="));
  want = lines(sql("SELECT hostname FROM nodes WHERE node_type = 0 AND power_state = 'on' " +
    "AND power_type = 'webhook' ORDER BY hostname"));
  expect(want.length > 500, `the fixture has ${want.length} webhook machines that are on`);
  sameList(await pageThrough(page, machineNames, want.length), want, "power filters paged through");
});

test("Machines at 10,000: each poll of an unchanged page is If-None-Match answered 304", async () => {
  const { page } = await browserFor(ADMIN);
  await page.goto(`${BASE}/MAAS/r/machines`);
  await expectText(pager(page), "1–50 of", "the first page", WAIT_MS);
  await page.waitForLoadState("networkidle");
  const polls = await h.wirePolls(page, "/MAAS/api/2.0/machines/", 2);
  const bad = polls.filter((p) => !p.ifNoneMatch || p.status !== 304);
  expect(bad.length === 0, `polls not answered 304 to If-None-Match: ${JSON.stringify(bad)}`);
});

test("Subnets at 1,000: the totals, every subnet paged through, the last one", async () => {
  const subnets = Number(sql("SELECT count(*) FROM subnets"));
  const bare = Number(sql("SELECT count(*) FROM vlans v WHERE NOT EXISTS " +
    "(SELECT 1 FROM subnets s WHERE s.vlan_id = v.id)"));
  expect(subnets >= 1000, `the fixture has ${subnets} subnets`);
  const { page } = await browserFor(ADMIN);
  await page.goto(`${BASE}/MAAS/r/subnets`);
  const rows = subnets + bare;
  await expectRange(page, `1–50 of ${rows} rows, ${subnets} subnets`, "the totals");
  const seen = (await pageThrough(page, subnetRows, rows)).filter(Boolean);
  const want = lines(sql("SELECT text(cidr) FROM subnets ORDER BY cidr"));
  sameList([...seen].sort(), [...want].sort(), "subnets paged through");
  const lastCidr = seen.at(-1);
  await page.getByRole("link", { name: lastCidr, exact: true }).click();
  await page.getByRole("heading", { level: 1, name: lastCidr }).waitFor();
});

test("Subnets at 1,000: a search shows exactly the matching subnets, kept on reload", async () => {
  const { page } = await browserFor(ADMIN);
  await page.goto(`${BASE}/MAAS/r/subnets`);
  const search = page.getByRole("searchbox", { name: /Search subnets/ });
  await search.pressSequentially("10.1.2", { delay: 20 });
  let want = lines(sql("SELECT text(cidr) FROM subnets WHERE text(cidr) LIKE '%10.1.2%' ORDER BY cidr"));
  expect(want.length > 50, `the fixture has ${want.length} subnets matching 10.1.2`);
  await expectRange(page, `1–50 of ${want.length} rows, ${want.length} subnets`, "matches");
  sameList((await pageThrough(page, subnetRows, want.length)).sort(), [...want].sort(), "10.1.2");
  await page.reload();
  expect(await search.inputValue() === "10.1.2", "the search was lost on reload");

  await search.fill("scale-fabric-3 vid 7");
  want = lines(sql("SELECT text(s.cidr) FROM subnets s JOIN vlans v ON v.id = s.vlan_id " +
    "JOIN fabrics f ON f.id = v.fabric_id WHERE f.name = 'scale-fabric-3' AND v.vid = 7"));
  await expectRange(page, `1–${want.length} of ${want.length} rows,`, "one VLAN's");
  sameList((await subnetCidrs(page)).sort(), [...want].sort(), "scale-fabric-3 vid 7");
});

h.run().catch((error) => {
  console.error(error);
  process.exit(1);
});
