// API answers shaped like the region's (shared REFERENCE "API"), for component tests.
import type { Controller, Fabric, IpRange, Machine, Subnet, Vlan } from "../api/types";

export const vlan5001: Vlan = {
  id: 5001,
  name: "untagged",
  vid: 0,
  fabric: "fabric-0",
  fabric_id: 1,
  mtu: 1500,
  primary_rack: null,
  secondary_rack: null,
  dhcp_on: false,
  external_dhcp: null,
  relay_vlan: null,
  space: null,
  resource_uri: "/MAAS/api/2.0/vlans/5001/",
};

const vlanRef = { id: 5001, name: "untagged", vid: 0, fabric: "fabric-0", fabric_id: 1 };

export function rack(
  hostname: string,
  version: string,
  opts: { nodeType?: 2 | 4; onVlan?: boolean } = {},
): Controller {
  const nodeType = opts.nodeType ?? 2;
  return {
    system_id: `id-${hostname}`,
    hostname,
    node_type: nodeType,
    node_type_name: nodeType === 4 ? "Region and rack controller" : "Rack controller",
    version,
    ip_addresses: ["192.0.2.10"],
    interface_set: [
      { name: "eth0", mac_address: "52:54:00:00:00:01", vlan: opts.onVlan === false ? null : vlanRef },
    ],
    service_set: [
      { name: "rackd", status: "running", status_info: "100% connected to region controllers." },
      { name: "dhcpd", status: "off", status_info: "" },
    ],
    last_seen: "2026-11-25T12:00:00Z",
    resource_uri: `/MAAS/api/2.0/rackcontrollers/id-${hostname}/`,
  };
}

export function region(hostname: string, version: string): Controller {
  return {
    system_id: `id-${hostname}`,
    hostname,
    node_type: 3,
    node_type_name: "Region controller",
    version,
    resource_uri: `/MAAS/api/2.0/regioncontrollers/id-${hostname}/`,
  };
}

export const subnet1: Subnet = {
  id: 1,
  name: "192.0.2.0/24",
  vlan: vlan5001,
  cidr: "192.0.2.0/24",
  gateway_ip: "192.0.2.1",
  dns_servers: [],
  managed: true,
  resource_uri: "/MAAS/api/2.0/subnets/1/",
};

export const fabric0: Fabric = {
  id: 1,
  name: "fabric-0",
  class_type: null,
  vlans: [vlan5001],
  resource_uri: "/MAAS/api/2.0/fabrics/1/",
};

export const dynamicRange: IpRange = {
  id: 7,
  type: "dynamic",
  start_ip: "192.0.2.100",
  end_ip: "192.0.2.200",
  subnet: subnet1,
  resource_uri: "/MAAS/api/2.0/ipranges/7/",
};

export const machine1: Machine = {
  system_id: "m1",
  hostname: "node-1",
  power_state: "off",
  power_type: "webhook",
  power_rack: { system_id: "id-rack-a", hostname: "rack-a" },
  resource_uri: "/MAAS/api/2.0/machines/m1/",
};
