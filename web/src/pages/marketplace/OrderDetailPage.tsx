import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Skeleton, Table, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import { Pending } from '../../components/DetailFrame';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { formatInstant } from '../../format';
import { useLoad, useLocale } from '../../hooks';
import { useSession } from '../../session';
import { OrderPipeline } from '../submissions/OrderPipeline';
import { DropReason, EngagementHash, EngagementStatusTag, OrderDescriptions, OrderStatusTag, ReplacementReopenedBanner, TermsInWords } from './market-parts';
import type { Engagement, OrderDetail, OrderTerms } from '../../api/marketplace';
import { OrderActions } from './OrderActions';
import { OrderFormDrawer } from './OrderFormDrawer';

/**
 * One job order as its poster (or platform ops) sees it: the facts, the actions its status allows, who works on it,
 * the candidates' pipeline (the submissions area's board, mounted in its tab) and the terms consultants accepted.
 */
export function OrderDetailPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { orderId = '' } = useParams();
  const location = useLocation();
  const { user, org } = useSession();
  const asOps = user.role === 'platform_ops';
  const backTo = location.pathname.startsWith('/all-orders') ? '/all-orders' : '/orders';
  const [editing, setEditing] = useState(false);
  const order = useLoad((signal) => api.get<OrderDetail>(`/orders/${orderId}`, { signal }), [orderId]);

  if (order.error) return <LoadError error={order.error} onRetry={order.reload} />;
  const o = order.data;
  return (
    <>
      <PageHeader
        before={
          <Link to={backTo} style={{ display: 'inline-block', marginBottom: 8 }}>
            <ArrowLeftOutlined /> {backTo === '/all-orders' ? t('marketplace.allOrders.title') : t('marketplace.orders.title')}
          </Link>
        }
        title={
          o ? (
            <Flex gap={12} align="center" wrap>
              <span data-testid="order-title-heading">{o.title}</span>
              <OrderStatusTag status={o.status} />
            </Flex>
          ) : (
            t('common.loading')
          )
        }
        subtitle={o ? t('marketplace.detail.subtitle', { created: formatInstant(o.createdAt, locale), posted: o.postedBy }) : undefined}
        extra={
          o ? (
            <>
              {o.viewer.canManage && o.status === 'draft' ? (
                <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="order-edit">
                  {t('common.edit')}
                </Button>
              ) : null}
              {o.viewer.canManage || asOps ? <OrderActions order={o} asOps={asOps && !o.viewer.canManage} onChanged={(next) => order.setData(() => next)} /> : null}
            </>
          ) : null
        }
      />
      {!o ? (
        <Pending load={order} />
      ) : (
        <Flex vertical gap={16}>
          {o.status === 'draft' ? <Alert type="info" showIcon title={t('marketplace.detail.draftHint')} /> : null}
          {o.status === 'paused' ? <Alert type="warning" showIcon title={t('marketplace.detail.pausedHint')} /> : null}
          <ReplacementReopenedBanner reopened={o.reopenedForReplacement} />
          <Card>
            <OrderDescriptions order={o} locale={locale} />
            {o.description ? (
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 12, marginBottom: 0 }} data-testid="order-description">
                {o.description}
              </Typography.Paragraph>
            ) : null}
          </Card>
          <Card styles={{ body: { paddingTop: 4 } }}>
            <Tabs
              defaultActiveKey="engagements"
              items={[
                {
                  key: 'engagements',
                  label: t('marketplace.detail.engagementsTab', { count: o.activeEngagements ?? 0 }),
                  children: <OrderEngagements orderId={o.id} />,
                },
                {
                  // The submissions area's board mounts here (web/src/pages/submissions/OrderPipeline.tsx).
                  key: 'pipeline',
                  label: t('marketplace.detail.pipelineTab'),
                  children: <OrderPipeline orderId={o.id} onChanged={order.reload} />,
                },
                { key: 'terms', label: t('marketplace.detail.termsTab'), children: <OrderTermsTab orderId={o.id} /> },
              ]}
            />
          </Card>
        </Flex>
      )}
      {o && o.viewer.canManage ? (
        <OrderFormDrawer
          open={editing}
          orgId={org.id}
          agency={org.kind === 'agency'}
          editing={o}
          onClose={() => setEditing(false)}
          onSaved={(next) => {
            setEditing(false);
            order.setData(() => next);
          }}
        />
      ) : null}
    </>
  );
}

/** Who works on the order: consultants, their agencies, since when, and why some stopped. */
function OrderEngagements({ orderId }: { orderId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const list = useLoad((signal) => api.get<{ items: Engagement[] }>(`/orders/${orderId}/engagements`, { signal }), [orderId]);
  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  return (
    <Table<Engagement>
      rowKey="id"
      size="middle"
      loading={list.loading}
      dataSource={list.data?.items ?? []}
      pagination={false}
      data-testid="order-engagements"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('marketplace.detail.noEngagements')} /> }}
      columns={[
        { title: t('marketplace.fields.consultant'), dataIndex: 'consultantName', render: (name: string) => <Typography.Text strong>{name}</Typography.Text> },
        { title: t('marketplace.fields.agency'), dataIndex: 'agencyName' },
        { title: t('marketplace.fields.acceptedAt'), dataIndex: 'acceptedAt', render: (v: string) => formatInstant(v, locale) },
        {
          title: t('marketplace.fields.termsHash'),
          dataIndex: 'termsHash',
          render: (h: string) => <EngagementHash hash={h} />,
        },
        { title: t('common.status'), dataIndex: 'status', render: (_: unknown, e) => <EngagementStatusTag status={e.status} /> },
        {
          title: t('marketplace.fields.dropReason'),
          dataIndex: 'dropReason',
          render: (_: unknown, e) => <DropReason engagement={e} locale={locale} />,
        },
      ]}
    />
  );
}

function OrderTermsTab({ orderId }: { orderId: string }) {
  const locale = useLocale();
  const terms = useLoad((signal) => api.get<OrderTerms>(`/orders/${orderId}/terms`, { signal }), [orderId]);
  if (terms.error) return <LoadError error={terms.error} onRetry={terms.reload} />;
  if (!terms.data) return <Skeleton active />;
  return <TermsInWords terms={terms.data} locale={locale} />;
}
