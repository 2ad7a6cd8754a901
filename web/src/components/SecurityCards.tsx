import { App, Button, Card, Form, Input, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, notifyError } from '../api/client';
import { formatInstant } from '../format';
import { useLoad, useLocale } from '../hooks';
import { showFormError, useUserRules } from './forms';

interface ChangeForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** Change one's own password with the current one; the server ends the user's other sessions. */
export function ChangePasswordCard({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = useUserRules();
  const [form] = Form.useForm<ChangeForm>();
  const [submitting, setSubmitting] = useState(false);

  async function onFinish(values: ChangeForm) {
    setSubmitting(true);
    try {
      await api.post('/auth/password', { currentPassword: values.currentPassword, newPassword: values.newPassword });
      form.resetFields();
      void message.success(t('account.password.changed'));
      onChanged();
    } catch (error) {
      showFormError(form, error, ['currentPassword', 'newPassword']);
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Card title={t('account.password.title')} data-testid="account-password">
      <Form<ChangeForm> form={form} layout="vertical" onFinish={onFinish} style={{ maxWidth: 420 }}>
        <Form.Item name="currentPassword" label={t('account.password.current')} rules={[{ required: true, message: t('users.form.passwordRequired') }]}>
          <Input.Password autoComplete="current-password" data-testid="password-current" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('account.password.new')} extra={t('account.password.hint')} rules={rules.password}>
          <Input.Password autoComplete="new-password" data-testid="password-new" />
        </Form.Item>
        <Form.Item name="confirm" label={t('users.form.passwordConfirm')} dependencies={['newPassword']} rules={rules.confirm('newPassword')}>
          <Input.Password autoComplete="new-password" data-testid="password-confirm" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={submitting} data-testid="password-submit">
          {t('account.password.submit')}
        </Button>
      </Form>
    </Card>
  );
}

interface OwnSession {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
  address: string | null;
  current: boolean;
}

/** The user's own signed-in devices, with a way to end any other one. */
export function SessionsCard({ reloadKey }: { reloadKey: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const sessions = useLoad((signal) => api.get<{ items: OwnSession[] }>('/auth/sessions', { signal }), [reloadKey]);
  const [revoking, setRevoking] = useState<string | null>(null);

  async function revoke(id: string) {
    setRevoking(id);
    try {
      await api.post(`/auth/sessions/${encodeURIComponent(id)}/revoke`);
      sessions.setData((current) => current && { items: current.items.filter((s) => s.id !== id) });
      void message.success(t('account.sessions.revoked'));
    } catch (error) {
      notifyError(error);
    } finally {
      setRevoking(null);
    }
  }

  return (
    <Card title={t('account.sessions.title')} data-testid="account-sessions">
      <Table<OwnSession>
        rowKey="id"
        size="small"
        loading={sessions.loading}
        dataSource={sessions.data?.items ?? []}
        pagination={false}
        scroll={{ x: 640 }}
        columns={[
          {
            key: 'device',
            title: t('account.sessions.device'),
            render: (_: unknown, s) => (
              <Space size={6} wrap>
                <Typography.Text ellipsis style={{ maxWidth: 320 }} title={s.userAgent ?? undefined}>
                  {s.userAgent ?? t('common.none')}
                </Typography.Text>
                {s.current ? <Tag color="processing">{t('account.sessions.current')}</Tag> : null}
              </Space>
            ),
          },
          { key: 'address', title: t('account.sessions.address'), dataIndex: 'address', render: (a: string | null) => a ?? t('common.none') },
          { key: 'createdAt', title: t('account.sessions.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatInstant(v, locale) },
          { key: 'lastSeenAt', title: t('account.sessions.lastSeenAt'), dataIndex: 'lastSeenAt', render: (v: string) => formatInstant(v, locale) },
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_: unknown, s) =>
              s.current ? null : (
                <Popconfirm
                  title={t('account.sessions.revokeConfirm')}
                  okText={t('account.sessions.revoke')}
                  cancelText={t('common.cancel')}
                  okButtonProps={{ danger: true, 'data-testid': 'session-revoke-confirm' }}
                  onConfirm={() => revoke(s.id)}
                >
                  <Button type="link" size="small" danger loading={revoking === s.id} style={{ paddingInline: 0 }} data-testid="session-revoke">
                    {t('account.sessions.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </Card>
  );
}
