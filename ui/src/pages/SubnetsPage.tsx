import { useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { useDeferredValue, useMemo, useState } from "react";
import { Link } from "react-router";
import * as endpoints from "../api/endpoints";
import { ErrorMessage, Loading, PageHeader, StatusBadge } from "../components/common";
import { AddNetworkForm } from "../components/AddNetworkForm";
import type { NetworkKind } from "../components/AddNetworkForm";
import { filterSubnetRows, pageOf, SUBNET_PAGE_SIZE, subnetRows } from "../lib/subnetRows";
import type { SubnetRow } from "../lib/subnetRows";
import { dhcpHealth } from "../lib/dhcpHealth";
import { paintMark } from "../lib/paintMark";
import type { Fabric, Subnet, Vlan } from "../api/types";
import { POLL_MS } from "../queryClient";
import { useUser } from "../session";
import { useUrlParams } from "../lib/urlParams";

export function SubnetsPage() {
  const user = useUser();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState<NetworkKind | null>(null);
  const fabrics = useQuery({
    queryKey: ["fabrics"],
    queryFn: endpoints.fabrics,
    refetchInterval: POLL_MS,
  });
  const subnets = useQuery({
    queryKey: ["subnets"],
    queryFn: endpoints.subnets,
    refetchInterval: POLL_MS,
  });
  // Which VLANs' DHCP is degraded: their racks' rackd, and for HA pairs the VLAN's dhcp_ha
  // (list reads leave it out, so each pair's VLAN is read on its own).
  const racks = useQuery({
    queryKey: ["rackcontrollers"],
    queryFn: endpoints.rackControllers,
    refetchInterval: POLL_MS,
  });
  const pairs = (fabrics.data ?? []).flatMap((f) => f.vlans).filter((v) => v.dhcp_on && v.secondary_rack);
  const haViews = useQueries({
    queries: pairs.map((v) => ({
      queryKey: ["vlan", v.id],
      queryFn: () => endpoints.vlan(v.id),
      refetchInterval: POLL_MS,
    })),
  });
  const healthOf = (vlan: Vlan) => {
    const view = haViews[pairs.findIndex((p) => p.id === vlan.id)]?.data;
    return dhcpHealth(vlan, racks.data ?? [], view?.dhcp_ha);
  };
  const error = fabrics.error ?? subnets.error;

  return (
    <>
      <PageHeader title="Subnets">
        {user.is_superuser &&
          (["fabric", "VLAN", "subnet"] as const).map((kind) => (
            <button
              key={kind}
              type="button"
              className="button"
              aria-expanded={adding === kind}
              onClick={() => setAdding(adding === kind ? null : kind)}
            >
              Add {kind}
            </button>
          ))}
      </PageHeader>
      {adding && fabrics.data && (
        <AddNetworkForm
          key={adding}
          kind={adding}
          fabrics={fabrics.data}
          onDone={() => {
            setAdding(null);
            void queryClient.invalidateQueries({ queryKey: ["fabrics"] });
            void queryClient.invalidateQueries({ queryKey: ["subnets"] });
          }}
        />
      )}
      <ErrorMessage error={error} title="Could not load subnets:" />
      {(fabrics.isPending || subnets.isPending) && !error && <Loading what="subnets" />}
      {fabrics.data && subnets.data && (
        <SubnetTable
          fabrics={fabrics.data}
          subnets={subnets.data}
          healthOf={(vlan) => (racks.data ? healthOf(vlan) : "ok")}
        />
      )}
    </>
  );
}

/** The search and page live in the URL, so Back and reload keep them. */
function useListParams() {
  const [params, set] = useUrlParams();
  return { q: params.get("q") ?? "", page: Number(params.get("page") ?? "0") || 0, set };
}

/**
 * One row per subnet (and per VLAN without one), a page of them at a time. The search box
 * answers every key at once; the rows follow as a deferred render, so typing never waits for
 * the table.
 */
function SubnetTable(props: {
  fabrics: Fabric[];
  subnets: Subnet[];
  healthOf: (vlan: Vlan) => ReturnType<typeof dhcpHealth>;
}) {
  const { q, page, set } = useListParams();
  const search = useDeferredValue(q);
  const rows = useMemo(() => subnetRows(props.fabrics, props.subnets), [props.fabrics, props.subnets]);
  const found = useMemo(() => filterSubnetRows(rows, search), [rows, search]);
  const shown = pageOf(found, page);
  const subnetCount = found.filter((r) => r.subnet).length;
  const first = shown.page * SUBNET_PAGE_SIZE;
  return (
    <>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          Search subnets{" "}
          {/* Uncontrolled: the URL follows the box in a transition, and a box controlled by
              the URL would lose keys typed before it caught up. */}
          <input
            type="search"
            defaultValue={q}
            aria-describedby="subnets-search-hint"
            onChange={(e) => set({ q: e.target.value, page: "" })}
          />
        </label>
        <span id="subnets-search-hint" className="muted">
          CIDR, name, fabric, VLAN or &quot;vid N&quot;
        </span>
      </form>
      <div className="table-wrap">
        <table className="table" aria-label="Fabrics, VLANs and subnets" aria-busy={search !== q}>
          <thead>
            <tr>
              <th scope="col">Fabric</th>
              <th scope="col">VLAN</th>
              <th scope="col">DHCP</th>
              <th scope="col">Subnet</th>
            </tr>
          </thead>
          <tbody>
            {found.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  {search ? "No subnet matches." : "No fabrics yet."}
                </td>
              </tr>
            )}
            {shown.items.map((row, i) => (
              <SubnetRowView
                key={row.key}
                row={row}
                fabricSpan={fabricSpan(shown.items, i)}
                health={props.healthOf(row.vlan)}
              />
            ))}
          </tbody>
        </table>
      </div>
      <nav className="pager" aria-label="Pages">
        <span role="status">
          {found.length === 0
            ? "0 rows"
            : `${first + 1}–${first + shown.items.length} of ${found.length} rows, ${subnetCount} subnets`}
        </span>
        <button
          type="button"
          className="button button--small"
          aria-disabled={shown.page === 0}
          onClick={() =>
            shown.page > 0 && set({ page: shown.page === 1 ? "" : String(shown.page - 1) })
          }
        >
          Previous page
        </button>
        <button
          type="button"
          className="button button--small"
          aria-disabled={shown.page >= shown.last}
          onClick={() => shown.page < shown.last && set({ page: String(shown.page + 1) })}
        >
          Next page
        </button>
      </nav>
    </>
  );
}

