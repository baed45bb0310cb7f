// A machine's power configuration: its type and parameters (admins only, as the API's
// power_parameters), edited through `machine update`. The region validates; its messages
// appear beside the fields they name. Secrets are never shown: an empty secret field keeps
// the stored one.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import * as endpoints from "../api/endpoints";
import type { Machine } from "../api/types";
import { powerTypeFields, powerTypes, shownValue } from "../lib/powerFields";
import { ErrorMessage, Loading } from "./common";
import { useNotify } from "./Notifications";
import { ResourceForm } from "./ResourceForm";
import type { FieldSpec, Values } from "./ResourceForm";

const key = (name: string) => `power_parameters_${name}`;

export function PowerConfig({ machine, isAdmin }: { machine: Machine; isAdmin: boolean }) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const [editing, setEditing] = useState(false);
  const [type, setType] = useState(machine.power_type || "manual");
  const params = useQuery({
    queryKey: ["machine", machine.system_id, "power_parameters"],
    queryFn: () => endpoints.machinePowerParameters(machine.system_id),
    enabled: isAdmin,
  });
  if (!isAdmin)
    return (
      <p>
        Power type: <strong>{machine.power_type || "—"}</strong>. Its parameters are for
        administrators.
      </p>
    );
  if (params.isPending) return <Loading what="power parameters" />;
  if (params.error) return <ErrorMessage error={params.error} title="Could not load the power parameters:" />;
  const stored = params.data ?? {};
  const storedFields = powerTypeFields[machine.power_type] ?? [];
  if (!editing)
    return (
      <>
        <dl className="facts">
          <dt>Power type</dt>
          <dd>{machine.power_type || "—"}</dd>
          {storedFields.map((f) => (
            <Fragment key={f.name}>
              <dt>{f.label}</dt>
              <dd>{shownValue(f, stored[f.name])}</dd>
            </Fragment>
          ))}
        </dl>
        <button
          type="button"
          className="button"
          onClick={() => {
            setType(machine.power_type || "manual");
            setEditing(true);
          }}
        >
          Edit power configuration
        </button>
      </>
    );
  const sameType = type === machine.power_type;
  const fields: FieldSpec[] = (powerTypeFields[type] ?? []).map((f) => ({
    name: key(f.name),
    label: f.label,
    kind: f.secret ? "password" : f.choices ? "select" : "text",
    options: f.choices?.map((c) => ({ value: c, label: c || "(default)" })),
    hint: f.secret && sameType ? "Leave empty to keep the current one." : undefined,
  }));
  const initial: Values = {};
  for (const f of powerTypeFields[type] ?? []) {
    const v = sameType && !f.secret ? stored[f.name] : "";
    initial[key(f.name)] = Array.isArray(v) ? v.join(",") : (v ?? "");
  }
  return (
    <>
      <div className="field">
        <label htmlFor="power-type">Power type</label>
        <select id="power-type" value={type} onChange={(e) => setType(e.target.value)}>
          {powerTypes.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </div>
      <ResourceForm
        key={type}
        title="Power configuration"
        fields={fields}
        initial={initial}
        submitLabel="Save power configuration"
        sendAll={!sameType}
        onSubmit={async (changed) => {
          // A new type sends every field it has; empty ones mean "not set".
          const form = sameType ? changed : Object.fromEntries(
            Object.entries(changed).filter(([, v]) => v !== ""),
          );
          await endpoints.updateMachine(machine.system_id, { ...form, power_type: type });
          notify("success", `Power configuration of ${machine.hostname} saved.`);
          await queryClient.invalidateQueries({ queryKey: ["machine", machine.system_id] });
          await queryClient.invalidateQueries({ queryKey: ["machines"] });
        }}
        onDone={() => setEditing(false)}
      />
    </>
  );
}
