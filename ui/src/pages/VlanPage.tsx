import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import * as endpoints from "../api/endpoints";
import { ErrorMessage, Loading, PageHeader, StatusBadge } from "../components/common";
import { DeleteAction } from "../components/DeleteAction";
import { DhcpForm } from "../components/DhcpForm";
import { DhcpHaSection } from "../components/DhcpHaSection";
import { dhcpHealth } from "../lib/dhcpHealth";
import { RangesSection } from "../components/RangesSection";
import { ResourceForm } from "../components/ResourceForm";
import { dynamicRangeFor, racksOnVlan, subnetsOnVlan, vlanFormValues, vlanOptions } from "../lib/vlans";
import { POLL_MS } from "../queryClient";
import { useUser } from "../session";

export function VlanPage() {
  const id = Number(useParams().id);
  const user = useUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const fabrics = useQuery({
    queryKey: ["fabrics"],
    queryFn: endpoints.fabrics,
    enabled: user.is_superuser,
  });
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
      <PageHeader title={v ? `VLAN ${v.name} (VID ${v.vid})` : `VLAN ${id}`}>
        {user.is_superuser && v && (
          <>
            <button type="button" className="button" onClick={() => setEditing(!editing)}>
              Edit VLAN
            </button>
            <DeleteAction
              what={`VLAN ${v.fabric}.${v.name}`}
              consequence="The region refuses while subnets or DHCP depend on it."
              onDelete={() => endpoints.deleteVlan(v.fabric_id, v.vid)}
              onDeleted={() => {
                void queryClient.invalidateQueries({ queryKey: ["fabrics"] });
                void navigate("/subnets");
              }}
            />
          </>
        )}
      </PageHeader>
      {editing && v && fabrics.data && (
        <ResourceForm
          title={`Edit VLAN ${v.name}`}
          fields={[
            { name: "name", label: "Name" },
            { name: "description", label: "Description" },
            { name: "mtu", label: "MTU", kind: "number" },
            {
              name: "relay_vlan",
              label: "DHCP relay to VLAN",
              kind: "select",
              options: [
                { value: "", label: "None (this VLAN's racks serve DHCP)" },
                ...vlanOptions(fabrics.data).filter((o) => o.value !== String(v.id)),
              ],
              hint: "DHCP requests on this VLAN are relayed to the racks of that VLAN.",
            },
          ]}
          initial={vlanFormValues(v)}
          submitLabel="Save VLAN"
          onSubmit={(f) => endpoints.editVlan(v.fabric_id, v.vid, f)}
          onDone={() => {
            setEditing(false);
            void queryClient.invalidateQueries({ queryKey: ["vlan", id] });
            void queryClient.invalidateQueries({ queryKey: ["fabrics"] });
          }}
        />
      )}
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
            <dt>DHCP service</dt>
            <dd data-testid="dhcp-health">{dhcpHealth(v, racks.data ?? [], v.dhcp_ha)}</dd>
            <dt>Primary rack</dt>
            <dd>{nameOf(v.primary_rack)}</dd>
            <dt>Secondary rack</dt>
            <dd>{v.secondary_rack ? nameOf(v.secondary_rack) : "—"}</dd>
            <dt>DHCP relay</dt>
            <dd>{v.relay_vlan ? `to VLAN ${v.relay_vlan}` : "—"}</dd>
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
          {v.dhcp_ha && <DhcpHaSection ha={v.dhcp_ha} />}
          {user.is_superuser ? (
            <DhcpForm vlan={v} racks={candidates} subnets={onVlan} range={range} />
          ) : (
            <p className="muted">Only administrators can configure DHCP.</p>
          )}
          <RangesSection subnets={onVlan} canEdit={user.is_superuser} />
        </>
      )}
    </>
  );
}
