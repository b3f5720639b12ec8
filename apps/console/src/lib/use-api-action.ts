import { useCallback, useState } from 'react';
import { ApiError, type FieldError } from '../api.client';

/**
 * A form's call to the API: `run(call, done)` clears the last outcome, awaits the call and shows
 * `done`, or the API's `status: message` with its field errors (shown by FieldErrors). Anything
 * but an API refusal is rethrown.
 */
export function useApiAction() {
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const run = useCallback(async (call: () => Promise<unknown>, done?: string) => {
    setErrors([]);
    setMessage(null);
    try {
      await call();
      if (done) setMessage(done);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      setErrors(e.errors);
      setMessage(`${e.status}: ${e.message}`);
    }
  }, []);
  return { errors, message, run };
}
