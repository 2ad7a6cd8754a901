import type { FormInstance } from 'antd';
import { ApiError, notifyError } from '../api';
import i18n from '../i18n/index.ts';

/** The words for an error shown under the field it concerns. */
function fieldMessage(error: ApiError, path: string): string {
  if (error.code === 'conflict' && (path === 'email' || path.endsWith('.email'))) return i18n.t('errors.emailTaken');
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
export const MIN_PASSWORD_LENGTH = 8;
/** The server's limit for names (users, orgs, tokens). */
export const MAX_NAME_LENGTH = 200;
