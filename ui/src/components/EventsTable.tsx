import type { EventEntry } from "../api/types";

/** The level is the badge's text; the colour only repeats it. */
const levelClass: Record<string, string> = { ERROR: "bad", CRITICAL: "bad", WARNING: "warn" };

/** Event log rows, newest first; `withNode` adds the node column (left out on a node's page). */
export function EventsTable(props: { label: string; events: EventEntry[]; withNode?: boolean }) {
  const { events, withNode = false } = props;
  return (
    <div className="table-wrap">
      <table className="table table--cards" aria-label={props.label}>
        <thead>
          <tr>
            <th scope="col">Time (UTC)</th>
            <th scope="col">Level</th>
            <th scope="col">Type</th>
            {withNode && <th scope="col">Node</th>}
            <th scope="col">User</th>
            <th scope="col">Description</th>
          </tr>
        </thead>
        <tbody>
          {events.length === 0 && (
            <tr>
              <td colSpan={withNode ? 6 : 5} className="muted">
                No events.
              </td>
            </tr>
          )}
          {events.map((e) => (
            <tr key={e.id}>
              <th scope="row">{e.created}</th>
              <td data-label="Level">
                <span className={`badge badge--${levelClass[e.level] ?? "muted"}`}>{e.level}</span>
              </td>
              <td data-label="Type">{e.type}</td>
              {withNode && <td data-label="Node">{e.hostname || "—"}</td>}
              <td data-label="User">{e.username || "—"}</td>
              <td data-label="Description">{e.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
