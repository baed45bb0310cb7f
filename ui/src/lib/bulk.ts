// Bulk power actions over the selected machines (pure parts): which machines an action
// applies to, and the words of its outcome.
import type { PowerAction } from "../api/endpoints";
import type { Machine } from "../api/types";

/** The machines an action would change: power on skips those on, power off those off. */
export function appliesTo(action: PowerAction, machines: Machine[]): Machine[] {
  if (action === "on") return machines.filter((m) => m.power_state !== "on");
  if (action === "off") return machines.filter((m) => m.power_state !== "off");
  return machines;
}

export interface BulkResult {
  machine: Machine;
  error?: string;
}

const verbs: Record<PowerAction, string> = { on: "Power on", off: "Power off", query: "Check power" };

const count = (n: number) => `${n} machine${n === 1 ? "" : "s"}`;

/** One success line and, when any failed, one failure text naming each machine and why. */
export function summarise(
  action: PowerAction,
  results: BulkResult[],
): { success: string | null; failure: string | null } {
  const failed = results.filter((r) => r.error !== undefined);
  const worked = results.length - failed.length;
  const success = worked > 0 ? `${verbs[action]}: ${count(worked)} done.` : null;
  const failure =
    failed.length > 0
      ? `${verbs[action]} failed for ${failed.length} of ${count(results.length)}:\n` +
        failed.map((r) => `${r.machine.hostname}: ${r.error}`).join("\n")
      : null;
  return { success, failure };
}

/** Runs `task` over items with at most `limit` in flight; results keep the items' order. */
export async function runLimited<T, R>(
  items: T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
