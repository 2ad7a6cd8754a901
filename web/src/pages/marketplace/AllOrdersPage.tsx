import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Flex, Input, Row, Select, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { formatInstant } from '../../format';
import { useCursorPages, useLoad, useLocale } from '../../hooks';
import type { Org } from '../../api/identity';
import { fnLabel, OrderFactsLine, OrderStatusTag, PagedTable, RewardText, TierTag } from './market-parts';
import { JOB_FUNCTIONS, ORDER_STATUSES, type OrderPage, type OrderStatus, type OrderSummary } from '../../api/marketplace';
import { OrderActions } from './OrderActions';

const PAGE_SIZE = 50;

/** 全部职位: every job order on the platform, for platform ops — read-only apart from closing one with a reason. */
export function AllOrdersPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const [status, setStatus] = useState<OrderStatus | undefined>(undefined);
  const [posterOrgId, setPosterOrgId] = useState<string | undefined>(undefined);
  const [fn, setFn] = useState<string | undefined>(undefined);
  const [city, setCity] = useState('');
  const [q, setQ] = useState('');
  const [applied, setApplied] = useState({ q: '', city: '' });

  const orgs = useLoad((signal) => api.get<{ items: Org[] }>('/orgs', { signal }), []);
  const query = { status, posterOrgId, function: fn, city: applied.city || undefined, q: applied.q || undefined, limit: PAGE_SIZE };
  const orders = useCursorPages<OrderPage>('/orders', query, [status, posterOrgId, fn, applied]);
  const page = orders.first;
  const posters = (orgs.data?.items ?? []).filter((o) => o.kind === 'employer' || o.kind === 'agency');

  return (
    <>
      <PageHeader title={t('marketplace.allOrders.title')} subtitle={t('marketplace.allOrders.subtitle')} />
      <Card>
        <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
          <Col xs={24} md={8}>
            <Input.Search
              allowClear
              prefix={<SearchOutlined />}
              placeholder={t('marketplace.orders.searchPlaceholder')}
              value={q}
              onChange={(e) => setQ(e.target.value)}
              onSearch={(value) => setApplied({ ...applied, q: value.trim() })}
              data-testid="all-orders-search"
            />
          </Col>
          <Col xs={12} md={4}>
            <Select allowClear style={{ width: '100%' }} placeholder={t('common.status')} value={status} onChange={setStatus} options={ORDER_STATUSES.map((s) => ({ value: s, label: t(`marketplace.status.${s}`) }))} />
          </Col>
          <Col xs={12} md={4}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: '100%' }}
              placeholder={t('marketplace.fields.postedBy')}
              value={posterOrgId}
              onChange={setPosterOrgId}
              options={posters.map((o) => ({ value: o.id, label: o.name }))}
              data-testid="all-orders-poster"
            />
          </Col>
          <Col xs={12} md={4}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} style={{ width: '100%' }} placeholder={t('marketplace.fields.function')} value={fn} onChange={setFn} options={JOB_FUNCTIONS.map((f) => ({ value: f, label: fnLabel(f) }))} />
          </Col>
          <Col xs={12} md={4}>
            <Flex gap={8}>
              <Input allowClear placeholder={t('marketplace.fields.city')} value={city} onChange={(e) => setCity(e.target.value)} onPressEnter={() => setApplied({ ...applied, city: city.trim() })} onBlur={() => setApplied({ ...applied, city: city.trim() })} />
              <Tooltip title={t('common.refresh')}>
                <Button icon={<ReloadOutlined />} onClick={page.reload} />
              </Tooltip>
            </Flex>
          </Col>
        </Row>
        <PagedTable<OrderSummary>
          pages={orders}
          scroll={{ x: 1000 }}
          data-testid="all-orders-table"
          onRow={(o) => ({ onClick: () => void navigate(`/all-orders/${o.id}`), style: { cursor: 'pointer' } })}
          locale={{ emptyText: <Empty description={t('marketplace.allOrders.empty')} /> }}
          columns={[
            {
              title: t('marketplace.fields.title'),
              key: 'title',
              render: (_: unknown, o) => (
                <Flex vertical gap={2}>
                  <Link to={`/all-orders/${o.id}`} onClick={(e) => e.stopPropagation()}>
                    <Typography.Text strong>{o.title}</Typography.Text>
                  </Link>
                  <OrderFactsLine order={o} />
                </Flex>
              ),
            },
            {
              title: t('marketplace.fields.postedBy'),
              key: 'poster',
              width: 200,
              render: (_: unknown, o) => (
                <Flex vertical gap={0}>
                  <span>{o.posterOrgName}</span>
                  {o.clientName ? <Typography.Text type="secondary">{t('marketplace.orders.forClient', { client: o.clientName })}</Typography.Text> : null}
                </Flex>
              ),
            },
            { title: t('marketplace.fields.reward'), key: 'reward', width: 180, render: (_: unknown, o) => <RewardText order={o} locale={locale} /> },
            { title: t('marketplace.fields.plan'), key: 'plan', width: 110, render: (_: unknown, o) => <TierTag tier={o.plan.tier} /> },
            { title: t('common.status'), dataIndex: 'status', width: 90, render: (s: OrderStatus) => <OrderStatusTag status={s} /> },
            { title: t('marketplace.fields.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatInstant(v, locale) },
            { title: t('common.actions'), key: 'actions', fixed: 'right', width: 110, render: (_: unknown, o) => <OrderActions size="small" asOps order={o} onChanged={() => page.reload()} /> },
          ]}
        />
      </Card>
    </>
  );
}
