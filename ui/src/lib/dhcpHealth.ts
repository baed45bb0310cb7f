// Pure logic: how well a VLAN's DHCP is served, for the subnet list and the VLAN page.
import type { Controller, DhcpHa, Vlan } from "../api/types";

export type DhcpHealth = "off" | "relayed" | "ok" | "degraded" | "no live server";

function rackdStatus(racks: Controller[], systemId: string | null): string | null {
  if (!systemId) return null;
  const rack = racks.find((r) => r.system_id === systemId);
  return rack?.service_set?.find((s) => s.name === "rackd")?.status ?? "unknown";
}

/**
 * DHCP on with no rack connected ("no live server"); one of a pair gone, or the pair's
 * hook not in its normal state (`dhcp_ha.degraded`), is "degraded".
 */
export function dhcpHealth(vlan: Vlan, racks: Controller[], ha?: DhcpHa | null): DhcpHealth {
  if (!vlan.dhcp_on) return "off";
  if (vlan.relay_vlan) return "relayed";
  const live = [vlan.primary_rack, vlan.secondary_rack]
    .filter((id): id is string => id !== null)
    .map((id) => rackdStatus(racks, id))
    .filter((status) => status === "running" || status === "degraded");
  if (live.length === 0) return "no live server";
  const pair = vlan.secondary_rack !== null;
  if ((pair && live.length < 2) || ha?.degraded) return "degraded";
  return "ok";
}

/** "3.2 s ago" from milliseconds, "—" when never (negative). */
export function msAgo(ms: number): string {
  if (ms < 0) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms ago`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s ago`;
  return `${Math.round(ms / 60_000)} min ago`;
}
