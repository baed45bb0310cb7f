import * as endpoints from "../api/endpoints";
import type { FormFields } from "../api/http";
import type { Fabric } from "../api/types";
import { vlanOptions } from "../lib/vlans";
import { ResourceForm } from "./ResourceForm";
import type { FieldSpec, Values } from "./ResourceForm";

export type NetworkKind = "fabric" | "VLAN" | "subnet";

/** Creating a fabric, a VLAN on a fabric, or a subnet on a VLAN, with MAAS's fields. */
export function AddNetworkForm(props: { kind: NetworkKind; fabrics: Fabric[]; onDone: () => void }) {
  const { kind, fabrics } = props;
  let fields: FieldSpec[];
  let initial: Values;
  let submit: (f: FormFields) => Promise<unknown>;
  if (kind === "fabric") {
    fields = [
      { name: "name", label: "Name", hint: "Empty: MAAS names it fabric-N." },
      { name: "description", label: "Description" },
    ];
    initial = { name: "", description: "" };
    submit = endpoints.createFabric;
  } else if (kind === "VLAN") {
    const options = fabrics.map((f) => ({ value: String(f.id), label: f.name }));
    fields = [
      { name: "fabric", label: "Fabric", kind: "select", options },
      { name: "vid", label: "VID", kind: "number", hint: "The 802.1Q tag, 1 to 4094." },
      { name: "name", label: "Name" },
      { name: "mtu", label: "MTU", kind: "number" },
    ];
    initial = { fabric: options[0]?.value ?? "", vid: "", name: "", mtu: "1500" };
    // The fabric is the collection the VLAN is created in, not a field of it.
    submit = ({ fabric, ...rest }) => endpoints.createVlan(Number(fabric), rest);
  } else {
    const options = vlanOptions(fabrics);
    fields = [
      { name: "cidr", label: "CIDR", hint: "For example 192.0.2.0/24." },
      { name: "name", label: "Name", hint: "Empty: the CIDR." },
      { name: "vlan", label: "VLAN", kind: "select", options },
      { name: "gateway_ip", label: "Gateway IP" },
      { name: "dns_servers", label: "DNS servers", hint: "Comma-separated addresses." },
    ];
    initial = { cidr: "", name: "", vlan: options[0]?.value ?? "", gateway_ip: "", dns_servers: "" };
    submit = endpoints.createSubnet;
  }
  // Empty optional fields are left out, so MAAS applies its defaults.
  const withoutEmpty = (f: FormFields) =>
    submit(Object.fromEntries(Object.entries(f).filter(([, v]) => v !== "")));
  return (
    <ResourceForm
      title={`Add ${kind}`}
      fields={fields}
      initial={initial}
      sendAll
      submitLabel={`Add ${kind}`}
      onSubmit={withoutEmpty}
      onDone={props.onDone}
    />
  );
}
