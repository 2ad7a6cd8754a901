import type { FormInstance, FormItemProps, FormRule } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, notifyError } from '../api/client';
import i18n from '../i18n/index.ts';

/** The words for an error shown under the field it concerns. */
function fieldMessage(error: ApiError, path: string): string {
  if (path.endsWith('assword') && /too easy to guess/.test(error.message)) return i18n.t('errors.passwordWeak');
  const reason = (error.details as { reason?: unknown } | null | undefined)?.reason;
  if (reason === 'email_unavailable' || (error.code === 'conflict' && (path === 'email' || path.endsWith('.email')))) return i18n.t('errors.emailTaken');
  // The server prefixes its message with the field ("email: must be …"); under the field that is said already.
  const message = error.message.replace(/^[\w.]+:\s*/, '');
  return i18n.t('errors.withMessage', { summary: i18n.t(`errors.${error.code as 'conflict'}`), message });
}

/**
 * Puts an API error on the form field it names (`invalid_input` with `details.field`, or a `conflict`
 * on a unique field), or shows it as a message. Returns whether the error landed on a field.
 */
export function showFormError(form: FormInstance, error: unknown, fields: readonly string[], fieldAlias: Record<string, string> = {}): boolean {
  if (error instanceof ApiError && (error.code === 'invalid_input' || error.code === 'conflict')) {
    const named = error.field ?? (error.code === 'conflict' ? fields.find((field) => error.message.toLowerCase().includes(field.toLowerCase())) : undefined);
    const path = named ? (fieldAlias[named] ?? named) : undefined;
    if (path && fields.includes(path)) {
      form.setFields([{ name: path.split('.'), errors: [fieldMessage(error, path)] }]);
      return true;
    }
  }
  notifyError(error);
  return false;
}

export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const MIN_PASSWORD_LENGTH = 10;
/** The server's limit for names (users, orgs, tokens). */
export const MAX_NAME_LENGTH = 200;

/**
 * The checks of a person's fields wherever a user is created or renamed (an org's members, an org's first admin):
 * the server's limits, said before the request.
 */
export function useUserRules() {
  const { t } = useTranslation();
  const email: FormRule[] = [
    { required: true, whitespace: true, message: t('users.form.emailRequired') },
    { pattern: EMAIL_PATTERN, message: t('users.form.emailInvalid') },
  ];
  const name: FormRule[] = [
    { required: true, whitespace: true, message: t('users.form.nameRequired') },
    { max: MAX_NAME_LENGTH, message: t('users.form.nameTooLong', { max: MAX_NAME_LENGTH }) },
  ];
  const password: FormRule[] = [
    { required: true, message: t('users.form.passwordRequired') },
    { min: MIN_PASSWORD_LENGTH, message: t('users.form.passwordTooShort', { min: MIN_PASSWORD_LENGTH }) },
  ];
  /** The password typed again, equal to the one at `passwordField`. */
  const confirm = (passwordField: NonNullable<FormItemProps['name']>): FormRule[] => [
    { required: true, message: t('users.form.passwordConfirmRequired') },
    ({ getFieldValue }) => ({
      validator: (_, value) => (!value || getFieldValue(passwordField) === value ? Promise.resolve() : Promise.reject(new Error(t('users.form.passwordMismatch')))),
    }),
  ];
  return { email, name, password, confirm };
}
