import { useQuery } from "@tanstack/react-query";
import * as endpoints from "../api/endpoints";
import { rackRegistrationCommands } from "../lib/commands";
import { CopyButton, ErrorMessage, Loading } from "./common";

/** Admin-only: the commands that register a new rack with this MAAS, secret included. */
export function AddRackPanel({ onClose }: { onClose: () => void }) {
  const info = useQuery({
    queryKey: ["rack-registration"],
    queryFn: endpoints.rackRegistration,
    staleTime: 0,
    gcTime: 0,
  });
  const commands = info.data
    ? rackRegistrationCommands(info.data.maas_url, info.data.secret)
    : null;
  return (
    <section id="add-rack" className="card" aria-labelledby="add-rack-title">
      <div className="card__header">
        <h2 id="add-rack-title">Add rack controller</h2>
        <button type="button" className="button button--small" onClick={onClose}>
          Close
        </button>
      </div>
      <p>
        Install the rack controller on the new host, then run one of these commands there. The
        secret lets the rack authenticate to this MAAS: keep it private.
      </p>
      <ErrorMessage error={info.error} title="Could not load the registration details:" />
      {info.isPending && <Loading what="registration details" />}
      {commands && (
        <>
          <h3 id="snap-title">Snap</h3>
          <div className="command">
            <code aria-labelledby="snap-title" data-testid="snap-command">
              {commands.snap}
            </code>
            <CopyButton text={commands.snap} label="Copy snap command" />
          </div>
          <h3 id="packages-title">Packages</h3>
          <div className="command">
            <code aria-labelledby="packages-title" data-testid="packages-command">
              {commands.packages}
            </code>
            <CopyButton text={commands.packages} label="Copy packages command" />
          </div>
        </>
      )}
    </section>
  );
}
