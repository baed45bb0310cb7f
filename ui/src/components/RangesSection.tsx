import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import * as endpoints from "../api/endpoints";
import type { IpRange, Subnet } from "../api/types";
import { POLL_MS } from "../queryClient";
import { ErrorMessage, Loading } from "./common";
import { DeleteAction } from "./DeleteAction";
import { ResourceForm } from "./ResourceForm";
import type { FieldSpec, Values } from "./ResourceForm";

const typeOptions = [
  { value: "dynamic", label: "Dynamic (DHCP hands these out)" },
  { value: "reserved", label: "Reserved (MAAS never uses these)" },
];

/** Every IP range of the given subnets, each editable and deletable by an admin. */
export function RangesSection({ subnets, canEdit }: { subnets: Subnet[]; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<number | "new" | null>(null);
  const ranges = useQuery({
    queryKey: ["ipranges"],
    queryFn: endpoints.ipRanges,
    refetchInterval: POLL_MS,
  });
  const ids = new Set(subnets.map((s) => s.id));
  const mine = (ranges.data ?? [])
    .filter((r) => ids.has(r.subnet.id))
    .sort((a, b) => a.subnet.cidr.localeCompare(b.subnet.cidr) || a.id - b.id);
  const refresh = () => {
    setEditing(null);
    void queryClient.invalidateQueries({ queryKey: ["ipranges"] });
  };
  const fields: FieldSpec[] = [
    { name: "type", label: "Type", kind: "select", options: typeOptions },
    {
      name: "subnet",
      label: "Subnet",
      kind: "select",
      options: subnets.map((s) => ({ value: String(s.id), label: s.cidr })),
    },
    { name: "start_ip", label: "Start IP" },
    { name: "end_ip", label: "End IP" },
    { name: "comment", label: "Comment" },
  ];
  const valuesOf = (r: IpRange): Values => ({
    type: r.type,
    subnet: String(r.subnet.id),
    start_ip: r.start_ip,
    end_ip: r.end_ip,
    comment: r.comment ?? "",
  });
  const editedRange = mine.find((r) => r.id === editing);
  return (
    <section aria-labelledby="ranges-title">
      <div className="page-header">
        <h2 id="ranges-title">IP ranges</h2>
        {canEdit && subnets.length > 0 && (
          <button
            type="button"
            className="button"
            aria-expanded={editing === "new"}
            onClick={() => setEditing(editing === "new" ? null : "new")}
          >
            Add range
          </button>
        )}
      </div>
      {editing === "new" && (
        <ResourceForm
          title="Add IP range"
          fields={fields}
          initial={{ type: "reserved", subnet: String(subnets[0].id), start_ip: "", end_ip: "", comment: "" }}
          sendAll
          submitLabel="Add range"
          onSubmit={endpoints.addIpRange}
          onDone={refresh}
        />
      )}
      {editedRange && (
        <ResourceForm
          key={editedRange.id}
          title={`Edit range ${editedRange.start_ip} – ${editedRange.end_ip}`}
          fields={fields.filter((f) => f.name !== "subnet")}
          initial={valuesOf(editedRange)}
          submitLabel="Save range"
          onSubmit={(f) => endpoints.editIpRange(editedRange.id, f)}
          onDone={refresh}
        />
      )}
      <ErrorMessage error={ranges.error} title="Could not load the ranges:" />
      {ranges.isPending && <Loading what="ranges" />}
      {ranges.data && (
        <div className="table-wrap">
          <table className="table table--cards" aria-labelledby="ranges-title">
            <thead>
              <tr>
                <th scope="col">Type</th>
                <th scope="col">Start</th>
                <th scope="col">End</th>
                <th scope="col">Subnet</th>
                <th scope="col">Comment</th>
                {canEdit && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {mine.length === 0 && (
                <tr>
                  <td colSpan={canEdit ? 6 : 5} className="muted">
                    No ranges.
                  </td>
                </tr>
              )}
              {mine.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.type}</th>
                  <td data-label="Start">{r.start_ip}</td>
                  <td data-label="End">{r.end_ip}</td>
                  <td data-label="Subnet">{r.subnet.cidr}</td>
                  <td data-label="Comment">{r.comment || "—"}</td>
                  {canEdit && (
                    <td data-label="Actions">
                      <div className="button-row button-row--tight">
                        <button
                          type="button"
                          className="button button--small"
                          aria-label={`Edit range ${r.start_ip} – ${r.end_ip}`}
                          onClick={() => setEditing(r.id)}
                        >
                          Edit
                        </button>
                        <DeleteAction
                          what={`range ${r.start_ip} – ${r.end_ip}`}
                          consequence={
                            r.type === "dynamic"
                              ? "DHCP stops handing out these addresses."
                              : "MAAS may then assign these addresses."
                          }
                          onDelete={() => endpoints.deleteIpRange(r.id)}
                          onDeleted={refresh}
                        />
                      </div>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
