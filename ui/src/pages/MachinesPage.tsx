import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import * as endpoints from "../api/endpoints";
import type { PowerAction } from "../api/endpoints";
import type { Machine } from "../api/types";
import { ErrorMessage, Loading, PageHeader, StatusBadge } from "../components/common";
import { POLL_MS } from "../queryClient";

export function MachinesPage() {
  const machines = useQuery({
    queryKey: ["machines"],
    queryFn: endpoints.machines,
    refetchInterval: POLL_MS,
  });
  return (
    <>
      <PageHeader title="Machines" />
      <ErrorMessage error={machines.error} title="Could not load machines:" />
      {machines.isPending && <Loading what="machines" />}
      {machines.data && (
        <div className="table-wrap">
          <table className="table" aria-label="Machines">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Power</th>
                <th scope="col">Power type</th>
                <th scope="col">Managing rack</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {machines.data.length === 0 && (
                <tr>
                  <td colSpan={5} className="muted">
                    No machines yet.
                  </td>
                </tr>
              )}
              {machines.data.map((m) => (
                <MachineRow key={m.system_id} machine={m} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

const progress: Record<PowerAction, string> = {
  on: "Powering on…",
  off: "Powering off…",
  query: "Checking…",
};

function MachineRow({ machine }: { machine: Machine }) {
  const queryClient = useQueryClient();
  const power = useMutation({
    mutationFn: (action: PowerAction) => endpoints.powerAction(machine.system_id, action),
    onSuccess: (state) => {
      queryClient.setQueryData<Machine[]>(["machines"], (list) =>
        list?.map((m) => (m.system_id === machine.system_id ? { ...m, power_state: state } : m)),
      );
      void queryClient.invalidateQueries({ queryKey: ["machines"] });
    },
  });
  const busy = power.isPending;
  // aria-disabled, not disabled: a disabled button drops keyboard focus mid-action.
  const act = (action: PowerAction) => {
    if (!busy) power.mutate(action);
  };
  const label = machine.hostname;
  return (
    <tr data-testid={`machine-${machine.hostname}`}>
      <th scope="row">{machine.hostname}</th>
      <td>
        <StatusBadge status={machine.power_state} />
      </td>
      <td>{machine.power_type || "—"}</td>
      <td>{machine.power_rack?.hostname ?? "—"}</td>
      <td>
        <div className="button-row button-row--tight" aria-busy={busy}>
          <button
            type="button"
            className="button button--small"
            aria-disabled={busy}
            onClick={() => act("on")}
            aria-label={`Power on ${label}`}
          >
            Power on
          </button>
          <button
            type="button"
            className="button button--small"
            aria-disabled={busy}
            onClick={() => act("off")}
            aria-label={`Power off ${label}`}
          >
            Power off
          </button>
          <button
            type="button"
            className="button button--small"
            aria-disabled={busy}
            onClick={() => act("query")}
            aria-label={`Check power of ${label}`}
          >
            Check power
          </button>
        </div>
        {busy && power.variables && (
          <p className="muted small" role="status">
            {progress[power.variables]}
          </p>
        )}
        <ErrorMessage error={power.error} title="Power action failed:" />
      </td>
    </tr>
  );
}
