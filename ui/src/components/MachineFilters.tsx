// The Machines page's search and filters; every value lives in the URL (the page's query).
import { useQuery } from "@tanstack/react-query";
import * as endpoints from "../api/endpoints";
import type { MachineQuery } from "../api/endpoints";

const statuses = ["new", "commissioning", "ready", "allocated", "deploying", "deployed", "broken"];
const powerStates = ["on", "off", "unknown", "error"];
const powerTypes = ["ipmi", "webhook", "manual"];

export function MachineFilters({
  query,
  set,
}: {
  query: MachineQuery;
  set: (changes: Record<string, string>) => void;
}) {
  const racks = useQuery({ queryKey: ["rackcontrollers"], queryFn: endpoints.rackControllers });
  const select = (
    label: string,
    key: "status" | "power_state" | "power_type" | "power_rack",
    options: { value: string; text: string }[],
  ) => (
    <label>
      {label}{" "}
      <select value={query[key]} onChange={(e) => set({ [key]: e.target.value, page: "" })}>
        <option value="">Any</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.text}
          </option>
        ))}
      </select>
    </label>
  );
  const plain = (values: string[]) => values.map((v) => ({ value: v, text: v }));
  const rackOptions = (racks.data ?? [])
    .map((r) => ({ value: r.system_id, text: r.hostname }))
    .sort((a, b) => a.text.localeCompare(b.text));
  // A rack in the URL that is no longer listed still shows as chosen.
  if (query.power_rack && !rackOptions.some((o) => o.value === query.power_rack))
    rackOptions.push({ value: query.power_rack, text: query.power_rack });
  return (
    <form
      className="filters"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        const q = new FormData(e.currentTarget).get("q");
        set({ q: typeof q === "string" ? q.trim() : "", page: "" });
      }}
    >
      <label>
        Search hostnames <input name="q" type="search" defaultValue={query.q} key={query.q} />
      </label>
      <button type="submit" className="button button--small">
        Search
      </button>
      {select("Status", "status", plain(statuses))}
      {select("Power state", "power_state", plain(powerStates))}
      {select("Power type", "power_type", plain(powerTypes))}
      {select("Managing rack", "power_rack", rackOptions)}
    </form>
  );
}
