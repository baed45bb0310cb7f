import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { admin, installApi, notified, operator, renderAt } from "../test/render";

afterEach(() => vi.unstubAllGlobals());

const people = [
  { username: "admin", email: "admin@example.com", is_superuser: true },
  { username: "bob", email: "bob@example.com", is_superuser: false },
  { username: "carol", email: "", is_superuser: false },
];
// As the region words it (region/src/maas/region/api/account_actions.cpp).
const owns = "User bob cannot be deleted: 1 node(s) are still allocated";

describe("Users", () => {
  it("adds a user, showing the API's message beside the field it names", async () => {
    let attempts = 0;
    const calls = installApi((call) => {
      if (call.path === "/MAAS/accounts/session/") return { json: admin };
      if (call.path === "/MAAS/api/2.0/users/" && call.method === "GET") return { json: people };
      if (call.path === "/MAAS/api/2.0/users/" && call.method === "POST") {
        attempts += 1;
        if (attempts === 1)
          return { status: 400, json: { username: ["A user with that username already exists."] } };
        return { json: { username: "dave", email: "dave@example.com", is_superuser: true } };
      }
      return undefined;
    });
    renderAt("/users");
    await screen.findByRole("cell", { name: "bob@example.com" });
    expect(screen.getAllByText("Administrator")).toHaveLength(1);
    await userEvent.click(screen.getByRole("button", { name: "Add user" }));
    const form = screen.getByRole("form", { name: "Add user" });
    await userEvent.type(within(form).getByLabelText("Username"), "bob");
    await userEvent.type(within(form).getByLabelText("Email"), "dave@example.com");
    await userEvent.type(within(form).getByLabelText("Password"), "s3cret");
    await userEvent.click(within(form).getByLabelText(/Administrator/));
    await userEvent.click(within(form).getByRole("button", { name: "Add user" }));
    const username = within(form).getByLabelText("Username");
    await waitFor(() => expect(username.getAttribute("aria-invalid")).toBe("true"));
    expect(document.getElementById(username.getAttribute("aria-describedby") ?? "")?.textContent).toBe(
      "A user with that username already exists.",
    );
    await userEvent.clear(username);
    await userEvent.type(username, "dave");
    await userEvent.click(within(form).getByRole("button", { name: "Add user" }));
    await notified("User dave added.");
    const posts = calls.filter((c) => c.method === "POST");
    expect(Object.fromEntries(posts[1].form)).toEqual({
      username: "dave",
      email: "dave@example.com",
      password: "s3cret",
      is_superuser: "true",
    });
    expect(posts[1].headers["X-CSRFToken"]).toBe("csrf-admin");
  });

  it("hands over what a user owns before deleting them, and never deletes oneself", async () => {
    const calls = installApi((call) => {
      if (call.path === "/MAAS/accounts/session/") return { json: admin };
      if (call.path === "/MAAS/api/2.0/users/") return { json: people };
      if (call.path === "/MAAS/api/2.0/users/bob/" && call.method === "DELETE")
        return call.query.get("transfer_resources_to") === "carol"
          ? { status: 204 }
          : { status: 400, text: owns };
      return undefined;
    });
    renderAt("/users");
    const self = await screen.findByRole("button", { name: "Delete user admin" });
    await userEvent.click(self);
    expect(screen.queryByRole("group")).toBeNull();
    expect(self.getAttribute("aria-disabled")).toBe("true");
    await userEvent.click(screen.getByRole("button", { name: "Delete user bob" }));
    const confirm = screen.getByRole("group");
    expect(document.activeElement).toBe(confirm);
    await userEvent.click(within(confirm).getByRole("button", { name: "Delete" }));
    await within(confirm).findByText(owns);
    const transfer = within(confirm).getByRole("button", { name: "Transfer and delete" });
    expect(transfer.getAttribute("aria-disabled")).toBe("true");
    await userEvent.selectOptions(within(confirm).getByLabelText(/Give what they own to/), "carol");
    await userEvent.click(transfer);
    await notified("User bob deleted; what they owned now belongs to carol.");
    const deletes = calls.filter((c) => c.method === "DELETE");
    expect(deletes.map((c) => c.query.get("transfer_resources_to"))).toEqual([null, "carol"]);
  });

  it("tells a non-admin that only administrators manage users, without asking the API", async () => {
    const calls = installApi((call) => {
      if (call.path === "/MAAS/accounts/session/") return { json: operator };
      return undefined;
    });
    renderAt("/users");
    await screen.findByText(/Only administrators manage users/);
    expect(screen.queryByRole("link", { name: "Users" })).toBeNull();
    expect(calls.some((c) => c.path === "/MAAS/api/2.0/users/")).toBe(false);
  });
});
