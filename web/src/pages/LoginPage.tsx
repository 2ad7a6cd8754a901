import { CheckCircleFilled, LockOutlined, MailOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Grid, Input, Typography, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, describeError } from '../api/client';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { EMAIL_PATTERN } from '../components/forms';
import { Logo } from '../layout/Brand';
import { useSessionContext } from '../session';

interface LoginForm {
  email: string;
  password: string;
}

const PITCH = ['terms', 'followUp', 'remedies', 'escrow', 'audit'] as const;

/** Only same-site paths may be returned to after login. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

export function LoginPage() {
  const { t } = useTranslation();
  const { login } = useSessionContext();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const screens = Grid.useBreakpoint();
  const { token } = theme.useToken();
  const [form] = Form.useForm<LoginForm>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function onFinish(values: LoginForm) {
    setSubmitting(true);
    setError(null);
    try {
      await login(values.email.trim(), values.password);
      void navigate(safeNext(params.get('next')), { replace: true });
    } catch (reason) {
      setError(reason);
      if (reason instanceof ApiError && reason.status === 401) form.setFieldValue('password', '');
    } finally {
      setSubmitting(false);
    }
  }

  // Worded at render time, so switching the language re-words a visible error too.
  function errorText(reason: unknown): string {
    if (reason instanceof ApiError && reason.status === 401) return t('login.badCredentials');
    if (reason instanceof ApiError && reason.code === 'rate_limited') {
      const seconds = reason.retryAfterSeconds;
      if (!seconds) return t('login.rateLimited');
      return seconds >= 120
        ? t('login.rateLimitedMinutes', { minutes: Math.ceil(seconds / 60) })
        : t('login.rateLimitedSeconds', { seconds });
    }
    return describeError(reason);
  }

  const brandPanel = (
    <Flex
      vertical
      justify="space-between"
      style={{
        flex: '1 1 0',
        padding: '48px 56px',
        color: '#fff',
        background: `linear-gradient(135deg, ${token.colorPrimary} 0%, #0b2a6f 100%)`,
      }}
    >
      <Flex align="center" gap={12}>
        <svg width={36} height={36} viewBox="0 0 64 64" aria-hidden="true">
          <rect width="64" height="64" rx="14" fill="#fff" />
          <path d="M18 33l9 9 19-20" fill="none" stroke={token.colorPrimary} strokeWidth="7" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        <span style={{ fontSize: 22, fontWeight: 600, letterSpacing: 1 }}>{t('app.fullName')}</span>
      </Flex>
      <div style={{ maxWidth: 520 }}>
        <div style={{ fontSize: 40, fontWeight: 700, lineHeight: 1.25, marginBottom: 16 }} data-testid="login-motto">
          {t('app.motto')}
        </div>
        <div style={{ fontSize: 16, opacity: 0.85, marginBottom: 32 }}>{t('login.pitchTitle')}</div>
        <Flex vertical gap={14}>
          {PITCH.map((key) => (
            <Flex key={key} gap={10} align="flex-start" style={{ fontSize: 15, opacity: 0.95 }}>
              <CheckCircleFilled style={{ marginTop: 4, color: '#7dd3fc' }} />
              <span>{t(`login.pitch.${key}`)}</span>
            </Flex>
          ))}
        </Flex>
      </div>
      <div style={{ opacity: 0.7, fontSize: 13 }}>{t('app.tagline')} · 稳聘 Tenure</div>
    </Flex>
  );

  return (
    <Flex style={{ minHeight: '100vh', background: token.colorBgLayout }}>
      {screens.lg ? brandPanel : null}
      <Flex vertical style={{ flex: screens.lg ? '0 0 520px' : '1 1 auto', background: token.colorBgContainer }}>
        <Flex justify="flex-end" style={{ padding: 16 }}>
          <LanguageSwitch type="default" />
        </Flex>
        <Flex vertical justify="center" style={{ flex: 1, padding: screens.sm ? '0 64px 64px' : '0 24px 48px' }}>
          {screens.lg ? null : (
            <Flex vertical align="center" gap={8} style={{ marginBottom: 32 }}>
              <Logo size={44} />
              <Typography.Title level={3} style={{ margin: 0 }}>
                {t('app.fullName')}
              </Typography.Title>
              <Typography.Text type="secondary">{t('app.motto')}</Typography.Text>
            </Flex>
          )}
          <Card variant="borderless" styles={{ body: { padding: 0 } }}>
            <Typography.Title level={2} style={{ marginTop: 0, marginBottom: 4 }} data-testid="login-title">
              {t('login.welcome')}
            </Typography.Title>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 28 }}>
              {t('login.subtitle')}
            </Typography.Paragraph>
            {error ? (
              <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 20 }} data-testid="login-error" role="alert" />
            ) : null}
            <Form<LoginForm> form={form} layout="vertical" requiredMark={false} onFinish={onFinish} size="large" autoComplete="on">
              <Form.Item
                name="email"
                label={t('login.email')}
                rules={[
                  { required: true, whitespace: true, message: t('login.emailRequired') },
                  { pattern: EMAIL_PATTERN, message: t('login.emailInvalid') },
                ]}
              >
                <Input
                  prefix={<MailOutlined />}
                  placeholder={t('login.emailPlaceholder')}
                  autoComplete="username"
                  inputMode="email"
                  autoFocus
                  data-testid="login-email"
                />
              </Form.Item>
              <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
                <Input.Password
                  prefix={<LockOutlined />}
                  placeholder={t('login.passwordPlaceholder')}
                  autoComplete="current-password"
                  data-testid="login-password"
                />
              </Form.Item>
              <Form.Item style={{ marginBottom: 0, marginTop: 8 }}>
                <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
                  {t('login.submit')}
                </Button>
              </Form.Item>
            </Form>
          </Card>
        </Flex>
      </Flex>
    </Flex>
  );
}
