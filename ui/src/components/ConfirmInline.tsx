import { useEffect, useRef } from "react";
import type { ReactNode } from "react";

/**
 * A confirmation that opens in place of a destructive button: focus moves into it (the button
 * that opened it may be gone), and Cancel hands focus back through onCancel.
 */
export function ConfirmInline(props: {
  id: string;
  children: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="confirm" role="group" aria-labelledby={props.id} tabIndex={-1} ref={ref}>
      <div id={props.id}>{props.children}</div>
      <div className="button-row">
        <button
          type="button"
          className="button button--danger"
          aria-disabled={props.busy}
          onClick={() => !props.busy && props.onConfirm()}
        >
          {props.confirmLabel}
        </button>
        <button type="button" className="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
