// Which racks may serve DHCP on a VLAN, and how a form's fields map onto the API's.
import type { Controller, Fabric, IpRange, Subnet, Vlan } from "../api/types";

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

/** What the DHCP form edits, as it stood when the form was filled. */
export interface DhcpState {
  dhcpOn: boolean;
  primary: string;
  secondary: string;
  start: string;
  end: string;
}

export function dhcpState(vlan: Vlan, range: IpRange | null): DhcpState {
  return {
    dhcpOn: vlan.dhcp_on,
    primary: vlan.primary_rack ?? "",
    secondary: vlan.secondary_rack ?? "",
    start: range?.start_ip ?? "",
    end: range?.end_ip ?? "",
  };
}

/** What changed between two states, in words, naming racks by hostname. */
export function describeChanges(
  before: DhcpState,
  after: DhcpState,
  rackName: (systemId: string) => string,
): string[] {
  const out: string[] = [];
  if (before.dhcpOn !== after.dhcpOn) out.push(`DHCP is now ${after.dhcpOn ? "on" : "off"}`);
  if (before.primary !== after.primary) out.push(`the primary rack is now ${rackName(after.primary)}`);
  if (before.secondary !== after.secondary)
    out.push(`the secondary rack is now ${rackName(after.secondary)}`);
  if (before.start !== after.start || before.end !== after.end)
    out.push(
      after.start || after.end
        ? `the dynamic range is now ${after.start} – ${after.end}`
        : "the dynamic range was removed",
    );
  return out;
}

/** Every VLAN of every fabric as a select option ("fabric-1 / untagged (VID 0)"). */
export function vlanOptions(fabrics: Fabric[]): { value: string; label: string }[] {
  return fabrics.flatMap((f) =>
    f.vlans.map((v) => ({ value: String(v.id), label: `${f.name} / ${v.name} (VID ${v.vid})` })),
  );
}

/** The subnet as the edit form starts: every field as text, as the API takes it back. */
export function subnetFormValues(s: Subnet): Record<string, string | boolean> {
  return {
    name: s.name,
    description: s.description ?? "",
    vlan: String(s.vlan.id),
    gateway_ip: s.gateway_ip ?? "",
    dns_servers: s.dns_servers.join(", "),
    managed: s.managed,
  };
}

/** The VLAN as its edit form starts ("" relay: none). */
export function vlanFormValues(v: Vlan): Record<string, string | boolean> {
  return {
    name: v.name,
    description: v.description ?? "",
    mtu: String(v.mtu),
    relay_vlan: v.relay_vlan === null ? "" : String(v.relay_vlan),
  };
}
