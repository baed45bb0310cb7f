import type { ReactNode } from "react";

/** A labelled form control with its API validation messages tied to it for screen readers. */
export function Field(props: {
  id: string;
  label: string;
  errors: string[];
  hint?: string;
  children: (describedBy: string | undefined, invalid: boolean) => ReactNode;
}) {
  const errorId = `${props.id}-error`;
  const hintId = `${props.id}-hint`;
  const describedBy =
    [props.hint ? hintId : null, props.errors.length ? errorId : null].filter(Boolean).join(" ") ||
    undefined;
  return (
    <div className={`field${props.errors.length ? " field--invalid" : ""}`}>
      <label htmlFor={props.id}>{props.label}</label>
      {props.children(describedBy, props.errors.length > 0)}
      {props.hint && (
        <p id={hintId} className="field__hint">
          {props.hint}
        </p>
      )}
      {props.errors.length > 0 && (
        <p id={errorId} className="field__error">
          {props.errors.join(" ")}
        </p>
      )}
    </div>
  );
}
