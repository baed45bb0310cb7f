// The VLAN's DHCP HA pair as the region sees it (the VLAN's `dhcp_ha`), refreshed with the
// VLAN page's poll: each rack's hook state, link, backlog, contact, failovers and lag. Every
// coloured badge carries its words.
import type { DhcpHa, DhcpHaRack } from "../api/types";
import { msAgo } from "../lib/dhcpHealth";
import { StatusBadge } from "./common";

type Tone = "ok" | "warn" | "bad" | "muted";

/** A coloured badge whose text is the whole meaning (the colour only repeats it). */
function Badge({ tone, text }: { tone: Tone; text: string }) {
  return <span className={`badge badge--${tone}`}>{text}</span>;
}

/** The hook's states in badge colours: normal is fine, a takeover or a lost peer needs a look. */
function stateTone(state: string): Tone {
  if (state === "normal" || state === "standalone") return "ok";
  if (state === "unknown") return "muted";
  if (state === "terminated") return "bad";
  return "warn";
}

function utc(iso: string): string {
  const t = new Date(iso);
  return Number.isNaN(t.getTime()) ? iso : `${t.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

function RackRow({ rack }: { rack: DhcpHaRack }) {
  const stale = rack.state === "unknown" && rack.reported_state && rack.reported_state !== "unknown";
  return (
    <tr data-testid={`ha-rack-${rack.role}`}>
      <th scope="row">{rack.role}</th>
      <td data-label="Rack">
        {rack.hostname} <StatusBadge status={rack.rackd} label="rackd" />
      </td>
      <td data-label="HA state">
        <Badge tone={stateTone(rack.state)} text={rack.state} />
        {stale && <span className="muted small"> (last reported {rack.reported_state})</span>}
      </td>
      <td data-label="Link">
        <Badge tone={rack.link === "up" ? "ok" : "bad"} text={rack.link} />
      </td>
      <td data-label="Backlog">{rack.backlog}</td>
      <td data-label="Last contact">{msAgo(rack.last_contact_ms_ago)}</td>
      <td data-label="Reported">{msAgo(rack.reported_ms_ago)}</td>
      <td data-label="Updates lag">{`${rack.update_latency_ms.toFixed(2)} ms`}</td>
      <td data-label="Last failover">
        {rack.last_failover.ms_ago < 0
          ? "never"
          : `${msAgo(rack.last_failover.ms_ago)}${rack.last_failover.reason ? ` (${rack.last_failover.reason})` : ""}`}
      </td>
    </tr>
  );
}

export function DhcpHaSection({ ha }: { ha: DhcpHa }) {
  return (
    <section aria-labelledby="dhcp-ha-heading" className="card">
      <h2 id="dhcp-ha-heading">DHCP high availability</h2>
      <p>
        <Badge tone={ha.degraded ? "warn" : "ok"} text={ha.degraded ? "HA degraded" : "HA normal"} />{" "}
        <span data-testid="ha-failovers">
          {ha.failovers === 0
            ? "No takeover ordered by the region."
            : `${ha.failovers} takeover${ha.failovers === 1 ? "" : "s"} ordered by the region`}
        </span>
        {ha.last_failover && (
          <span data-testid="ha-last-failover">
            ; last at {utc(ha.last_failover.at)} to {ha.last_failover.rack}: {ha.last_failover.reason}
          </span>
        )}
      </p>
      <div className="table-wrap">
        <table className="table table--cards ha-racks" aria-label="DHCP HA racks">
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col">Rack</th>
              <th scope="col">HA state</th>
              <th scope="col">Link</th>
              <th scope="col">Backlog</th>
              <th scope="col">Last contact</th>
              <th scope="col">Reported</th>
              <th scope="col">Updates lag</th>
              <th scope="col">Last failover</th>
            </tr>
          </thead>
          <tbody>
            {ha.racks.map((r) => (
              <RackRow key={r.role} rack={r} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
