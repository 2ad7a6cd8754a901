import { ReloadOutlined, ShopOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Form, Input, Modal, Progress, Segmented, Select, Space, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { formatInstant } from '../../format';
import { useCursorPages, useLoad, useLocale } from '../../hooks';
import { useSession } from '../../session';
import type { User } from '../../api/identity';
import { SubmitCandidateButton } from '../submissions/SubmitCandidateModal';
import { describeMarketError, DropReason, EngagementHash, EngagementStatusTag, fnLabel, PagedTable } from './market-parts';
import type { Engagement, EngagementPage, EngagementStatus } from '../../api/marketplace';

const PAGE_SIZE = 50;
type Filter = EngagementStatus | 'all';

/**
 * 我的接单 (a consultant's engagements, with their capacity) and 接单管理 (an agency admin's view of every
 * consultant's engagements, `scope="agency"`). Either may drop an active engagement, with a reason.
 */
export function EngagementsPage({ scope }: { scope: 'mine' | 'agency' }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { org } = useSession();
  const [filter, setFilter] = useState<Filter>('active');
  const [consultantId, setConsultantId] = useState<string | undefined>(undefined);
  const [dropping, setDropping] = useState<Engagement | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();

  const query = { status: filter === 'all' ? undefined : filter, consultantId, limit: PAGE_SIZE };
  const engagements = useCursorPages<EngagementPage>('/engagements', query, [filter, consultantId]);
  const page = engagements.first;
  const consultants = useLoad(
    (signal) => (scope === 'agency' ? api.get<{ items: User[] }>(`/orgs/${org.id}/users`, { signal }) : Promise.resolve({ items: [] as User[] })),
    [scope, org.id],
  );

  async function drop(values: { reason: string }) {
    if (!dropping) return;
    setBusy(true);
    try {
      await api.post(`/engagements/${dropping.id}/drop`, { reason: values.reason.trim() });
      message.success(t('marketplace.engagements.dropped', { title: dropping.orderTitle }));
      setDropping(null);
      form.resetFields();
      page.reload();
    } catch (error) {
      message.error(describeMarketError(error));
    } finally {
      setBusy(false);
    }
  }

  const cap = page.data?.capacity ?? null;

  return (
    <>
      <PageHeader
        title={scope === 'agency' ? t('marketplace.engagements.agencyTitle') : t('marketplace.engagements.title')}
        subtitle={scope === 'agency' ? t('marketplace.engagements.agencySubtitle', { org: org.name }) : t('marketplace.engagements.subtitle')}
        extra={
          scope === 'mine' ? (
            <Button type="primary" icon={<ShopOutlined />} onClick={() => navigate('/marketplace')}>
              {t('marketplace.engagements.findOrders')}
            </Button>
          ) : null
        }
      />
      {cap ? (
        <Card style={{ marginBottom: 16 }} data-testid="engagements-capacity">
          <Flex align="center" gap={24} wrap>
            <Progress type="circle" size={72} percent={Math.round((cap.used / cap.cap) * 100)} format={() => `${cap.used}/${cap.cap}`} status={cap.used >= cap.cap ? 'exception' : 'normal'} />
            <Flex vertical>
              <Typography.Text strong>{t('marketplace.engagements.capacityTitle')}</Typography.Text>
              <Typography.Text type="secondary">
                {cap.used >= cap.cap ? t('marketplace.market.capacityFull', { cap: cap.cap }) : t('marketplace.engagements.capacityLeft', { left: cap.cap - cap.used, cap: cap.cap })}
              </Typography.Text>
            </Flex>
          </Flex>
        </Card>
      ) : null}
      <Card>
        <Flex justify="space-between" wrap gap={12} style={{ marginBottom: 16 }}>
          <Segmented<Filter>
            value={filter}
            onChange={setFilter}
            data-testid="engagements-filter"
            options={[
              { value: 'active', label: t('marketplace.engagementStatus.active') },
              { value: 'dropped', label: t('marketplace.engagementStatus.dropped') },
              { value: 'all', label: t('marketplace.orders.all') },
            ]}
          />
          <Flex gap={8}>
            {scope === 'agency' ? (
              <Select
                allowClear
                style={{ width: 200 }}
                placeholder={t('marketplace.engagements.allConsultants')}
                value={consultantId}
                onChange={setConsultantId}
                options={(consultants.data?.items ?? []).filter((u) => u.role === 'consultant').map((u) => ({ value: u.id, label: u.name }))}
                data-testid="engagements-consultant"
              />
            ) : null}
            <Tooltip title={t('common.refresh')}>
              <Button icon={<ReloadOutlined />} onClick={page.reload} />
            </Tooltip>
          </Flex>
        </Flex>
        <PagedTable<Engagement>
          pages={engagements}
          scroll={{ x: 900 }}
          data-testid="engagements-table"
          locale={{
            emptyText: (
              <Empty description={scope === 'agency' ? t('marketplace.engagements.emptyAgency') : t('marketplace.engagements.empty')}>
                {scope === 'mine' ? (
                  <Button type="primary" onClick={() => navigate('/marketplace')}>
                    {t('marketplace.engagements.findOrders')}
                  </Button>
                ) : null}
              </Empty>
            ),
          }}
          columns={[
            {
              title: t('marketplace.fields.order'),
              key: 'order',
              render: (_: unknown, e) => (
                <Flex vertical gap={2}>
                  <Link to={`/marketplace/${e.orderId}`}>
                    <Typography.Text strong>{e.orderTitle}</Typography.Text>
                  </Link>
                  <Typography.Text type="secondary">
                    {e.postedBy} · {e.orderCity} · {fnLabel(e.orderFunction)}
                  </Typography.Text>
                </Flex>
              ),
            },
            ...(scope === 'agency' ? [{ title: t('marketplace.fields.consultant'), dataIndex: 'consultantName', width: 140 }] : []),
            { title: t('marketplace.fields.acceptedAt'), dataIndex: 'acceptedAt', width: 170, render: (v: string) => formatInstant(v, locale) },
            {
              title: t('marketplace.fields.termsHash'),
              dataIndex: 'termsHash',
              width: 150,
              render: (h: string) => <EngagementHash hash={h} />,
            },
            { title: t('common.status'), key: 'status', width: 110, render: (_: unknown, e) => <EngagementStatusTag status={e.status} orderStatus={e.orderStatus} /> },
            {
              title: t('marketplace.fields.dropReason'),
              dataIndex: 'dropReason',
              render: (_: unknown, e) => <DropReason engagement={e} locale={locale} />,
            },
            {
              title: t('common.actions'),
              key: 'actions',
              width: scope === 'mine' ? 220 : 110,
              render: (_: unknown, e) =>
                e.status === 'active' ? (
                  <Space size={4}>
                    {scope === 'mine' ? <SubmitCandidateButton orderId={e.orderId} size="small" type="default" /> : null}
                    <Button size="small" danger onClick={() => setDropping(e)} data-testid={`engagement-drop-${e.id}`}>
                      {t('marketplace.engagements.drop')}
                    </Button>
                  </Space>
                ) : null,
            },
          ]}
        />
      </Card>
      <Modal
        open={dropping !== null}
        title={t('marketplace.engagements.dropTitle', { title: dropping?.orderTitle ?? '' })}
        okText={t('marketplace.engagements.drop')}
        okButtonProps={{ danger: true, loading: busy, 'data-testid': 'engagement-drop-confirm' }}
        cancelText={t('common.cancel')}
        onCancel={() => setDropping(null)}
        onOk={() => form.validateFields().then(drop)}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('marketplace.engagements.dropBody')}</Typography.Paragraph>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="reason" label={t('marketplace.engagements.dropReason')} rules={[{ required: true, whitespace: true, message: t('marketplace.engagements.dropReasonRequired') }]}>
            <Input.TextArea rows={3} maxLength={1000} showCount placeholder={t('marketplace.engagements.dropReasonPlaceholder')} data-testid="engagement-drop-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
