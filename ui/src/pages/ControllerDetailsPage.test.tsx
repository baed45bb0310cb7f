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
      if (call.path === "/MAAS/api/2.0/rackcontrollers/")
        return { json: [rack("rack-a", "3.5.0"), rack("rack-b", "3.5.0")] };
      if (call.path === "/MAAS/api/2.0/regioncontrollers/") return { json: [] };
      if (call.path === "/MAAS/api/2.0/fabrics/") return { json: [] };
      if (call.path === "/MAAS/api/2.0/machines/") return { json: [] };
      if (call.path === "/MAAS/api/2.0/version/") return { json: { version: "3.5.0" } };
      return undefined;
    });
    renderAt("/controllers/rack/id-rack-a");
    await userEvent.click(await screen.findByRole("button", { name: "Delete…" }));
    // Focus moves into the confirmation (the button it was on is gone).
    expect(document.activeElement).toBe(screen.getByRole("group"));
    await screen.findByText("No VLAN or machine depends on it.");
    await userEvent.click(screen.getByRole("button", { name: "Delete" }));
    const alerts = await screen.findAllByRole("alert");
    expect(alerts.some((a) => a.textContent?.includes(refusal))).toBe(true);
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

describe("Deleting the rack role of a region's host", () => {
  it("lists what depends on it and needs the hostname typed", async () => {
    const both = { ...rack("maas-host", "3.5.0"), node_type: 4 as const };
    const calls = installApi((call) => {
      if (call.path === "/MAAS/accounts/session/") return { json: admin };
      if (call.path === "/MAAS/api/2.0/rackcontrollers/id-maas-host/") {
        if (call.method === "GET") return { json: both };
        if (call.method === "DELETE") return { status: 204 };
      }
      if (call.path === "/MAAS/api/2.0/rackcontrollers/") return { json: [both] };
      if (call.path === "/MAAS/api/2.0/regioncontrollers/") return { json: [both] };
      if (call.path === "/MAAS/api/2.0/fabrics/") return { json: [] };
      if (call.path === "/MAAS/api/2.0/machines/")
        return {
          json: [
            {
              system_id: "m1",
              hostname: "node-1",
              power_state: "on",
              power_type: "ipmi",
              power_rack: { system_id: both.system_id, hostname: "maas-host" },
              resource_uri: "",
            },
          ],
        };
      return undefined;
    });
    renderAt("/controllers/rack/id-maas-host");
    await userEvent.click(await screen.findByRole("button", { name: "Delete…" }));
    const affected = await screen.findByRole("list", { name: "What this delete affects" });
    expect(affected.textContent).toContain("also runs a region controller");
    expect(affected.textContent).toContain("node-1");
    const remove = screen.getByRole("button", { name: "Delete" });
    expect(remove.getAttribute("aria-disabled")).toBe("true");
    await userEvent.click(remove);
    expect(calls.filter((c) => c.method === "DELETE")).toHaveLength(0);
    await userEvent.type(screen.getByLabelText(/to confirm/), "maas-hos");
    expect(remove.getAttribute("aria-disabled")).toBe("true");
    await userEvent.type(screen.getByLabelText(/to confirm/), "t");
    expect(remove.getAttribute("aria-disabled")).toBe("false");
    await userEvent.click(remove);
    await screen.findByRole("heading", { name: "Controllers" });
    expect(calls.filter((c) => c.method === "DELETE")).toHaveLength(1);
  });
});

describe("A controller of another version", () => {
  it("shows the region's warning beside the version", async () => {
    const warning = "rack version 3.6.0 differs from region version 3.5.0; upgrade the older one";
    installApi((call) => {
      if (call.path === "/MAAS/accounts/session/") return { json: admin };
      if (call.path === "/MAAS/api/2.0/rackcontrollers/id-rack-a/")
        return { json: { ...rack("rack-a", "3.6.0"), version_warning: warning } };
      if (call.path === "/MAAS/api/2.0/rackcontrollers/id-rack-b/")
        return { json: { ...rack("rack-b", "3.5.0"), version_warning: "" } };
      return undefined;
    });
    const first = renderAt("/controllers/rack/id-rack-a");
    const note = await screen.findByRole("note");
    expect(note.textContent).toContain(warning);
    expect(note.textContent).toContain("never refused");
    first.unmount();
    renderAt("/controllers/rack/id-rack-b");
    await screen.findByText("3.5.0");
    expect(screen.queryByRole("note")).toBeNull();
  });
});
