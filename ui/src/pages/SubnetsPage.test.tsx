import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Fabric, Subnet, Vlan } from "../api/types";
import { fabric0, subnet1, vlan5001 } from "../test/fixtures";
import { admin, installApi, renderAt } from "../test/render";

afterEach(() => vi.unstubAllGlobals());

// 1,000 subnets on 10 fabrics of 10 VLANs each, as bench/ui-scale seeds them.
const fabrics: Fabric[] = Array.from({ length: 10 }, (_, f) => ({
  ...fabric0,
  id: 100 + f,
  name: `scale-fabric-${f + 1}`,
  vlans: Array.from({ length: 10 }, (_, v): Vlan => ({
    ...vlan5001,
    id: 1000 + f * 10 + v,
    vid: v,
    name: v === 0 ? "untagged" : String(v),
    fabric: `scale-fabric-${f + 1}`,
    fabric_id: 100 + f,
  })),
}));
const cidrOf = (g: number) => `10.${Math.floor(g / 256)}.${g % 256}.0/24`;
const subnets: Subnet[] = Array.from({ length: 1000 }, (_, i) => {
  const g = i + 1;
  const vlan = fabrics[g % 10].vlans[Math.floor(g / 10) % 10];
  return { ...subnet1, id: g, cidr: cidrOf(g), name: cidrOf(g), vlan };
});

function scaleApi() {
  return installApi((call) => {
    if (call.path === "/MAAS/accounts/session/") return { json: admin };
    if (call.path === "/MAAS/api/2.0/fabrics/") return { json: fabrics };
    if (call.path === "/MAAS/api/2.0/subnets/") return { json: subnets };
    if (call.path === "/MAAS/api/2.0/rackcontrollers/") return { json: [] };
    return undefined;
  });
}

const table = () => screen.getByRole("table", { name: "Fabrics, VLANs and subnets" });
const shownCidrs = () =>
  within(table())
    .queryAllByRole("link")
    .map((a) => a.textContent ?? "")
    .filter((t) => t.includes("/"));
const sorted = (xs: string[]) => [...xs].sort();
const pagerText = () => within(screen.getByRole("navigation", { name: "Pages" })).getByRole("status").textContent;

describe("Subnets at 1,000 subnets", () => {
  it("shows a page of 50 with the total, then the next 50", async () => {
    scaleApi();
    renderAt("/subnets");
    await waitFor(() => expect(pagerText()).toBe("1–50 of 1000 rows, 1000 subnets"));
    const firstPage = shownCidrs();
    expect(firstPage).toHaveLength(50);
    await userEvent.click(screen.getByRole("button", { name: "Next page" }));
    await waitFor(() => expect(pagerText()).toBe("51–100 of 1000 rows, 1000 subnets"));
    expect(shownCidrs().filter((c) => firstPage.includes(c))).toEqual([]);
  });

  it("opens the last page from its URL, with Next page off", async () => {
    scaleApi();
    renderAt("/subnets?page=19");
    await waitFor(() => expect(pagerText()).toBe("951–1000 of 1000 rows, 1000 subnets"));
    expect(shownCidrs()).toHaveLength(50);
    expect(screen.getByRole("button", { name: "Next page" }).getAttribute("aria-disabled")).toBe("true");
    await userEvent.click(screen.getByRole("button", { name: "Previous page" }));
    await waitFor(() => expect(pagerText()).toBe("901–950 of 1000 rows, 1000 subnets"));
  });

  it("filters as the user types to exactly the matching subnets, from the first page", async () => {
    scaleApi();
    renderAt("/subnets?page=3");
    await waitFor(() => expect(pagerText()).toMatch(/^151–200 of 1000 rows/));
    const search = screen.getByRole("searchbox", { name: /Search subnets/ });
    await userEvent.type(search, "10.1.2");
    const want = subnets.filter((s) => s.cidr.includes("10.1.2")).map((s) => s.cidr);
    expect(want.length).toBe(67);
    await waitFor(() => expect(pagerText()).toBe("1–50 of 67 rows, 67 subnets"));
    const firstPage = shownCidrs();
    await userEvent.click(screen.getByRole("button", { name: "Next page" }));
    await waitFor(() => expect(pagerText()).toBe("51–67 of 67 rows, 67 subnets"));
    expect(sorted([...firstPage, ...shownCidrs()])).toEqual(sorted(want));
    await userEvent.clear(search);
    await userEvent.type(search, "scale-fabric-3 vid 7");
    const onVlan = subnets.filter((s) => s.vlan.fabric === "scale-fabric-3" && s.vlan.vid === 7);
    await waitFor(() => expect(sorted(shownCidrs())).toEqual(sorted(onVlan.map((s) => s.cidr))));
    await userEvent.clear(search);
    await userEvent.type(search, "no such net");
    await waitFor(() => expect(within(table()).getByText("No subnet matches.")).toBeTruthy());
  });

  it("takes a page number from the URL as it comes: past the end, negative, not a number", async () => {
    scaleApi();
    const first = renderAt("/subnets?page=99999");
    await waitFor(() => expect(pagerText()).toBe("951–1000 of 1000 rows, 1000 subnets"));
    first.unmount();
    const second = renderAt("/subnets?page=-4");
    await waitFor(() => expect(pagerText()).toBe("1–50 of 1000 rows, 1000 subnets"));
    second.unmount();
    renderAt("/subnets?page=%3Cscript%3E&q=");
    await waitFor(() => expect(pagerText()).toBe("1–50 of 1000 rows, 1000 subnets"));
  });
});
