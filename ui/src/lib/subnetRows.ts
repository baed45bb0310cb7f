// The subnet list as rows (one per subnet, one for a VLAN without any), the search over them and
// the page of them on screen: a thousand subnets cost the page no more than one page of rows.
import type { Fabric, Subnet, Vlan } from "../api/types";

export const SUBNET_PAGE_SIZE = 50;

export interface SubnetRow {
  key: string;
  fabric: Fabric;
  vlan: Vlan;
  subnet: Subnet | null;
}

/** Fabric by fabric, VLAN by VLAN (the region's order), each VLAN's subnets in theirs. */
export function subnetRows(fabrics: Fabric[], subnets: Subnet[]): SubnetRow[] {
  const byVlan = new Map<number, Subnet[]>();
  for (const s of subnets) {
    const list = byVlan.get(s.vlan.id);
    if (list) list.push(s);
    else byVlan.set(s.vlan.id, [s]);
  }
  const rows: SubnetRow[] = [];
  for (const fabric of fabrics) {
    for (const vlan of fabric.vlans) {
      const onVlan = byVlan.get(vlan.id) ?? [];
      if (onVlan.length === 0) rows.push({ key: `vlan-${vlan.id}`, fabric, vlan, subnet: null });
      for (const subnet of onVlan) rows.push({ key: `subnet-${subnet.id}`, fabric, vlan, subnet });
    }
  }
  return rows;
}

/** The words a row is found by: CIDR, subnet name, fabric and VLAN name. */
function searchText(row: SubnetRow): string {
  const { fabric, vlan, subnet } = row;
  return [subnet?.cidr, subnet?.name, fabric.name, vlan.name].filter(Boolean).join(" ").toLowerCase();
}

/**
 * Rows holding every word of `search` (case-insensitive), and on VLAN N for each "vid N" in it;
 * all rows for an empty search.
 */
export function filterSubnetRows(rows: SubnetRow[], search: string): SubnetRow[] {
  const vids: number[] = [];
  const rest = search.toLowerCase().replace(/\bvid\s*(\d+)\b/g, (_, vid: string) => {
    vids.push(Number(vid));
    return " ";
  });
  const words = rest.split(/\s+/).filter(Boolean);
  if (words.length === 0 && vids.length === 0) return rows;
  return rows.filter((row) => {
    if (!vids.every((vid) => row.vlan.vid === vid)) return false;
    const text = searchText(row);
    return words.every((w) => text.includes(w));
  });
}

/** One page of `items` (page clamped to the last one) and the index of the last page. */
export function pageOf<T>(items: T[], page: number, size = SUBNET_PAGE_SIZE) {
  const last = Math.max(0, Math.ceil(items.length / size) - 1);
  const current = Math.min(Math.max(0, page), last);
  return { items: items.slice(current * size, (current + 1) * size), page: current, last };
}
