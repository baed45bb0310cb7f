// What deleting a rack controller takes away, so the dialog can say it before it happens.
import type { Controller, Fabric, Machine } from "../api/types";

export interface VlanImpact {
  id: number;
  /** "fabric-0.untagged", as MAAS names VLANs in messages. */
  name: string;
  role: "primary" | "secondary";
  /** No other live rack serves DHCP on it: deleting this rack ends DHCP there. */
  lastLiveRack: boolean;
}

export interface DeleteImpact {
  vlans: VlanImpact[];
  /** Machines whose BMC this rack drives. */
  machines: Pick<Machine, "system_id" | "hostname">[];
  /** The same host runs a region controller (MAAS's region+rack). */
  hostsRegion: boolean;
  /** The page is served from this host: the operator is about to cut the branch they sit on. */
  servesThisPage: boolean;
  /** No other rack is alive to take over its machines' BMCs. */
  lastLiveRack: boolean;
  /** The delete is grave enough that the hostname must be typed to confirm it. */
  requiresTypedName: boolean;
}

/** A rack is live while its rackd service runs, as the region last heard. */
export function isLiveRack(rack: Controller): boolean {
  return (rack.service_set ?? []).some((s) => s.name === "rackd" && s.status === "running");
}

export function deleteImpact(
  rack: Controller,
  fabrics: Fabric[],
  racks: Controller[],
  regions: Controller[],
  machines: Machine[],
  pageHost: string,
): DeleteImpact {
  const live = new Set(racks.filter(isLiveRack).map((r) => r.system_id));
  const vlans: VlanImpact[] = [];
  for (const fabric of fabrics) {
    for (const vlan of fabric.vlans) {
      const role =
        vlan.primary_rack === rack.system_id
          ? "primary"
          : vlan.secondary_rack === rack.system_id
            ? "secondary"
            : null;
      if (!role) continue;
      const partner = role === "primary" ? vlan.secondary_rack : vlan.primary_rack;
      vlans.push({
        id: vlan.id,
        name: `${fabric.name}.${vlan.name}`,
        role,
        lastLiveRack: vlan.dhcp_on && !(partner && live.has(partner)),
      });
    }
  }
  const managed = machines
    .filter((m) => m.power_rack?.system_id === rack.system_id)
    .map((m) => ({ system_id: m.system_id, hostname: m.hostname }));
  const otherLive = [...live].some((id) => id !== rack.system_id);
  const hostsRegion = rack.node_type === 4 || regions.some((r) => r.system_id === rack.system_id);
  const names = [rack.hostname, rack.fqdn, ...(rack.ip_addresses ?? [])].filter(Boolean);
  const servesThisPage = names.some((n) => n!.toLowerCase() === pageHost.toLowerCase());
  const lastLiveRack = managed.length > 0 && !otherLive;
  return {
    vlans,
    machines: managed,
    hostsRegion,
    servesThisPage,
    lastLiveRack,
    requiresTypedName:
      hostsRegion || servesThisPage || lastLiveRack || vlans.some((v) => v.lastLiveRack),
  };
}
