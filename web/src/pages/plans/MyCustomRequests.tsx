import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { showFormError } from '../../components/forms';
import { formatInstant } from '../../format';
import { useLoad, useLocale } from '../../hooks';
import { useSession } from '../../session';
import type { Items } from '../../api/contract';
import { RequestDescription, RequestStatusTag, RequestsTable } from './plan-parts';
import type { CustomPlanRequest } from '../../api/plans';

const MAX_DESCRIPTION = 4000;

/** An employer's custom-plan requests, and the form to send a new one. */
export function MyCustomRequests() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const { org } = useSession();
  const path = `/orgs/${encodeURIComponent(org.id)}/custom-plan-requests`;
  const requests = useLoad((signal) => api.get<Items<CustomPlanRequest>>(path, { signal }), [path]);
  const [open, setOpen] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [form] = Form.useForm<{ description: string }>();

  async function onSubmit(values: { description: string }) {
    setSubmitting(true);
    try {
      const created = await api.post<CustomPlanRequest>(path, { description: values.description.trim() });
      setOpen(false);
      void message.success(t('plans.requests.sent'));
      requests.setData((current) => ({ items: [created, ...(current?.items ?? [])] }));
    } catch (error) {
      showFormError(form, error, ['description'], { 'body.description': 'description' });
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Flex vertical gap={16}>
      <Alert
        type="info"
        showIcon
        title={t('plans.requests.introTitle')}
        description={t('plans.requests.intro')}
        action={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="custom-request-open">
            {t('plans.requests.new')}
          </Button>
        }
      />
      <Card title={t('plans.requests.mineTitle')}>
        <RequestsTable
          requests={requests}
          pageSize={10}
          empty={t('plans.requests.mineEmpty')}
          data-testid="my-requests-table"
          scroll={{ x: 900 }}
          columns={[
            { key: 'createdAt', title: t('plans.requests.createdAt'), width: 180, render: (_, r) => formatInstant(r.createdAt, locale) },
            { key: 'requestedBy', title: t('plans.requests.requestedBy'), width: 120, render: (_, r) => r.requestedBy.name },
            {
              key: 'description',
              title: t('plans.requests.description'),
              render: (_, r) => <RequestDescription text={r.description} rows={2} />,
            },
            { key: 'status', title: t('common.status'), width: 100, render: (_, r) => <RequestStatusTag status={r.status} /> },
            {
              key: 'outcome',
              title: t('plans.requests.outcome'),
              width: 280,
              render: (_, r) =>
                r.status === 'open' ? (
                  <Typography.Text type="secondary">{t('plans.requests.waiting')}</Typography.Text>
                ) : (
                  <Flex vertical gap={2}>
                    {r.plan ? (
                      <Link to={`/plans/${encodeURIComponent(r.plan.id)}`} data-testid={`request-plan-${r.id}`}>
                        {t('plans.requests.viewPlan', { key: r.plan.key })}
                      </Link>
                    ) : null}
                    {r.responseNote ? <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{r.responseNote}</Typography.Text> : null}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatInstant(r.resolvedAt, locale)}
                    </Typography.Text>
                  </Flex>
                ),
            },
          ]}
        />
      </Card>

      <Modal
        open={open}
        title={t('plans.requests.formTitle')}
        okText={t('plans.requests.send')}
        cancelText={t('common.cancel')}
        confirmLoading={submitting}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        okButtonProps={{ 'data-testid': 'custom-request-submit' }}
        destroyOnHidden
        width={620}
      >
        <Typography.Paragraph type="secondary">{t('plans.requests.formHint')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={onSubmit} preserve={false}>
          <Form.Item
            name="description"
            label={t('plans.requests.description')}
            rules={[
              { required: true, whitespace: true, message: t('plans.requests.descriptionRequired') },
              { max: MAX_DESCRIPTION, message: t('plans.requests.descriptionTooLong', { max: MAX_DESCRIPTION }) },
            ]}
          >
            <Input.TextArea rows={7} showCount maxLength={MAX_DESCRIPTION} placeholder={t('plans.requests.descriptionPlaceholder')} data-testid="custom-request-description" />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
