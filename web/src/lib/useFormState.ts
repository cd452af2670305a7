import { useCallback, useState } from 'react';
import type { FieldErrors } from './validation';

/**
 * The small amount of form state every form here needs: values, field errors (cleared as the person
 * edits a field) and a form-level message.
 */
export function useFormState<T extends object>(initial: T | (() => T)) {
  const [values, setValues] = useState<T>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const setValue = useCallback(<K extends keyof T>(key: K, value: T[K]) => {
    setValues((current) => ({ ...current, [key]: value }));
    setErrors((current) => {
      const name = String(key);
      if (!Object.keys(current).some((k) => k === name || k.startsWith(`${name}.`))) return current;
      return Object.fromEntries(
        Object.entries(current).filter(([k]) => k !== name && !k.startsWith(`${name}.`)),
      );
    });
  }, []);

  return { values, setValues, setValue, errors, setErrors, formError, setFormError };
}

/** Moves focus to the first field marked invalid, after React has rendered the errors. */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  requestAnimationFrame(() => {
    const field = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
    field?.focus();
  });
}
