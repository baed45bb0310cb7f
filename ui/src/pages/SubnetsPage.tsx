import { useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import { Link } from "react-router";
import * as endpoints from "../api/endpoints";
import { ErrorMessage, Loading, PageHeader, StatusBadge } from "../components/common";
import { AddNetworkForm } from "../components/AddNetworkForm";
import type { NetworkKind } from "../components/AddNetworkForm";
import { subnetsOnVlan } from "../lib/vlans";
import { dhcpHealth } from "../lib/dhcpHealth";
import { paintMark } from "../lib/paintMark";
import type { Vlan } from "../api/types";
import { POLL_MS } from "../queryClient";
import { useUser } from "../session";

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
        <div className="table-wrap">
          <table className="table" aria-label="Fabrics, VLANs and subnets">
            <thead>
              <tr>
                <th scope="col">Fabric</th>
                <th scope="col">VLAN</th>
                <th scope="col">DHCP</th>
                <th scope="col">Subnets</th>
              </tr>
            </thead>
            <tbody>
              {fabrics.data.map((fabric) => (
                <Fragment key={fabric.id}>
                  {fabric.vlans.map((vlan, index) => {
                    const onVlan = subnetsOnVlan(subnets.data, vlan.id);
                    return (
                      <tr key={vlan.id}>
                        {index === 0 && (
                          <th scope="rowgroup" rowSpan={fabric.vlans.length}>
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
                            label={
                              vlan.dhcp_on ? (vlan.secondary_rack ? "on, HA" : "on") : "off"
                            }
                          />
                          <DhcpHealthMark health={racks.data ? healthOf(vlan) : "ok"} />
                        </td>
                        <td>
                          {onVlan.length === 0 && <span className="muted">—</span>}
                          <ul className="plain-list">
                            {onVlan.map((s) => (
                              <li key={s.id}>
                                <Link to={`/subnets/${s.id}`} {...paintMark("subnet-cidr")}>
                                  {s.cidr}
                                </Link>
                                {s.name && s.name !== s.cidr && (
                                  <span className="muted"> {s.name}</span>
                                )}
                              </li>
                            ))}
                          </ul>
                        </td>
                      </tr>
                    );
                  })}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
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