/** How many rows the fabric cell of row `i` spans: 0 when it continues the row above's. */
function fabricSpan(rows: SubnetRow[], i: number): number {
  const id = rows[i].fabric.id;
  if (i > 0 && rows[i - 1].fabric.id === id) return 0;
  let n = 1;
  while (i + n < rows.length && rows[i + n].fabric.id === id) n += 1;
  return n;
}

function SubnetRowView(props: {
  row: SubnetRow;
  fabricSpan: number;
  health: ReturnType<typeof dhcpHealth>;
}) {
  const { fabric, vlan, subnet } = props.row;
  return (
    <tr>
      {props.fabricSpan > 0 && (
        <th scope="rowgroup" rowSpan={props.fabricSpan}>
          <Link to={`/fabrics/${fabric.id}`}>{fabric.name}</Link>
        </th>
      )}
      <td>
        <Link to={`/vlans/${vlan.id}`}>
          {vlan.name} (VID {vlan.vid})
        </Link>
      </td>
      <td>
        <StatusBadge
          status={vlan.dhcp_on ? "running" : "off"}
          label={vlan.dhcp_on ? (vlan.secondary_rack ? "on, HA" : "on") : "off"}
        />
        <DhcpHealthMark health={props.health} />
      </td>
      <td>
        {subnet ? (
          <>
            <Link to={`/subnets/${subnet.id}`} {...paintMark("subnet-cidr")}>
              {subnet.cidr}
            </Link>
            {subnet.name && subnet.name !== subnet.cidr && (
              <span className="muted"> {subnet.name}</span>
            )}
          </>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
    </tr>
  );
}

/** Beside a VLAN's DHCP badge: nothing when all is well, else the problem in words. */
function DhcpHealthMark({ health }: { health: ReturnType<typeof dhcpHealth> }) {
  if (health !== "degraded" && health !== "no live server") return null;
  return (
    <>
      {" "}
      <span
        className={`badge badge--${health === "degraded" ? "warn" : "bad"}`}
        data-testid="dhcp-degraded"
      >
        {health === "degraded" ? "DHCP degraded" : "no live DHCP server"}
      </span>
    </>
  );
}
