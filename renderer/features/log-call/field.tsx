// One labelled control with its hint and error, wired for assistive tech:
// the label names the control, aria-describedby reads the error (then the
// hint), aria-invalid marks it. Settings uses it too, so both pages read alike.
import type { ReactNode } from 'react';

export interface ControlA11y {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

interface FieldProps {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  className?: string;
  children: (a11y: ControlA11y) => ReactNode;
}

export function controlA11y(id: string, error: string | undefined, hasHint: boolean): ControlA11y {
  const ids = [error ? `${id}-error` : null, hasHint ? `${id}-hint` : null].filter(Boolean);
  return { id, 'aria-invalid': Boolean(error), 'aria-describedby': ids.length ? ids.join(' ') : undefined };
}

export function Field({ id, label, error, hint, className, children }: FieldProps) {
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children(controlA11y(id, error, hint !== undefined))}
      <FieldError id={id} error={error} />
      {hint !== undefined && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
    </div>
  );
}

/** The error line for control `id`; rendered only when there is one, so it is read once. */
export function FieldError({ id, error }: { id: string; error: string | undefined }) {
  if (!error) return null;
  return (
    <p id={`${id}-error`} className="field-error">
      {error}
    </p>
  );
}
