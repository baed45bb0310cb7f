// Pure logic behind the controllers pages: one row per controller, version mismatch, services.
import type { Controller, Service } from "../api/types";

export type Role = "region" | "rack" | "region+rack";

export interface ControllerRow {
  systemId: string;
  hostname: string;
  role: Role;
  version: string;
  services: Service[];
  lastSeen: string | null;
}

function roleOf(nodeType: number): Role {
  if (nodeType === 4) return "region+rack";
  return nodeType === 2 ? "rack" : "region";
}

/**
 * The API lists a region+rack in both collections; show it once, with the rack's services
 * (regions have no service_set), sorted by hostname.
 */
export function mergeControllers(racks: Controller[], regions: Controller[]): ControllerRow[] {
  const rows = new Map<string, ControllerRow>();
  for (const c of [...regions, ...racks]) {
    const existing = rows.get(c.system_id);
    const services = c.service_set ?? existing?.services ?? [];
    rows.set(c.system_id, {
      systemId: c.system_id,
      hostname: c.hostname,
      role: existing && existing.role !== roleOf(c.node_type) ? "region+rack" : roleOf(c.node_type),
      version: c.version || existing?.version || "",
      services: services.length > 0 ? services : (existing?.services ?? []),
      lastSeen: c.last_seen ?? existing?.lastSeen ?? null,
    });
  }
  return [...rows.values()].sort((a, b) => a.hostname.localeCompare(b.hostname));
}

/**
 * The version every controller should run: the region's own (GET version/) when known,
 * otherwise the most common one among the controllers.
 */
export function referenceVersion(rows: ControllerRow[], maasVersion?: string): string | null {
  if (maasVersion) return maasVersion;
  const counts = new Map<string, number>();
  for (const r of rows) if (r.version) counts.set(r.version, (counts.get(r.version) ?? 0) + 1);
  let best: string | null = null;
  for (const [v, n] of counts) if (best === null || n > (counts.get(best) ?? 0)) best = v;
  return best;
}

export function isVersionMismatch(version: string, reference: string | null): boolean {
  if (!reference) return false;
  if (!version) return true;
  return version.trim() !== reference.trim();
}

/** Worst service status first, so a glance at the row says whether anything is wrong. */
const severity: Record<string, number> = { dead: 0, degraded: 1, unknown: 2, off: 3, running: 4 };

export function overallStatus(services: Service[]): string {
  if (services.length === 0) return "unknown";
  const wanted = services.filter((s) => s.status !== "off");
  if (wanted.length === 0) return "off";
  return wanted.reduce((w, s) => ((severity[s.status] ?? 2) < (severity[w.status] ?? 2) ? s : w))
    .status;
}

/** The rack services the controllers page shows, in a fixed order. */
export function shownServices(services: Service[]): Service[] {
  const order = ["rackd", "dhcpd", "dhcpd6", "regiond"];
  return services
    .filter((s) => order.includes(s.name))
    .sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
}

export function formatLastSeen(iso: string | null, now: Date): string {
  if (!iso) return "—";
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return iso;
  const seconds = Math.max(0, Math.round((now.getTime() - then.getTime()) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${then.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
