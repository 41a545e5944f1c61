// The API key is write-only. The input is uncontrolled and outside the form
// library, so the key lives only in this one DOM input until it is sent with
// setKey and the input is emptied; what the page shows afterwards is main's
// { hasKey, hint } ("ends with abcd"), never the key. It is not put in the
// query cache (TanStack mutations keep their variables, so none is used here),
// in storage, in a URL or in the console.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type RefObject } from 'react';
import { call } from '../../bridge';
import { keys } from '../../app/query';
import { controlA11y, FieldError } from '../log-call/field';

interface ApiKeyFieldProps {
  inputRef: RefObject<HTMLInputElement | null>;
  error: string | null;
  useSandbox: boolean;
  /** Whether something is typed (not what). */
  onTypedChange: (typed: boolean) => void;
}

export const API_KEY_INPUT_ID = 's-api-key';

export function ApiKeyField({ inputRef, error, useSandbox, onTypedChange }: ApiKeyFieldProps) {
  const qc = useQueryClient();
  const status = useQuery({ queryKey: keys.keyStatus, queryFn: () => call('getKeyStatus') });
  const [clearError, setClearError] = useState<string | null>(null);
  const [clearing, setClearing] = useState(false);

  const clear = async () => {
    setClearing(true);
    setClearError(null);
    try {
      qc.setQueryData(keys.keyStatus, await call('clearKey'));
      void qc.invalidateQueries({ queryKey: keys.connection });
      // The Clear button is gone now; the natural next step is pasting a new key.
      inputRef.current?.focus();
    } catch (err) {
      setClearError(`The key could not be cleared: ${(err as Error).message}`);
    } finally {
      setClearing(false);
    }
  };

  const s = status.data;
  const a11y = controlA11y(API_KEY_INPUT_ID, error ?? undefined, true);
  return (
    <div className="field">
      <label htmlFor={API_KEY_INPUT_ID}>API key</label>
      <input
        {...a11y}
        ref={inputRef}
        name="apiKey"
        type="password"
        autoComplete="off"
        spellCheck={false}
        placeholder={s?.hasKey ? 'Type a new key to replace the saved one' : 'Paste the key from LeadSquared'}
        onInput={(e) => onTypedChange(e.currentTarget.value !== '')}
      />
      <FieldError id={API_KEY_INPUT_ID} error={error ?? undefined} />
      <div id={`${API_KEY_INPUT_ID}-hint`} className="hint key-status">
        {status.isError && <span>The key’s status could not be read: {status.error.message}</span>}
        {s?.hasKey && (
          <>
            <span>
              {s.forCurrentHost
                ? `Saved for ${s.host}, ends with ${s.hint}`
                : `Saved for ${s.host ?? 'another host'}, ends with ${s.hint}: not sent to the host above. Paste the key again to use it there.`}
            </span>{' '}
            <button type="button" className="button button-small" onClick={() => void clear()} disabled={clearing}>
              Clear
            </button>
          </>
        )}
        {s && !s.hasKey && <span>No key saved. It is stored encrypted on this computer and never shown again.</span>}
        {useSandbox && <span> Not used while “Use sandbox” is on.</span>}
        {s && <span className="key-protection"> Protection: {s.protection}.</span>}
      </div>
      {s?.warning && (
        <p className="warning" role="note">
          {s.warning}
        </p>
      )}
      {clearError && (
        <p className="field-error" role="alert">
          {clearError}
        </p>
      )}
    </div>
  );
}
