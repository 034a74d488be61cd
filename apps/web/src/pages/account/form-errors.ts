import type { FormInstance } from 'antd';
import { isApiError } from '../../api/http-client';

/** Puts the server's per-field reasons next to the fields of the form that has them. */
export function showFieldErrors(form: FormInstance, error: unknown, fieldNames: readonly string[]): void {
  if (!isApiError(error) || !error.invalidParams) return;
  form.setFields(
    error.invalidParams
      .filter((param) => fieldNames.includes(param.name))
      .map((param) => ({ name: param.name, errors: [param.reason] })),
  );
}

/** True when the server asks for a (new) image captcha. */
export function isCaptchaProblem(error: unknown): boolean {
  return isApiError(error) && (error.invalidParams ?? []).some((param) => param.name === 'captcha');
}
