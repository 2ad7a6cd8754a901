import { Alert, Button, Card, Flex, Form, Input, Result, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { showFormError, useUserRules } from '../components/forms';

interface ResetForm {
  newPassword: string;
  confirm: string;
}

/**
 * The public page of an admin-issued reset link (`/reset-password#<token>`): the token is in the fragment,
 * which the browser never sends to a server or in a Referer. Setting a new password ends every session.
 */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const rules = useUserRules();
  const [form] = Form.useForm<ResetForm>();
  const [token] = useState(() => window.location.hash.replace(/^#/, ''));
  const [done, setDone] = useState(false);
  const [submitting, setSubmitting] = useState(false);

  async function onFinish(values: ResetForm) {
    setSubmitting(true);
    try {
      await api.post('/auth/password-reset', { token, newPassword: values.newPassword });
      setDone(true);
    } catch (error) {
      showFormError(form, error, ['newPassword', 'token'], { token: 'newPassword' });
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh', padding: 16 }}>
      <Card style={{ width: 440, maxWidth: '100%' }} title={t('reset.title')} extra={<LanguageSwitch />} data-testid="reset-page">
        {done ? (
          <Result
            status="success"
            title={t('reset.done')}
            extra={
              <Link to="/login" data-testid="reset-to-login">
                {t('reset.toLogin')}
              </Link>
            }
          />
        ) : !token ? (
          <Alert type="warning" showIcon message={t('reset.noToken')} />
        ) : (
          <Form<ResetForm> form={form} layout="vertical" onFinish={onFinish}>
            <Typography.Paragraph type="secondary">{t('reset.intro')}</Typography.Paragraph>
            <Form.Item name="newPassword" label={t('account.password.new')} extra={t('account.password.hint')} rules={rules.password}>
              <Input.Password autoComplete="new-password" data-testid="reset-password" />
            </Form.Item>
            <Form.Item name="confirm" label={t('users.form.passwordConfirm')} dependencies={['newPassword']} rules={rules.confirm('newPassword')}>
              <Input.Password autoComplete="new-password" data-testid="reset-confirm" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={submitting} data-testid="reset-submit">
              {t('reset.submit')}
            </Button>
          </Form>
        )}
      </Card>
    </Flex>
  );
}
