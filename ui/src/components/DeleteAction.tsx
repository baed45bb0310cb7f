import { useRef, useState } from "react";
import type { ReactNode } from "react";
import { ConfirmInline } from "./ConfirmInline";
import { ErrorMessage } from "./common";
import { useNotify } from "./Notifications";
import { errorText } from "../session";

/**
 * "Delete…" that asks first and reports the outcome in a notification; the API's refusal (for
 * example a VLAN that still has subnets) stays in the confirmation, in the API's words.
 */
export function DeleteAction(props: {
  what: string;
  /** What the delete takes with it, said in the confirmation. */
  consequence: ReactNode;
  onDelete: () => Promise<unknown>;
  onDeleted: () => void;
}) {
  const notify = useNotify();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const button = useRef<HTMLButtonElement>(null);
  const id = `delete-${props.what.replace(/[^A-Za-z0-9]+/g, "-")}`;
  async function remove() {
    setBusy(true);
    setFailure(null);
    try {
      await props.onDelete();
      setConfirming(false);
      notify("success", `${props.what} deleted.`);
      props.onDeleted();
    } catch (error) {
      setFailure(error);
      notify("error", `Deleting ${props.what}: ${errorText(error)}`);
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <button
        type="button"
        ref={button}
        className="button button--small"
        aria-label={`Delete ${props.what}`}
        onClick={() => setConfirming(true)}
      >
        Delete…
      </button>
      {confirming && (
        <ConfirmInline
          id={id}
          confirmLabel="Delete"
          busy={busy}
          onConfirm={() => void remove()}
          onCancel={() => {
            setConfirming(false);
            setFailure(null);
            button.current?.focus();
          }}
        >
          <p>
            Delete {props.what}? {props.consequence}
          </p>
          <ErrorMessage error={failure} title="The region refused:" />
        </ConfirmInline>
      )}
    </>
  );
}
