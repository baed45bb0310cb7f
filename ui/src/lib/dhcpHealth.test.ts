import { describe, expect, it } from "vitest";
import type { Controller } from "../api/types";
import { rack, vlan5001 } from "../test/fixtures";
import { dhcpHealth, msAgo } from "./dhcpHealth";

function dead(c: Controller): Controller {
  return { ...c, service_set: [{ name: "rackd", status: "dead", status_info: "" }] };
}

describe("dhcpHealth", () => {
  const racks = [rack("a", "1"), rack("b", "1")];
  it("off, relayed, and served", () => {
    expect(dhcpHealth(vlan5001, racks)).toBe("off");
    expect(dhcpHealth({ ...vlan5001, dhcp_on: true, relay_vlan: 7 }, racks)).toBe("relayed");
    expect(dhcpHealth({ ...vlan5001, dhcp_on: true, primary_rack: "id-a" }, racks)).toBe("ok");
  });
  it("no live server when every rack of the VLAN is dead", () => {
    const vlan = { ...vlan5001, dhcp_on: true, primary_rack: "id-a", secondary_rack: "id-b" };
    expect(dhcpHealth(vlan, [dead(racks[0]), dead(racks[1])])).toBe("no live server");
  });
  it("degraded when a pair lost one rack or its hook says so", () => {
    const vlan = { ...vlan5001, dhcp_on: true, primary_rack: "id-a", secondary_rack: "id-b" };
    expect(dhcpHealth(vlan, [dead(racks[0]), racks[1]])).toBe("degraded");
    expect(dhcpHealth(vlan, racks, { racks: [], degraded: true, failovers: 0, last_failover: null })).toBe(
      "degraded",
    );
    expect(dhcpHealth(vlan, racks, { racks: [], degraded: false, failovers: 0, last_failover: null })).toBe(
      "ok",
    );
  });
});

describe("msAgo", () => {
  it("words a duration", () => {
    expect(msAgo(-1)).toBe("—");
    expect(msAgo(40)).toBe("40 ms ago");
    expect(msAgo(6100)).toBe("6.1 s ago");
  });
});
