import { AppError } from '../http/app-error.ts';

/**
 * 密码规则: 8 to 64 characters with at least three of upper case, lower case, digits and symbols,
 * and not containing the login name. Returns the reason, or null when the password is acceptable.
 */
export function passwordWeakness(password: string, username: string): string | null {
  if (password.length < 8) return '密码至少8位';
  if (password.length > 64) return '密码不能超过64位';
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z\d]/].filter((pattern) => pattern.test(password)).length;
  if (classes < 3) return '密码须包含大写字母、小写字母、数字、符号中的至少三种';
  if (username && password.toLowerCase().includes(username.toLowerCase())) return '密码不能包含登录名';
  return null;
}

export function assertStrongPassword(password: string, username: string, field = 'password'): void {
  const weakness = passwordWeakness(password, username);
  if (weakness) throw new AppError('VALIDATION_FAILED', weakness, [{ name: field, reason: weakness }]);
}
