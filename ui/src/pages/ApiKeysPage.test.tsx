import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { installApi, notified, operator, renderAt } from "../test/render";

afterEach(() => vi.unstubAllGlobals());

describe("API keys", () => {
  it("lists, generates and deletes the user's own keys", async () => {
    let keys = [{ name: "ci", token: "ckey1:tkey1:secret1" }];
    const calls = installApi((call) => {
      if (call.path === "/MAAS/accounts/session/") return { json: operator };
      if (call.path !== "/MAAS/api/2.0/account/") return undefined;
      const op = call.query.get("op");
      if (op === "list_authorisation_tokens") return { json: keys };
      if (op === "create_authorisation_token") {
        keys = [...keys, { name: call.form.get("name") ?? "", token: "ckey2:tkey2:secret2" }];
        return {
          json: { name: "laptop", consumer_key: "ckey2", token_key: "tkey2", token_secret: "secret2" },
        };
      }
      if (op === "delete_authorisation_token") {
        keys = keys.filter((k) => k.token.split(":")[1] !== call.form.get("token_key"));
        return { status: 204 };
      }
      return undefined;
    });
    renderAt("/account/api-keys");
    await screen.findByText("ckey1:tkey1:secret1");
    expect(screen.getByText(/maas login operator http:\/\/localhost(:\d+)?\/MAAS\/ KEY/)).toBeTruthy();
    await userEvent.type(screen.getByLabelText(/Name/), "laptop");
    await userEvent.click(screen.getByRole("button", { name: "Generate key" }));
    await screen.findByText("ckey2:tkey2:secret2");
    await userEvent.click(screen.getByRole("button", { name: "Delete API key ci" }));
    const confirm = screen.getByRole("group");
    await userEvent.click(within(confirm).getByRole("button", { name: "Delete key" }));
    await notified("API key ci deleted.");
    expect(screen.queryByText("ckey1:tkey1:secret1")).toBeNull();
    const posts = calls.filter((c) => c.method === "POST");
    expect(posts.map((c) => [c.query.get("op"), Object.fromEntries(c.form)])).toEqual([
      ["create_authorisation_token", { name: "laptop" }],
      ["delete_authorisation_token", { token_key: "tkey1" }],
    ]);
    expect(posts.every((c) => c.headers["X-CSRFToken"] === "csrf-op")).toBe(true);
  });
});
