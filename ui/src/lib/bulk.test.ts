import { describe, expect, it } from "vitest";
import type { Machine } from "../api/types";
import { machine1 } from "../test/fixtures";
import { appliesTo, runLimited, summarise } from "./bulk";

const m = (hostname: string, power_state: Machine["power_state"]): Machine => ({
  ...machine1,
  system_id: hostname,
  hostname,
  power_state,
});

describe("bulk power", () => {
  const fleet = [m("a", "on"), m("b", "off"), m("c", "unknown"), m("d", "error")];
  it("skips machines already in the asked state", () => {
    expect(appliesTo("on", fleet).map((x) => x.hostname)).toEqual(["b", "c", "d"]);
    expect(appliesTo("off", fleet).map((x) => x.hostname)).toEqual(["a", "c", "d"]);
    expect(appliesTo("query", fleet)).toHaveLength(4);
  });
  it("names each failed machine and why", () => {
    const { success, failure } = summarise("off", [
      { machine: fleet[0] },
      { machine: fleet[2], error: "Unable to power off c: no route" },
      { machine: fleet[3], error: "BMC said no" },
    ]);
    expect(success).toBe("Power off: 1 machine done.");
    expect(failure).toBe(
      "Power off failed for 2 of 3 machines:\nc: Unable to power off c: no route\nd: BMC said no",
    );
    expect(summarise("query", [{ machine: fleet[0] }]).failure).toBeNull();
    expect(summarise("on", [{ machine: fleet[1], error: "x" }]).success).toBeNull();
  });
  it("runs at most `limit` at once, results in order", async () => {
    let inFlight = 0;
    let most = 0;
    const out = await runLimited([1, 2, 3, 4, 5], 2, async (n) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 1));
      inFlight -= 1;
      return n * 10;
    });
    expect(out).toEqual([10, 20, 30, 40, 50]);
    expect(most).toBe(2);
  });
});
