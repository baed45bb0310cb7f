import { useRef, useState } from "react";
import type { FormEvent } from "react";
import { ApiError } from "../api/http";
import type { FieldErrors, FormFields } from "../api/http";
import { Field } from "./Field";
import { ErrorMessage } from "./common";

export interface FieldSpec {
  name: string;
  label: string;
  kind?: "text" | "number" | "select" | "checkbox" | "password";
  /** For selects: value and label; "" is "none". */
  options?: { value: string; label: string }[];
  hint?: string;
}

export type Values = Record<string, string | boolean>;

/**
 * One form for creating or editing a network object. Nothing is checked here: the API's own
 * validation (MAAS's rules) answers, and each message appears beside the field it names.
 * Only fields the user changed are sent on an edit, so a save never rewrites what another
 * admin changed meanwhile in a field this form did not touch.
 */
export function ResourceForm(props: {
  title: string;
  fields: FieldSpec[];
  initial: Values;
  submitLabel: string;
  /** Send every field (create) or only the changed ones (edit). */
  sendAll?: boolean;
  onSubmit: (fields: FormFields) => Promise<unknown>;
  onDone: () => void;
}) {
  const [values, setValues] = useState<Values>(props.initial);
  const [errors, setErrors] = useState<FieldErrors | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const inFlight = useRef(false);
  const id = props.title.toLowerCase().replace(/[^a-z0-9]+/g, "-");

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (inFlight.current) return;
    const fields: FormFields = {};
    for (const f of props.fields) {
      if (props.sendAll || values[f.name] !== props.initial[f.name]) fields[f.name] = values[f.name];
    }
    if (Object.keys(fields).length === 0) return props.onDone();
    inFlight.current = true;
    setSaving(true);
    setErrors(null);
    setFailure(null);
    try {
      await props.onSubmit(fields);
      props.onDone();
    } catch (error) {
      if (error instanceof ApiError && error.fieldErrors) setErrors(error.fieldErrors);
      else setFailure(error);
    } finally {
      inFlight.current = false;
      setSaving(false);
    }
  }

  const known = new Set(props.fields.map((f) => f.name));
  const unplaced = errors ? Object.entries(errors).filter(([f]) => !known.has(f)) : [];
  return (
    <form className="card form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{props.title}</h2>
      <div className="form__grid">
        {props.fields.map((f) => (
          <Input
            key={f.name}
            spec={f}
            id={`${id}-${f.name}`}
            value={values[f.name]}
            errors={errors?.[f.name] ?? []}
            onChange={(v) => setValues({ ...values, [f.name]: v })}
          />
        ))}
      </div>
      {unplaced.map(([field, list]) => (
        <p key={field} className="field__error" role="alert">
          {field === "__all__" ? "" : `${field}: `}
          {list.join(" ")}
        </p>
      ))}
      <ErrorMessage error={failure} title="The region refused:" />
      <div className="button-row">
        <button type="submit" className="button button--primary" aria-disabled={saving}>
          {saving ? "Saving…" : props.submitLabel}
        </button>
        <button type="button" className="button" onClick={props.onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Input(props: {
  spec: FieldSpec;
  id: string;
  value: string | boolean | undefined;
  errors: string[];
  onChange: (value: string | boolean) => void;
}) {
  const { spec, id } = props;
  if (spec.kind === "checkbox") {
    return (
      <div className="field">
        <label className="checkbox">
          <input
            id={id}
            type="checkbox"
            checked={props.value === true}
            onChange={(e) => props.onChange(e.target.checked)}
          />
          {spec.label}
        </label>
        {props.errors.length > 0 && <p className="field__error">{props.errors.join(" ")}</p>}
      </div>
    );
  }
  return (
    <Field id={id} label={spec.label} errors={props.errors} hint={spec.hint}>
      {(describedBy, invalid) =>
        spec.kind === "select" ? (
          <select
            id={id}
            value={String(props.value ?? "")}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            onChange={(e) => props.onChange(e.target.value)}
          >
            {(spec.options ?? []).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        ) : (
          <input
            id={id}
            type={spec.kind === "number" || spec.kind === "password" ? spec.kind : "text"}
            autoComplete={spec.kind === "password" ? "new-password" : undefined}
            value={String(props.value ?? "")}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            onChange={(e) => props.onChange(e.target.value)}
          />
        )
      }
    </Field>
  );
}
