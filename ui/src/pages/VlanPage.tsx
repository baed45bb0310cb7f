import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import * as endpoints from "../api/endpoints";
import { ErrorMessage, Loading, PageHeader, StatusBadge } from "../components/common";
import { DhcpForm } from "../components/DhcpForm";
import { dynamicRangeFor, racksOnVlan, subnetsOnVlan } from "../lib/vlans";
import { POLL_MS } from "../queryClient";
import { useUser } from "../session";

export function VlanPage() {
  const id = Number(useParams().id);
  const user = useUser();
  // Polled like the other pages, so what is shown (and what the form is compared with before
  // a save) is never older than a few seconds.
  const vlan = useQuery({
    queryKey: ["vlan", id],
    queryFn: () => endpoints.vlan(id),
    refetchInterval: POLL_MS,
  });
  const racks = useQuery({
    queryKey: ["rackcontrollers"],
    queryFn: endpoints.rackControllers,
    refetchInterval: POLL_MS,
  });
  const subnets = useQuery({ queryKey: ["subnets"], queryFn: endpoints.subnets });
  const ranges = useQuery({
    queryKey: ["ipranges"],
    queryFn: endpoints.ipRanges,
    refetchInterval: POLL_MS,
  });
  const error = vlan.error ?? racks.error ?? subnets.error ?? ranges.error;
  const ready = vlan.data && racks.data && subnets.data && ranges.data;

  const v = vlan.data;
  const onVlan = v && subnets.data ? subnetsOnVlan(subnets.data, v.id) : [];
  const candidates = v && racks.data ? racksOnVlan(racks.data, v.id) : [];
  const range = ranges.data ? dynamicRangeFor(ranges.data, onVlan.map((s) => s.id)) : null;
  const nameOf = (systemId: string | null) =>
    racks.data?.find((r) => r.system_id === systemId)?.hostname ?? systemId ?? "—";

  return (
    <>
      <p className="breadcrumb">
        <Link to="/subnets">Subnets</Link> / {v?.fabric}
      </p>
      <PageHeader title={v ? `VLAN ${v.name} (VID ${v.vid})` : `VLAN ${id}`} />
      <ErrorMessage error={error} title="Could not load the VLAN:" />
      {!ready && !error && <Loading what="VLAN" />}
      {ready && v && (
        <>
          <dl className="facts">
            <dt>Fabric</dt>
            <dd>{v.fabric}</dd>
            <dt>MTU</dt>
            <dd>{v.mtu}</dd>
            <dt>DHCP</dt>
            <dd>
              <StatusBadge status={v.dhcp_on ? "running" : "off"} label={v.dhcp_on ? "on" : "off"} />
            </dd>
            <dt>Primary rack</dt>
            <dd>{nameOf(v.primary_rack)}</dd>
            <dt>Secondary rack</dt>
            <dd>{v.secondary_rack ? nameOf(v.secondary_rack) : "—"}</dd>
            <dt>Dynamic range</dt>
            <dd>{range ? `${range.start_ip} – ${range.end_ip}` : "—"}</dd>
            <dt>Subnets</dt>
            <dd>
              {onVlan.length === 0
                ? "—"
                : onVlan.map((s, i) => (
                    <span key={s.id}>
                      {i > 0 && ", "}
                      <Link to={`/subnets/${s.id}`}>{s.cidr}</Link>
                    </span>
                  ))}
            </dd>
          </dl>
          {user.is_superuser ? (
            <DhcpForm vlan={v} racks={candidates} subnets={onVlan} range={range} />
          ) : (
            <p className="muted">Only administrators can configure DHCP.</p>
          )}
        </>
      )}
    </>
  );
}
