import { KeyOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Card, Empty, Form, Input, Modal, Popconfirm, Table, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, notifyError } from '../api/client';
import { formatInstant } from '../format';
import { useLoad, useLocale } from '../hooks';
import type { ApiToken, CreatedApiToken } from '../api/identity';
import type { Items } from '../api/contract';
import { LoadError } from './LoadError';
import { Mono } from './Mono';
import { MAX_NAME_LENGTH, showFormError } from './forms';
import { pagesOver } from './tables';

interface CreateForm {
  name: string;
}

/** An org admin's API tokens: list, create (the secret is shown once), revoke. */
export function ApiTokensCard({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateForm>();
  const [creating, setCreating] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);
  const path = `/orgs/${encodeURIComponent(orgId)}/api-tokens`;
  const tokens = useLoad((signal) => api.get<Items<ApiToken>>(path, { signal }), [path]);

  async function onCreate(values: CreateForm) {
    setSubmitting(true);
    try {
      const token = await api.post<CreatedApiToken>(path, { name: values.name.trim() });
      setCreating(false);
      setCreated(token);
      tokens.reload();
    } catch (error) {
      showFormError(form, error, ['name']);
    } finally {
      setSubmitting(false);
    }
  }

  async function onRevoke(token: ApiToken) {
    setRevoking(token.id);
    try {
      await api.post<void>(`/api-tokens/${encodeURIComponent(token.id)}/revoke`);
      void message.success(t('account.tokens.revokedOk', { name: token.name }));
      tokens.reload();
    } catch (error) {
      notifyError(error);
    } finally {
      setRevoking(null);
    }
  }

  const items = [...(tokens.data?.items ?? [])].sort(
    (a, b) => Number(Boolean(a.revokedAt)) - Number(Boolean(b.revokedAt)) || b.createdAt.localeCompare(a.createdAt),
  );

  return (
    <Card
      title={t('account.tokens.title')}
      data-testid="api-tokens"
      extra={
        <>
          <Tooltip title={t('common.refresh')}>
            <Button type="text" icon={<ReloadOutlined />} onClick={tokens.reload} aria-label={t('common.refresh')} />
          </Tooltip>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="token-create">
            {t('account.tokens.create')}
          </Button>
        </>
      }
    >
      <Typography.Paragraph type="secondary">{t('account.tokens.description')}</Typography.Paragraph>
      {tokens.error && !tokens.data ? (
        <LoadError error={tokens.error} onRetry={tokens.reload} />
      ) : (
        <Table<ApiToken>
          rowKey="id"
          size="middle"
          loading={tokens.loading}
          dataSource={items}
          pagination={pagesOver(items.length, 10)}
          scroll={{ x: 640 }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('account.tokens.empty')} /> }}
          columns={[
            {
              key: 'name',
              title: t('account.tokens.name'),
              dataIndex: 'name',
              render: (name: string) => (
                <Typography.Text strong>
                  <KeyOutlined style={{ marginInlineEnd: 8 }} />
                  {name}
                </Typography.Text>
              ),
            },
            { key: 'createdAt', title: t('account.tokens.createdAt'), dataIndex: 'createdAt', render: (value: string) => formatInstant(value, locale) },
            {
              key: 'lastUsedAt',
              title: t('account.tokens.lastUsedAt'),
              dataIndex: 'lastUsedAt',
              render: (value: string | null) => (value ? formatInstant(value, locale) : <Typography.Text type="secondary">{t('account.tokens.neverUsed')}</Typography.Text>),
            },
            {
              key: 'status',
              title: t('common.status'),
              render: (_, token) =>
                token.revokedAt ? (
                  <Badge status="default" text={t('account.tokens.revokedAt', { time: formatInstant(token.revokedAt, locale) })} />
                ) : (
                  <Badge status="success" text={t('account.tokens.active')} />
                ),
            },
            {
              key: 'actions',
              title: t('common.actions'),
              width: 100,
              render: (_, token) =>
                token.revokedAt ? null : (
                  <Popconfirm
                    title={t('account.tokens.revokeConfirmTitle', { name: token.name })}
                    description={<div style={{ maxWidth: 280 }}>{t('account.tokens.revokeConfirmBody')}</div>}
                    okText={t('account.tokens.revoke')}
                    okButtonProps={{ danger: true, loading: revoking === token.id, 'data-testid': 'token-revoke-confirm' }}
                    cancelText={t('common.cancel')}
                    onConfirm={() => onRevoke(token)}
                  >
                    <Button type="link" danger size="small" style={{ paddingInline: 0 }} data-testid={`token-revoke-${token.id}`}>
                      {t('account.tokens.revoke')}
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      )}

      <Modal
        open={creating}
        title={t('account.tokens.createTitle')}
        okText={t('common.create')}
        cancelText={t('common.cancel')}
        confirmLoading={submitting}
        onOk={() => form.submit()}
        onCancel={() => setCreating(false)}
        destroyOnHidden
      >
        <Form<CreateForm> form={form} layout="vertical" onFinish={onCreate} style={{ marginTop: 16 }} preserve={false}>
          <Form.Item
            name="name"
            label={t('account.tokens.name')}
            extra={t('account.tokens.nameHint')}
            rules={[
              { required: true, whitespace: true, message: t('account.tokens.nameRequired') },
              { max: MAX_NAME_LENGTH, message: t('account.tokens.nameTooLong', { max: MAX_NAME_LENGTH }) },
            ]}
          >
            <Input placeholder={t('account.tokens.namePlaceholder')} autoFocus maxLength={MAX_NAME_LENGTH} data-testid="token-name" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={created !== null}
        title={t('account.tokens.createdTitle')}
        closable={false}
        mask={{ closable: false }}
        keyboard={false}
        footer={
          <Button type="primary" onClick={() => setCreated(null)} data-testid="token-created-done">
            {t('account.tokens.createdDone')}
          </Button>
        }
      >
        {created ? (
          <>
            <Alert type="warning" showIcon title={t('account.tokens.createdWarning')} style={{ marginBottom: 16 }} />
            <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
              {created.name}
            </Typography.Text>
            <div style={{ padding: 12, borderRadius: 8, background: 'rgba(0,0,0,0.04)' }}>
              <Mono value={created.token} testId="token-secret" />
            </div>
          </>
        ) : null}
      </Modal>
    </Card>
  );
}
