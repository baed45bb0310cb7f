import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Controller, DhcpHa, Vlan } from "../api/types";
import { dynamicRange, fabric0, rack, subnet1, vlan5001 } from "../test/fixtures";
import { admin, installApi, renderAt } from "../test/render";

afterEach(() => vi.unstubAllGlobals());

const ha: DhcpHa = {
  racks: [
    {
      role: "primary",
      system_id: "id-rack-a",
      hostname: "rack-a",
      rackd: "dead",
      state: "unknown",
      reported_state: "normal",
      partner_state: "normal",
      link: "down",
      backlog: 0,
      last_contact_ms_ago: 9000,
      reported_ms_ago: 9000,
      allocation: "own-half",
      update_latency_ms: 0.41,
      last_failover: { ms_ago: -1, reason: "" },
    },
    {
      role: "secondary",
      system_id: "id-rack-b",
      hostname: "rack-b",
      rackd: "running",
      state: "partner-down",
      reported_state: "partner-down",
      partner_state: "unknown",
      link: "down",
      backlog: 3,
      last_contact_ms_ago: 9000,
      reported_ms_ago: 400,
      allocation: "whole-pool",
      update_latency_ms: 0,
      last_failover: { ms_ago: 2500, reason: "witness" },
    },
  ],
  degraded: true,
  failovers: 1,
  last_failover: {
    at: "2026-12-07T09:29:31.102Z",
    rack: "rack-b",
    reason: "rack rack-a silent for 5 s; rack-b reported communications-interrupted",
  },
};

function deadRack(c: Controller): Controller {
  return { ...c, service_set: [{ name: "rackd", status: "dead", status_info: "" }] };
}

const pairVlan: Vlan = {
  ...vlan5001,
  dhcp_on: true,
  primary_rack: "id-rack-a",
  secondary_rack: "id-rack-b",
  dhcp_ha: ha,
};

function api(vlan: Vlan, racks: Controller[]) {
  installApi((call) => {
    if (call.path === "/MAAS/accounts/session/") return { json: admin };
    if (call.path === "/MAAS/api/2.0/vlans/5001/") return { json: vlan };
    if (call.path === "/MAAS/api/2.0/fabrics/")
      return { json: [{ ...fabric0, vlans: [{ ...vlan, dhcp_ha: undefined }] }] };
    if (call.path === "/MAAS/api/2.0/subnets/") return { json: [subnet1] };
    if (call.path === "/MAAS/api/2.0/rackcontrollers/") return { json: racks };
    if (call.path === "/MAAS/api/2.0/ipranges/") return { json: [] };
    return undefined;
  });
}

describe("DHCP HA on the VLAN page", () => {
  it("shows both racks' HA state, link, backlog, contact, failover and lag in words", async () => {
    api(pairVlan, [deadRack(rack("rack-a", "1")), rack("rack-b", "1")]);
    renderAt("/vlans/5001");
    const section = await screen.findByRole("region", { name: "DHCP high availability" });
    expect(within(section).getByText("HA degraded")).toBeTruthy();
    expect(within(section).getByTestId("ha-failovers").textContent).toBe(
      "1 takeover ordered by the region",
    );
    expect(within(section).getByTestId("ha-last-failover").textContent).toBe(
      "; last at 2026-12-07 09:29:31 UTC to rack-b: rack rack-a silent for 5 s; rack-b reported communications-interrupted",
    );
    const primary = within(section).getByTestId("ha-rack-primary");
    expect(primary.textContent).toContain("unknown (last reported normal)");
    expect(within(primary).getByText("down")).toBeTruthy();
    const secondary = within(section).getByTestId("ha-rack-secondary");
    for (const words of ["partner-down", "3", "9.0 s ago", "400 ms ago", "0.00 ms", "2.5 s ago (witness)"])
      expect(secondary.textContent).toContain(words);
    expect(screen.getByTestId("dhcp-health").textContent).toBe("degraded");
  });

  it("has no HA section for a VLAN without a pair", async () => {
    api({ ...vlan5001, dhcp_ha: null }, [rack("rack-a", "1")]);
    renderAt("/vlans/5001");
    expect(await screen.findByRole("heading", { name: "Configure DHCP" })).toBeTruthy();
    expect(screen.queryByRole("region", { name: "DHCP high availability" })).toBeNull();
  });

  it("marks the VLAN degraded in the subnet list", async () => {
    api(pairVlan, [deadRack(rack("rack-a", "1")), rack("rack-b", "1")]);
    renderAt("/subnets");
    expect((await screen.findByTestId("dhcp-degraded")).textContent).toBe("DHCP degraded");
  });

  it("marks a VLAN whose racks are all dead as having no live server", async () => {
    api({ ...pairVlan, dhcp_ha: null }, [deadRack(rack("rack-a", "1")), deadRack(rack("rack-b", "1"))]);
    renderAt("/subnets");
    expect((await screen.findByTestId("dhcp-degraded")).textContent).toBe("no live DHCP server");
  });
});

describe("DHCP on with a dead primary", () => {
  it("is saved, and the region's warning is shown beside the form", async () => {
    const warning =
      "The primary rack controller rack-a is not connected to any region controller: no rack controller serves DHCP on this VLAN until it is back.";
    let vlan: Vlan = { ...vlan5001 };
    installApi((call) => {
      if (call.path === "/MAAS/accounts/session/") return { json: admin };
      if (call.path === "/MAAS/api/2.0/vlans/5001/") return { json: vlan };
      if (call.path === "/MAAS/api/2.0/fabrics/") return { json: [fabric0] };
      if (call.path === "/MAAS/api/2.0/subnets/") return { json: [subnet1] };
      if (call.path === "/MAAS/api/2.0/rackcontrollers/") return { json: [deadRack(rack("rack-a", "1"))] };
      if (call.path === "/MAAS/api/2.0/ipranges/") return { json: [dynamicRange] };
      if (call.path === "/MAAS/api/2.0/fabrics/1/vlans/0/" && call.method === "PUT") {
        vlan = { ...vlan, dhcp_on: true, primary_rack: "id-rack-a" };
        return { json: { ...vlan, warnings: [warning] } };
      }
      return undefined;
    });
    renderAt("/vlans/5001");
    await userEvent.click(await screen.findByLabelText("MAAS provides DHCP on this VLAN"));
    await userEvent.selectOptions(screen.getByLabelText("Primary rack"), "rack-a");
    await userEvent.click(screen.getByRole("button", { name: "Save DHCP configuration" }));
    expect((await screen.findByTestId("dhcp-warning")).textContent).toBe(`Warning: ${warning}`);
    expect(await screen.findByText("no live server")).toBeTruthy();
  });
});
