// Which racks may serve DHCP on a VLAN, and how a form's fields map onto the API's.
import type { Controller, IpRange, Subnet } from "../api/types";

/** Racks (and region+racks) with an interface on the VLAN: the only valid primary/secondary. */
export function racksOnVlan(racks: Controller[], vlanId: number): Controller[] {
  return racks
    .filter((r) => (r.interface_set ?? []).some((i) => i.vlan?.id === vlanId))
    .sort((a, b) => a.hostname.localeCompare(b.hostname));
}

export function subnetsOnVlan(subnets: Subnet[], vlanId: number): Subnet[] {
  return subnets.filter((s) => s.vlan.id === vlanId);
}

/** The first dynamic range on any of the VLAN's subnets, which the form edits. */
export function dynamicRangeFor(ranges: IpRange[], subnetIds: number[]): IpRange | null {
  return ranges.find((r) => r.type === "dynamic" && subnetIds.includes(r.subnet.id)) ?? null;
}

/** Messages for one form field; MAAS keys ip range errors by start_ip/end_ip/subnet. */
export function messagesFor(errors: Record<string, string[]> | null, ...fields: string[]) {
  if (!errors) return [];
  return fields.flatMap((f) => errors[f] ?? []);
}
