import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Form, Input, InputNumber, Modal, Popconfirm, Space, Table, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError, notifyError } from '../../api/client';
import { createEndpoint, deleteEndpoint, listEndpoints, rotateSecret, type WebhookEndpoint } from '../../api/notifications';
import { showFormError } from '../../components/forms';
import { LoadError } from '../../components/LoadError';
import { Mono } from '../../components/Mono';
import { formatInstant } from '../../format';
import { useLoad, useLocale } from '../../hooks';
import { ALL_KINDS, KindsPicker, KindTags, SecretOnceModal } from './channel-parts';

/** The server's limit on a rotation's overlap (src/notifications/webhook-signature.rules.ts). */
const MAX_OVERLAP_HOURS = 168;
const URL_PATTERN = /^https?:\/\/\S+$/i;

interface CreateForm {
  url: string;
  events: string[];
}

/** A secret to show once: for a new endpoint, or a rotation (with when the previous one stops signing). */
type Shown = { url: string; secret: string; previousSecretUntil: string | null; rotated: boolean };

/**
 * The org's webhook endpoints (org admins): add one (its signing secret shown once), rotate its secret with an
 * overlap, delete it, and open its delivery log.
 */
export function WebhookEndpointsCard({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const endpoints = useLoad((signal) => listEndpoints(orgId, signal), [orgId]);
  const [form] = Form.useForm<CreateForm>();
  const [creating, setCreating] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [shown, setShown] = useState<Shown | null>(null);
  const [rotating, setRotating] = useState<WebhookEndpoint | null>(null);
  const [overlap, setOverlap] = useState<number | null>(24);
  const [busy, setBusy] = useState<string | null>(null);

  async function onCreate(values: CreateForm) {
    setSubmitting(true);
    try {
      const created = await createEndpoint(orgId, { url: values.url.trim(), events: values.events });
      setCreating(false);
      setShown({ url: created.url, secret: created.secret, previousSecretUntil: null, rotated: false });
      endpoints.reload();
    } catch (error) {
      // The server refuses loopback and private addresses (SSRF): said in words under the URL.
      const details = error instanceof ApiError ? (error.details as { reason?: unknown; refused?: unknown } | undefined) : undefined;
      if (details?.reason === 'address_refused') form.setFields([{ name: 'url', errors: [t('channels.webhooks.urlRefused', { reason: String(details.refused ?? '') })] }]);
      else showFormError(form, error, ['url', 'events']);
    } finally {
      setSubmitting(false);
    }
  }

  async function onRotate() {
    if (!rotating) return;
    setBusy(rotating.id);
    try {
      const r = await rotateSecret(rotating.id, overlap ?? 0);
      setShown({ url: rotating.url, secret: r.secret, previousSecretUntil: (overlap ?? 0) > 0 ? r.previousSecretUntil : null, rotated: true });
      setRotating(null);
      endpoints.reload();
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(null);
    }
  }

  async function onDelete(e: WebhookEndpoint) {
    setBusy(e.id);
    try {
      await deleteEndpoint(e.id);
      void message.success(t('channels.webhooks.deleted'));
      endpoints.reload();
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(null);
    }
  }

  const rotationOf = (e: WebhookEndpoint) =>
    e.previousSecretUntil && new Date(e.previousSecretUntil).getTime() > Date.now() ? (
      <Typography.Text type="warning">{t('channels.webhooks.rotationActive', { time: formatInstant(e.previousSecretUntil, locale) })}</Typography.Text>
    ) : (
      <Typography.Text type="secondary">{t('channels.webhooks.rotationNone')}</Typography.Text>
    );

  return (
    <Card
      title={t('channels.webhooks.title')}
      data-testid="webhook-endpoints"
      extra={
        <>
          <Tooltip title={t('common.refresh')}>
            <Button type="text" icon={<ReloadOutlined />} onClick={endpoints.reload} aria-label={t('common.refresh')} />
          </Tooltip>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="endpoint-add">
            {t('channels.webhooks.add')}
          </Button>
        </>
      }
    >
      <Typography.Paragraph type="secondary">{t('channels.webhooks.description')}</Typography.Paragraph>
      {endpoints.error && !endpoints.data ? (
        <LoadError error={endpoints.error} onRetry={endpoints.reload} />
      ) : (
        <Table<WebhookEndpoint>
          rowKey="id"
          loading={endpoints.loading}
          dataSource={endpoints.data?.items ?? []}
          pagination={false}
          scroll={{ x: 860 }}
          data-testid="endpoint-table"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('channels.webhooks.empty')} /> }}
          columns={[
            { key: 'url', title: t('channels.webhooks.url'), render: (_, e) => <Mono value={e.url} copyable={false} /> },
            { key: 'events', title: t('channels.webhooks.events'), render: (_, e) => <KindTags events={e.events} /> },
            { key: 'secret', title: t('channels.webhooks.rotation'), render: (_, e) => rotationOf(e) },
            { key: 'createdAt', title: t('channels.webhooks.createdAt'), render: (_, e) => formatInstant(e.createdAt, locale) },
            {
              key: 'actions',
              title: t('common.actions'),
              render: (_, e) => (
                <Space size={0} wrap>
                  <Link to={`/notifications/webhooks/${e.id}`} data-testid={`endpoint-deliveries-${e.id}`}>
                    <Button type="link" size="small">
                      {t('channels.webhooks.deliveries')}
                    </Button>
                  </Link>
                  <Button type="link" size="small" onClick={() => (setOverlap(24), setRotating(e))} data-testid={`endpoint-rotate-${e.id}`}>
                    {t('channels.webhooks.rotate')}
                  </Button>
                  <Popconfirm
                    title={t('channels.webhooks.deleteConfirmTitle')}
                    description={<div style={{ maxWidth: 300 }}>{t('channels.webhooks.deleteConfirmBody', { url: e.url })}</div>}
                    okText={t('channels.webhooks.delete')}
                    okButtonProps={{ danger: true, loading: busy === e.id, 'data-testid': 'endpoint-delete-confirm' }}
                    cancelText={t('common.cancel')}
                    onConfirm={() => onDelete(e)}
                  >
                    <Button type="link" size="small" danger data-testid={`endpoint-delete-${e.id}`}>
                      {t('channels.webhooks.delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      )}

      <Modal
        open={creating}
        title={t('channels.webhooks.createTitle')}
        okText={t('common.create')}
        cancelText={t('common.cancel')}
        confirmLoading={submitting}
        onOk={() => form.submit()}
        onCancel={() => setCreating(false)}
        okButtonProps={{ 'data-testid': 'endpoint-create-submit' }}
        destroyOnHidden
      >
        <Form<CreateForm> form={form} layout="vertical" onFinish={(v) => void onCreate(v)} initialValues={{ events: [ALL_KINDS] }} preserve={false} style={{ marginTop: 16 }}>
          <Form.Item
            name="url"
            label={t('channels.webhooks.url')}
            rules={[
              { required: true, whitespace: true, message: t('channels.webhooks.urlRequired') },
              { pattern: URL_PATTERN, message: t('channels.webhooks.urlInvalid') },
              { max: 2000 },
            ]}
          >
            <Input placeholder={t('channels.webhooks.urlPlaceholder')} autoFocus data-testid="endpoint-url" />
          </Form.Item>
          <Form.Item name="events" label={t('channels.webhooks.events')} rules={[{ required: true, type: 'array', min: 1, message: t('channels.kinds.required') }]}>
            <KindsPicker testId="endpoint-events" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={rotating !== null}
        title={t('channels.webhooks.rotateTitle')}
        okText={t('channels.webhooks.rotateOk')}
        cancelText={t('common.cancel')}
        confirmLoading={busy !== null && busy === rotating?.id}
        onOk={() => void onRotate()}
        onCancel={() => setRotating(null)}
        okButtonProps={{ 'data-testid': 'endpoint-rotate-submit' }}
        destroyOnHidden
      >
        {rotating ? (
          <>
            <Typography.Paragraph>{t('channels.webhooks.rotateBody')}</Typography.Paragraph>
            <Typography.Paragraph type="secondary">{t('channels.webhooks.secretFor', { url: rotating.url })}</Typography.Paragraph>
            <Form layout="vertical">
              <Form.Item label={t('channels.webhooks.overlapHours')} extra={t('channels.webhooks.overlapHint')}>
                <InputNumber min={0} max={MAX_OVERLAP_HOURS} precision={0} value={overlap} onChange={(v) => setOverlap(v)} data-testid="endpoint-overlap" />
              </Form.Item>
            </Form>
          </>
        ) : null}
      </Modal>

      <SecretOnceModal
        open={shown !== null}
        title={shown?.rotated ? t('channels.webhooks.rotatedTitle') : t('channels.webhooks.secretTitle')}
        secret={shown?.secret ?? null}
        note={
          shown ? (
            <>
              <Typography.Text type="secondary" style={{ display: 'block' }}>
                {t('channels.webhooks.secretFor', { url: shown.url })}
              </Typography.Text>
              {shown.rotated ? (
                <Typography.Text strong data-testid="rotation-overlap">
                  {shown.previousSecretUntil ? t('channels.webhooks.rotatedOverlap', { time: formatInstant(shown.previousSecretUntil, locale) }) : t('channels.webhooks.rotatedNow')}
                </Typography.Text>
              ) : null}
            </>
          ) : null
        }
        onDone={() => setShown(null)}
      />
    </Card>
  );
}
