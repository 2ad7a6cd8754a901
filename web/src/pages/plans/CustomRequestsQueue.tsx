import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Form, Input, Modal, Segmented, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { showFormError } from '../../components/forms';
import { formatInstant } from '../../format';
import { useLoad, useLocale } from '../../hooks';
import type { Items } from '../../api/contract';
import { isTermsError, prettyTerms, RequestDescription, RequestStatusTag, RequestsTable, TermsJsonEditor, useTermsDraft } from './plan-parts';
import type { CustomPlanRequest, PlanSummary, PlanVersionDetail, PublishedCustomPlan, RequestStatus } from '../../api/plans';

type StatusFilter = RequestStatus | 'all';

/** The starting terms of every custom plan: the latest version of the built-in custom template. */
async function customTemplateTerms(signal?: AbortSignal): Promise<string> {
  const plans = await api.get<Items<PlanSummary>>('/plans', { signal });
  const template = plans.items.find((p) => p.builtIn && p.key === 'custom');
  if (!template) return prettyTerms({});
  const version = await api.get<PlanVersionDetail>(`/plan-versions/${encodeURIComponent(template.latest.id)}`, { signal });
  return prettyTerms(version.terms);
}

/** Platform ops: employers' custom-plan requests, to publish (with negotiated terms) or decline (with a note). */
export function CustomRequestsQueue({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const [status, setStatus] = useState<StatusFilter>('open');
  const requests = useLoad(
    (signal) => api.get<Items<CustomPlanRequest>>('/custom-plan-requests', { signal, query: { status: status === 'all' ? undefined : status } }),
    [status],
  );
  const template = useLoad((signal) => customTemplateTerms(signal), []);

  const [publishing, setPublishing] = useState<CustomPlanRequest | null>(null);
  const [declining, setDeclining] = useState<CustomPlanRequest | null>(null);
  const draft = useTermsDraft();
  const [busy, setBusy] = useState(false);
  const [publishForm] = Form.useForm<{ nameZh: string; nameEn: string; note?: string }>();
  const [declineForm] = Form.useForm<{ note: string }>();

  function startPublish(request: CustomPlanRequest) {
    setPublishing(request);
    draft.write(template.data ?? prettyTerms({}));
    publishForm.setFieldsValue({ nameZh: `${request.org.name} 定制方案`, nameEn: `${request.org.name} custom plan`, note: '' });
  }

  async function onPublish(values: { nameZh: string; nameEn: string; note?: string }) {
    if (!publishing) return;
    const terms = draft.read();
    if (!terms) return;
    setBusy(true);
    try {
      const result = await api.post<PublishedCustomPlan>(`/custom-plan-requests/${encodeURIComponent(publishing.id)}/publish`, {
        name: { zh: values.nameZh.trim(), en: values.nameEn.trim() },
        terms,
        note: values.note?.trim() || undefined,
      });
      setPublishing(null);
      void message.success(t('plans.queue.publishedOk', { org: result.request.org.name, key: result.plan.key }));
      requests.reload();
      onChanged();
    } catch (error) {
      if (isTermsError(error)) draft.refuse(error);
      else showFormError(publishForm, error, ['nameZh', 'nameEn', 'note'], { 'body.name.zh': 'nameZh', 'body.name.en': 'nameEn', 'body.note': 'note' });
    } finally {
      setBusy(false);
    }
  }

  async function onDecline(values: { note: string }) {
    if (!declining) return;
    setBusy(true);
    try {
      const result = await api.post<CustomPlanRequest>(`/custom-plan-requests/${encodeURIComponent(declining.id)}/decline`, { note: values.note.trim() });
      setDeclining(null);
      void message.success(t('plans.queue.declinedOk', { org: result.org.name }));
      requests.reload();
      onChanged();
    } catch (error) {
      showFormError(declineForm, error, ['note'], { 'body.note': 'note' });
    } finally {
      setBusy(false);
    }
  }

  const items = requests.data?.items ?? [];
  return (
    <Card>
      <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 16 }}>
        <Segmented<StatusFilter>
          value={status}
          onChange={setStatus}
          data-testid="queue-status"
          options={[
            { value: 'open', label: t('plans.requests.status.open') },
            { value: 'published', label: t('plans.requests.status.published') },
            { value: 'declined', label: t('plans.requests.status.declined') },
            { value: 'all', label: t('plans.queue.all') },
          ]}
        />
        <Typography.Text type="secondary">{t('common.total', { count: items.length })}</Typography.Text>
      </Flex>
      <RequestsTable
        requests={requests}
        pageSize={20}
        empty={status === 'open' ? t('plans.queue.emptyOpen') : t('plans.queue.empty')}
        data-testid="queue-table"
        scroll={{ x: 1000 }}
        columns={[
          {
            key: 'org',
            title: t('plans.queue.org'),
            width: 180,
            render: (_, r) => (
              <Flex vertical gap={2}>
                <Link to={`/orgs/${encodeURIComponent(r.org.id)}`}>{r.org.name}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.requestedBy.name}
                </Typography.Text>
              </Flex>
            ),
          },
          {
            key: 'description',
            title: t('plans.requests.description'),
            render: (_, r) => <RequestDescription text={r.description} rows={3} />,
          },
          {
            key: 'createdAt',
            title: t('plans.requests.createdAt'),
            width: 180,
            render: (_, r) => formatInstant(r.createdAt, locale),
            sorter: (a, b) => a.createdAt.localeCompare(b.createdAt),
          },
          { key: 'status', title: t('common.status'), width: 100, render: (_, r) => <RequestStatusTag status={r.status} /> },
          {
            key: 'actions',
            title: t('common.actions'),
            width: 220,
            render: (_, r) =>
              r.status === 'open' ? (
                <Space>
                  <Button type="primary" size="small" icon={<CheckOutlined />} onClick={() => startPublish(r)} disabled={template.loading} data-testid={`request-publish-${r.id}`}>
                    {t('plans.queue.publish')}
                  </Button>
                  <Button
                    danger
                    size="small"
                    icon={<CloseOutlined />}
                    onClick={() => {
                      setDeclining(r);
                      declineForm.resetFields();
                    }}
                    data-testid={`request-decline-${r.id}`}
                  >
                    {t('plans.queue.decline')}
                  </Button>
                </Space>
              ) : (
                <Flex vertical gap={2}>
                  {r.plan ? <Link to={`/plans/${encodeURIComponent(r.plan.id)}`}>{r.plan.key}</Link> : null}
                  {r.responseNote ? (
                    <Typography.Text type="secondary" ellipsis={{ tooltip: r.responseNote }} style={{ maxWidth: 200 }}>
                      {r.responseNote}
                    </Typography.Text>
                  ) : null}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.resolvedBy?.name ?? ''} {formatInstant(r.resolvedAt, locale)}
                  </Typography.Text>
                </Flex>
              ),
          },
        ]}
      />

      <Modal
        open={publishing !== null}
        title={t('plans.queue.publishTitle', { org: publishing?.org.name ?? '' })}
        okText={t('plans.queue.publishOk')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        onOk={() => publishForm.submit()}
        onCancel={() => setPublishing(null)}
        okButtonProps={{ 'data-testid': 'custom-publish-submit' }}
        width={920}
        forceRender
      >
        {publishing ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('plans.queue.theRequest', { name: publishing.requestedBy.name, at: formatInstant(publishing.createdAt, locale) })}
            description={<span style={{ whiteSpace: 'pre-wrap' }}>{publishing.description}</span>}
          />
        ) : null}
        <Form form={publishForm} layout="vertical" onFinish={onPublish}>
          <Flex gap={12} wrap>
            <Form.Item
              style={{ flex: '1 1 260px' }}
              name="nameZh"
              label={t('plans.queue.nameZh')}
              rules={[{ required: true, whitespace: true, message: t('plans.queue.nameRequired') }, { max: 100 }]}
            >
              <Input maxLength={100} data-testid="custom-publish-name-zh" />
            </Form.Item>
            <Form.Item
              style={{ flex: '1 1 260px' }}
              name="nameEn"
              label={t('plans.queue.nameEn')}
              rules={[{ required: true, whitespace: true, message: t('plans.queue.nameRequired') }, { max: 100 }]}
            >
              <Input maxLength={100} data-testid="custom-publish-name-en" />
            </Form.Item>
          </Flex>
          <Form.Item label={t('plans.queue.terms')} required>
            <TermsJsonEditor
              value={draft.text}
              onChange={draft.write}
              onReset={() => draft.write(template.data ?? prettyTerms({}))}
              problem={draft.problem}
              testId="custom-publish-terms"
              rows={18}
            />
          </Form.Item>
          <Form.Item name="note" label={t('plans.queue.note')} extra={t('plans.queue.noteHint')} rules={[{ max: 2000 }]}>
            <Input.TextArea rows={2} maxLength={2000} data-testid="custom-publish-note" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={declining !== null}
        title={t('plans.queue.declineTitle', { org: declining?.org.name ?? '' })}
        okText={t('plans.queue.declineOk')}
        okButtonProps={{ danger: true, 'data-testid': 'custom-decline-submit' }}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        onOk={() => declineForm.submit()}
        onCancel={() => setDeclining(null)}
        forceRender
      >
        <Typography.Paragraph type="secondary">{t('plans.queue.declineHint')}</Typography.Paragraph>
        <Form form={declineForm} layout="vertical" onFinish={onDecline}>
          <Form.Item name="note" label={t('plans.queue.declineNote')} rules={[{ required: true, whitespace: true, message: t('plans.queue.declineNoteRequired') }, { max: 2000 }]}>
            <Input.TextArea rows={4} maxLength={2000} showCount data-testid="custom-decline-note" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
