import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import type { FormEvent } from "react";
import * as endpoints from "../api/endpoints";
import { ApiError } from "../api/http";
import type { FieldErrors } from "../api/http";
import type { Controller, IpRange, Subnet, Vlan } from "../api/types";
import { describeChanges, dhcpState, dynamicRangeFor, messagesFor } from "../lib/vlans";
import type { DhcpState } from "../lib/vlans";
import { errorText } from "../session";
import { ErrorMessage } from "./common";
import { useNotify } from "./Notifications";
import { Field } from "./Field";

interface Props {
  vlan: Vlan;
  /** Only racks with an interface on this VLAN. */
  racks: Controller[];
  subnets: Subnet[];
  range: IpRange | null;
}

const knownFields = ["dhcp_on", "primary_rack", "secondary_rack", "start_ip", "end_ip", "subnet"];

/**
 * "Configure DHCP": saves the dynamic range first (DHCP cannot be turned on without one), then
 * the VLAN. Every message comes from the API and is shown next to the field it names.
 */
export function DhcpForm({ vlan, racks, subnets, range }: Props) {
  const queryClient = useQueryClient();
  const [dhcpOn, setDhcpOn] = useState(vlan.dhcp_on);
  const [primary, setPrimary] = useState(vlan.primary_rack ?? "");
  const [secondary, setSecondary] = useState(vlan.secondary_rack ?? "");
  const [subnetId, setSubnetId] = useState(String(range?.subnet.id ?? subnets[0]?.id ?? ""));
  const [start, setStart] = useState(range?.start_ip ?? "");
  const [end, setEnd] = useState(range?.end_ip ?? "");
  const [errors, setErrors] = useState<FieldErrors | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  // The region accepts DHCP on with a dead primary rack, and says so in `warnings`.
  const [warnings, setWarnings] = useState<string[]>([]);

  const [conflict, setConflict] = useState<string | null>(null);
  // What the form was filled from: a save first checks that nobody changed it meanwhile.
  const basis = useRef<DhcpState>(dhcpState(vlan, range));
  const notify = useNotify();

  // The button stays focusable while saving (aria-disabled); this guard stops a second submit.
  const inFlight = useRef(false);

  /** Reloads the VLAN and its range; when they differ from the form's basis, shows the newer values. */
  async function changedMeanwhile(): Promise<boolean> {
    const [current, ranges] = await Promise.all([endpoints.vlan(vlan.id), endpoints.ipRanges()]);
    const currentRange = dynamicRangeFor(ranges, subnets.map((x) => x.id));
    const now = dhcpState(current, currentRange);
    const differences = describeChanges(basis.current, now, (id) => rackName(racks, id));
    if (differences.length === 0) return false;
    basis.current = now;
    setDhcpOn(now.dhcpOn);
    setPrimary(now.primary);
    setSecondary(now.secondary);
    setStart(now.start);
    setEnd(now.end);
    setConflict(
      `Someone else changed this VLAN since the form was loaded: ${differences.join("; ")}. ` +
        "The form now shows the current values; make your change again and save.",
    );
    return true;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (inFlight.current) return;
    inFlight.current = true;
    setSaving(true);
    setErrors(null);
    setFailure(null);
    setSaved(null);
    setWarnings([]);
    setConflict(null);
    // The range is saved first because the API checks that one exists before it turns DHCP
    // on; if the VLAN is then refused, the range change is undone so a refused form leaves
    // nothing behind.
    let undoRange: (() => Promise<unknown>) | null = null;
    try {
      if (await changedMeanwhile()) return;
      const rangeChanged = range ? range.start_ip !== start || range.end_ip !== end : true;
      if ((start || end) && rangeChanged) {
        if (range) {
          await endpoints.updateIpRange(range.id, start, end);
          undoRange = () => endpoints.updateIpRange(range.id, range.start_ip, range.end_ip);
        } else {
          const created = await endpoints.createIpRange(Number(subnetId), start, end);
          undoRange = () => endpoints.deleteIpRange(created.id);
        }
      }
      const updated = await endpoints.updateVlan(vlan.fabric_id, vlan.vid, {
        dhcp_on: dhcpOn,
        primary_rack: primary || null,
        secondary_rack: secondary || null,
      });
      undoRange = null;
      basis.current = { dhcpOn, primary, secondary, start, end };
      const outcome = dhcpOn ? "DHCP is enabled on this VLAN." : "DHCP is disabled on this VLAN.";
      setSaved(outcome);
      const cautions = updated.warnings ?? [];
      setWarnings(cautions);
      notify(
        "success",
        `${vlan.fabric}.${vlan.name}: ${outcome}${cautions.map((w) => ` Warning: ${w}`).join("")}`,
      );
    } catch (e) {
      if (undoRange) await undoRange().catch(() => undefined);
      notify("error", `${vlan.fabric}.${vlan.name}: ${errorText(e)}`);
      if (e instanceof ApiError && e.fieldErrors) setErrors(e.fieldErrors);
      else setFailure(e);
    } finally {
      inFlight.current = false;
      setSaving(false);
      await Promise.all(
        ["vlan", "fabrics", "ipranges", "rackcontrollers"].map((key) =>
          queryClient.invalidateQueries({ queryKey: [key] }),
        ),
      );
    }
  }

  // Messages keyed by a field the form does not show still need to be seen.
  const general = errors
    ? Object.entries(errors)
        .filter(([k]) => !knownFields.includes(k))
        .map(([k, m]) => (k === "__all__" ? m.join(" ") : `${k}: ${m.join(" ")}`))
    : [];

  return (
    <form className="card form" onSubmit={submit} aria-labelledby="dhcp-title" noValidate>
      {/* MAAS's wording: "Reconfigure DHCP" once DHCP is on. */}
      <h2 id="dhcp-title">{vlan.dhcp_on ? "Reconfigure DHCP" : "Configure DHCP"}</h2>
      {general.length > 0 && (
        <div className="notice notice--error" role="alert">
          {general.map((m) => (
            <p key={m}>{m}</p>
          ))}
        </div>
      )}
      {errors && general.length === 0 && (
        <p className="visually-hidden" role="alert">
          The form has errors; see the messages next to the fields.
        </p>
      )}
      <ErrorMessage error={failure} title="Could not save:" />
      {conflict && (
        <p className="notice notice--error" role="alert">
          {conflict}
        </p>
      )}
      {saved && (
        <p className="notice notice--ok" role="status">
          {saved}
        </p>
      )}
      {warnings.map((w) => (
        <p key={w} className="notice notice--warn" role="alert" data-testid="dhcp-warning">
          Warning: {w}
        </p>
      ))}
      {racks.length === 0 && (
        <p className="notice">No rack controller has an interface on this VLAN.</p>
      )}
      <div className="checkbox-field">
        <input
          id="dhcp-on"
          type="checkbox"
          checked={dhcpOn}
          onChange={(e) => setDhcpOn(e.target.checked)}
          aria-describedby={messagesFor(errors, "dhcp_on").length ? "dhcp-on-error" : undefined}
        />
        <label htmlFor="dhcp-on">MAAS provides DHCP on this VLAN</label>
        {messagesFor(errors, "dhcp_on").length > 0 && (
          <p id="dhcp-on-error" className="field__error">
            {messagesFor(errors, "dhcp_on").join(" ")}
          </p>
        )}
      </div>
      <div className="form__grid">
        <Field id="primary-rack" label="Primary rack" errors={messagesFor(errors, "primary_rack")}>
          {(describedBy, invalid) => (
            <select
              id="primary-rack"
              value={primary}
              onChange={(e) => setPrimary(e.target.value)}
              aria-describedby={describedBy}
              aria-invalid={invalid}
            >
              <option value="">None</option>
              {racks.map((r) => (
                <option key={r.system_id} value={r.system_id}>
                  {r.hostname}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          id="secondary-rack"
          label="Secondary rack"
          hint="Serves DHCP with the primary (high availability)."
          errors={messagesFor(errors, "secondary_rack")}
        >
          {(describedBy, invalid) => (
            <select
              id="secondary-rack"
              value={secondary}
              onChange={(e) => setSecondary(e.target.value)}
              aria-describedby={describedBy}
              aria-invalid={invalid}
            >
              <option value="">None</option>
              {racks.map((r) => (
                <option key={r.system_id} value={r.system_id}>
                  {r.hostname}
                </option>
              ))}
            </select>
          )}
        </Field>
        {!range && subnets.length > 1 && (
          <Field id="range-subnet" label="Subnet of the range" errors={messagesFor(errors, "subnet")}>
            {(describedBy, invalid) => (
              <select
                id="range-subnet"
                value={subnetId}
                onChange={(e) => setSubnetId(e.target.value)}
                aria-describedby={describedBy}
                aria-invalid={invalid}
              >
                {subnets.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.cidr}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field
          id="range-start"
          label="Dynamic range start"
          hint={subnets.length === 1 ? `An address in ${subnets[0].cidr}.` : undefined}
          errors={messagesFor(errors, "start_ip", ...(subnets.length > 1 ? [] : ["subnet"]))}
        >
          {(describedBy, invalid) => (
            <input
              id="range-start"
              inputMode="decimal"
              value={start}
              onChange={(e) => setStart(e.target.value)}
              aria-describedby={describedBy}
              aria-invalid={invalid}
            />
          )}
        </Field>
        <Field id="range-end" label="Dynamic range end" errors={messagesFor(errors, "end_ip")}>
          {(describedBy, invalid) => (
            <input
              id="range-end"
              inputMode="decimal"
              value={end}
              onChange={(e) => setEnd(e.target.value)}
              aria-describedby={describedBy}
              aria-invalid={invalid}
            />
          )}
        </Field>
      </div>
      <div className="button-row">
        <button type="submit" className="button button--primary" aria-disabled={saving}>
          {saving ? "Saving…" : "Save DHCP configuration"}
        </button>
      </div>
    </form>
  );
}

function rackName(racks: Controller[], systemId: string): string {
  return racks.find((r) => r.system_id === systemId)?.hostname ?? (systemId || "none");
}
