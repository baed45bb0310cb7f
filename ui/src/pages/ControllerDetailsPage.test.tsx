import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { rack } from "../test/fixtures";
import { admin, installApi, renderAt } from "../test/render";

afterEach(() => vi.unstubAllGlobals());

// As the region words it (region/src/maas/region/dhcp/rack_vlans.cpp).
const refusal =
  "Unable to delete 'rack-a'; it is currently set as a primary or secondary rack controller on " +
  "VLANs fabric-0.untagged. Disable DHCP HA on those VLANs first (maas $PROFILE vlan update 1 0 " +
  "primary_rack=), or delete with force=true to move DHCP to the remaining rack controller.";

describe("Controller details", () => {
  it("shows the API's refusal and deletes with force only after the admin asks", async () => {
    const calls = installApi((call) => {
      if (call.path === "/MAAS/accounts/session/") return { json: admin };
      if (call.path === "/MAAS/api/2.0/rackcontrollers/id-rack-a/") {
        if (call.method === "GET") return { json: rack("rack-a", "3.5.0") };
        if (call.method === "DELETE")
          return call.query.get("force") === "true" ? { status: 204 } : { status: 400, text: refusal };
      }
      if (call.path === "/MAAS/api/2.0/rackcontrollers/") return { json: [] };
      if (call.path === "/MAAS/api/2.0/regioncontrollers/") return { json: [] };
      if (call.path === "/MAAS/api/2.0/version/") return { json: { version: "3.5.0" } };
      return undefined;
    });
    renderAt("/controllers/rack/id-rack-a");
    await userEvent.click(await screen.findByRole("button", { name: "Delete…" }));
    // Focus moves into the confirmation (the button it was on is gone).
    expect(document.activeElement).toBe(screen.getByRole("group"));
    await userEvent.click(screen.getByRole("button", { name: "Delete" }));
    expect((await screen.findByRole("alert")).textContent).toContain(refusal);
    // ... and to the force option once the guard refused (Delete is now disabled).
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText(/Force delete/)));
    const forceButton = screen.getByRole("button", { name: "Delete" });
    expect((forceButton as HTMLButtonElement).disabled).toBe(true);
    await userEvent.click(screen.getByLabelText(/Force delete/));
    await userEvent.click(screen.getByRole("button", { name: "Force delete" }));
    await screen.findByRole("heading", { name: "Controllers" });
    const deletes = calls.filter((c) => c.method === "DELETE");
    expect(deletes.map((c) => c.query.get("force"))).toEqual([null, "true"]);
    expect(deletes.every((c) => c.headers["X-CSRFToken"] === "csrf-admin")).toBe(true);
  });
});
