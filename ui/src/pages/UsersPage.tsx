import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import type { FormEvent } from "react";
import * as endpoints from "../api/endpoints";
import { ApiError } from "../api/http";
import type { FieldErrors } from "../api/http";
import type { User } from "../api/types";
import { ConfirmInline } from "../components/ConfirmInline";
import { ErrorMessage, Loading, PageHeader } from "../components/common";
import { Field } from "../components/Field";
import { useNotify } from "../components/Notifications";
import { POLL_MS } from "../queryClient";
import { errorText, useUser } from "../session";

/** Users, for administrators: list, add (with the admin flag) and delete, as MAAS's API allows. */
export function UsersPage() {
  const me = useUser();
  const [adding, setAdding] = useState(false);
  const addRef = useRef<HTMLButtonElement>(null);
  const users = useQuery({
    queryKey: ["users"],
    queryFn: endpoints.users,
    refetchInterval: POLL_MS,
    enabled: me.is_superuser,
  });
  if (!me.is_superuser) {
    return (
      <>
        <PageHeader title="Users" />
        <p>Only administrators manage users. Your own API keys are under API keys.</p>
      </>
    );
  }
  const close = () => {
    setAdding(false);
    addRef.current?.focus();
  };
  return (
    <>
      <PageHeader title="Users">
        <button
          type="button"
          ref={addRef}
          className="button"
          aria-expanded={adding}
          onClick={() => setAdding(!adding)}
        >
          Add user
        </button>
      </PageHeader>
      {adding && <AddUserForm onDone={close} />}
      <ErrorMessage error={users.error} title="Could not load users:" />
      {users.isPending && <Loading what="users" />}
      {users.data && (
        <div className="table-wrap">
          <table className="table table--cards" aria-label="Users">
            <thead>
              <tr>
                <th scope="col">Username</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((u) => (
                <UserRow key={u.username} user={u} others={users.data} self={me.username} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

const userFields = ["username", "email", "password", "is_superuser"];

function AddUserForm({ onDone }: { onDone: () => void }) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const [form, setForm] = useState({ username: "", email: "", password: "", is_superuser: false });
  const [errors, setErrors] = useState<FieldErrors | null>(null);
  const create = useMutation({
    mutationFn: endpoints.createUser,
    onSuccess: (user) => {
      void queryClient.invalidateQueries({ queryKey: ["users"] });
      notify("success", `User ${user.username} added.`);
      onDone();
    },
    onError: (error) => setErrors(error instanceof ApiError ? error.fieldErrors : null),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (create.isPending) return;
    setErrors(null);
    create.mutate(form);
  }
  const messages = (field: string) => errors?.[field] ?? [];
  const unplaced = errors
    ? Object.entries(errors).filter(([field]) => !userFields.includes(field))
    : [];
  const text = (field: "username" | "email" | "password", label: string, type: string) => (
    <Field id={`user-${field}`} label={label} errors={messages(field)}>
      {(describedBy, invalid) => (
        <input
          id={`user-${field}`}
          type={type}
          autoComplete={field === "password" ? "new-password" : "off"}
          value={form[field]}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          onChange={(e) => setForm({ ...form, [field]: e.target.value })}
        />
      )}
    </Field>
  );
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="add-user-title">
      <h2 id="add-user-title">Add user</h2>
      {text("username", "Username", "text")}
      {text("email", "Email", "email")}
      {text("password", "Password", "password")}
      <div className="field">
        <label>
          <input
            type="checkbox"
            checked={form.is_superuser}
            onChange={(e) => setForm({ ...form, is_superuser: e.target.checked })}
          />{" "}
          Administrator (manages controllers, networks, users and every machine)
        </label>
        {messages("is_superuser").length > 0 && (
          <p className="field__error">{messages("is_superuser").join(" ")}</p>
        )}
      </div>
      {unplaced.map(([field, list]) => (
        <p key={field} className="field__error" role="alert">
          {field === "__all__" ? "" : `${field}: `}
          {list.join(" ")}
        </p>
      ))}
      {!errors && <ErrorMessage error={create.error} title="Could not add the user:" />}
      <div className="button-row">
        <button type="submit" className="button button--primary" aria-disabled={create.isPending}>
          {create.isPending ? "Adding…" : "Add user"}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function UserRow({ user, others, self }: { user: User; others: User[]; self: string }) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const [confirming, setConfirming] = useState(false);
  const [transferTo, setTransferTo] = useState("");
  const deleteRef = useRef<HTMLButtonElement>(null);
  const remove = useMutation({
    mutationFn: () => endpoints.deleteUser(user.username, transferTo || undefined),
    onSuccess: () => {
      setConfirming(false);
      void queryClient.invalidateQueries({ queryKey: ["users"] });
      notify(
        "success",
        transferTo
          ? `User ${user.username} deleted; what they owned now belongs to ${transferTo}.`
          : `User ${user.username} deleted.`,
      );
    },
    onError: (error) => notify("error", `Deleting ${user.username}: ${errorText(error)}`),
  });
  const isSelf = user.username === self;
  // MAAS keeps a user who still owns machines or addresses unless they are handed over.
  const stillOwns = remove.error instanceof ApiError && remove.error.status === 400;
  const cancel = () => {
    setConfirming(false);
    remove.reset();
    deleteRef.current?.focus();
  };
  return (
    <tr>
      <th scope="row">{user.username}</th>
      <td data-label="Email">{user.email || "—"}</td>
      <td data-label="Role">{user.is_superuser ? "Administrator" : "User"}</td>
      <td data-label="Actions">
        <button
          type="button"
          ref={deleteRef}
          className="button button--small"
          aria-disabled={isSelf}
          title={isSelf ? "You cannot delete yourself" : undefined}
          aria-label={`Delete user ${user.username}`}
          onClick={() => !isSelf && setConfirming(true)}
        >
          Delete…
        </button>
        {confirming && (
          <ConfirmInline
            id={`delete-user-${user.username}`}
            confirmLabel={stillOwns ? "Transfer and delete" : "Delete"}
            busy={remove.isPending || (stillOwns && !transferTo)}
            onConfirm={() => remove.mutate()}
            onCancel={cancel}
          >
            <p>
              Delete user <strong>{user.username}</strong>? Their API keys stop working at once.
            </p>
            <ErrorMessage error={remove.error} title="The region refused:" />
            {stillOwns && (
              <label className="confirm-name">
                Give what they own to
                <select value={transferTo} onChange={(e) => setTransferTo(e.target.value)}>
                  <option value="">Choose a user</option>
                  {others
                    .filter((o) => o.username !== user.username)
                    .map((o) => (
                      <option key={o.username} value={o.username}>
                        {o.username}
                      </option>
                    ))}
                </select>
              </label>
            )}
          </ConfirmInline>
        )}
      </td>
    </tr>
  );
}
