// Power on, off or check every selected machine. Each button follows the selection's power
// states (nothing to switch: it says why and does nothing); power off asks first, naming how
// many machines; the outcome is one notification for what worked and one naming each machine
// that failed and why.
import { useRef, useState } from "react";
import * as endpoints from "../api/endpoints";
import type { PowerAction } from "../api/endpoints";
import type { Machine } from "../api/types";
import { appliesTo, runLimited, summarise } from "../lib/bulk";
import type { BulkResult } from "../lib/bulk";
import { errorText } from "../session";
import { ConfirmInline } from "./ConfirmInline";
import { useNotify } from "./Notifications";
import { progress, usePowerStateUpdate } from "./PowerButtons";

/** Requests in flight at once: a page of 50 must not open 50 connections to one worker. */
const IN_FLIGHT = 4;

const plural = (n: number) => `${n} machine${n === 1 ? "" : "s"}`;

export function BulkPowerBar({
  selected,
  onDone,
}: {
  selected: Machine[];
  onDone: () => void;
}) {
  const notify = useNotify();
  const update = usePowerStateUpdate();
  const [busy, setBusy] = useState<PowerAction | null>(null);
  const [confirming, setConfirming] = useState(false);
  const offRef = useRef<HTMLButtonElement>(null);
  if (selected.length === 0) return null;

  const run = async (action: PowerAction) => {
    const targets = appliesTo(action, selected);
    if (busy || targets.length === 0) return;
    if (confirming) {
      setConfirming(false);
      offRef.current?.focus(); // the confirmation goes away: focus back where it started
    }
    setBusy(action);
    const results = await runLimited(targets, IN_FLIGHT, async (m): Promise<BulkResult> => {
      try {
        update(m.system_id, await endpoints.powerAction(m.system_id, action));
        return { machine: m };
      } catch (error) {
        return { machine: m, error: errorText(error) };
      }
    });
    setBusy(null);
    const { success, failure } = summarise(action, results);
    if (success) notify("success", success);
    if (failure) notify("error", failure);
    if (!failure) onDone();
  };

  const button = (action: PowerAction, text: string) => {
    const targets = appliesTo(action, selected).length;
    const why = targets === 0 ? `All selected machines are already ${action}` : null;
    return (
      <button
        type="button"
        ref={action === "off" ? offRef : undefined}
        className="button button--small"
        aria-disabled={busy !== null || why !== null}
        title={why ?? undefined}
        onClick={() => (action === "off" && targets > 0 && !busy ? setConfirming(true) : void run(action))}
      >
        {text}
      </button>
    );
  };
  const offCount = appliesTo("off", selected).length;
  return (
    <section className="bulk-bar" aria-label="Selected machines">
      <span role="status">{plural(selected.length)} selected</span>
      <div className="button-row button-row--tight" aria-busy={busy !== null}>
        {button("on", "Power on selected")}
        {button("off", "Power off selected…")}
        {button("query", "Check power of selected")}
      </div>
      {busy && (
        <p className="muted small" role="status">
          {progress[busy]}
        </p>
      )}
      {confirming && (
        <ConfirmInline
          id="bulk-off-title"
          confirmLabel={`Yes, power off ${plural(offCount)}`}
          onConfirm={() => void run("off")}
          onCancel={() => {
            setConfirming(false);
            offRef.current?.focus();
          }}
        >
          <p>
            Power off <strong>{plural(offCount)}</strong>? Their BMCs cut the power: the operating
            systems get no clean shutdown.
          </p>
        </ConfirmInline>
      )}
    </section>
  );
}
