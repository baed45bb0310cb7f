import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import type { FormEvent } from "react";
import * as endpoints from "../api/endpoints";
import type { ApiKey } from "../api/types";
import { ConfirmInline } from "../components/ConfirmInline";
import { CopyButton, ErrorMessage, Loading, PageHeader } from "../components/common";
import { useNotify } from "../components/Notifications";
import { POLL_MS } from "../queryClient";
import { errorText, useUser } from "../session";

/** The logged-in user's API keys: what `maas login` takes, generated from the browser. */
export function ApiKeysPage() {
  const me = useUser();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const [name, setName] = useState("");
  // Polled like every page: a key deleted with the CLI disappears here too.
  const keys = useQuery({
    queryKey: ["apikeys"],
    queryFn: endpoints.apiKeys,
    refetchInterval: POLL_MS,
  });
  const create = useMutation({
    mutationFn: endpoints.createApiKey,
    onSuccess: (key) => {
      setName("");
      // Shown at once, whatever a list request already in flight answers.
      const token = `${key.consumer_key}:${key.token_key}:${key.token_secret}`;
      queryClient.setQueryData<ApiKey[]>(["apikeys"], (list) => [
        ...(list ?? []).filter((k) => k.token !== token),
        { name: key.name, token },
      ]);
      void queryClient.invalidateQueries({ queryKey: ["apikeys"] });
      notify("success", `API key ${key.name || "(unnamed)"} generated.`);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!create.isPending) create.mutate(name.trim());
  }
  const url = `${window.location.origin}/MAAS/`;
  return (
    <>
      <PageHeader title="API keys" />
      <p>
        Keys of <strong>{me.username}</strong>. Log the command-line client in with one:{" "}
        <code>
          maas login {me.username} {url} KEY
        </code>
      </p>
      <form className="card form form--inline" onSubmit={submit} aria-labelledby="new-key-title">
        <h2 id="new-key-title">Generate a key</h2>
        <label htmlFor="key-name">Name (what the key is for)</label>
        <input id="key-name" value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="button button--primary" aria-disabled={create.isPending}>
          {create.isPending ? "Generating…" : "Generate key"}
        </button>
        <ErrorMessage error={create.error} title="Could not generate a key:" />
      </form>
      <ErrorMessage error={keys.error} title="Could not load your API keys:" />
      {keys.isPending && <Loading what="API keys" />}
      {keys.data && keys.data.length === 0 && <p>You have no API keys.</p>}
      {keys.data && keys.data.length > 0 && (
        <div className="table-wrap">
          <table className="table table--cards" aria-label="API keys">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {keys.data.map((k) => (
                <KeyRow key={k.token} apiKey={k} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function KeyRow({ apiKey }: { apiKey: ApiKey }) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const [confirming, setConfirming] = useState(false);
  const deleteRef = useRef<HTMLButtonElement>(null);
  const tokenKey = apiKey.token.split(":")[1] ?? "";
  const label = apiKey.name || "unnamed key";
  const remove = useMutation({
    mutationFn: () => endpoints.deleteApiKey(tokenKey),
    onSuccess: () => {
      setConfirming(false);
      void queryClient.invalidateQueries({ queryKey: ["apikeys"] });
      notify("success", `API key ${label} deleted.`);
    },
    onError: (error) => notify("error", `Deleting API key ${label}: ${errorText(error)}`),
  });
  return (
    <tr>
      <th scope="row">{apiKey.name || <span className="muted">unnamed</span>}</th>
      <td data-label="Key">
        <code className="break">{apiKey.token}</code>{" "}
        <CopyButton text={apiKey.token} label={`Copy API key ${label}`} />
      </td>
      <td data-label="Actions">
        <button
          type="button"
          ref={deleteRef}
          className="button button--small"
          aria-label={`Delete API key ${label}`}
          onClick={() => setConfirming(true)}
        >
          Delete…
        </button>
        {confirming && (
          <ConfirmInline
            id={`delete-key-${tokenKey}`}
            confirmLabel="Delete key"
            busy={remove.isPending}
            onConfirm={() => remove.mutate()}
            onCancel={() => {
              setConfirming(false);
              deleteRef.current?.focus();
            }}
          >
            <p>
              Delete API key <strong>{label}</strong>? Every client logged in with it is refused
              from then on.
            </p>
          </ConfirmInline>
        )}
      </td>
    </tr>
  );
}
