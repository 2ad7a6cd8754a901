import { EditOutlined, PlusOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Input, Segmented, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { formatInstantDate } from '../../format';
import { useCursorPages, useLocale } from '../../hooks';
import { useSession } from '../../session';
import { OrderFactsLine, OrderStatusTag, PagedTable, RewardText, SalaryRange, TierTag } from './market-parts';
import { ORDER_STATUSES, type OrderDetail, type OrderPage, type OrderStatus, type OrderSummary } from '../../api/marketplace';
import { OrderActions } from './OrderActions';
import { OrderFormDrawer } from './OrderFormDrawer';

const PAGE_SIZE = 20;
type Filter = OrderStatus | 'all';

/** 我的职位: the orders the employer (or the agency, for its clients) posted, by status, with their actions. */
export function MyOrdersPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const { org } = useSession();
  const agency = org.kind === 'agency';
  const [filter, setFilter] = useState<Filter>('all');
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const [drawer, setDrawer] = useState<{ open: boolean; editing: OrderDetail | null }>({ open: false, editing: null });

  const query = { status: filter === 'all' ? undefined : filter, q: search || undefined, limit: PAGE_SIZE };
  const orders = useCursorPages<OrderPage>(`/orgs/${org.id}/orders`, query, [org.id, filter, search]);
  const page = orders.first;
  const counts = page.data?.counts ?? {};
  const total = Object.values(counts).reduce<number>((a, b) => a + (b ?? 0), 0);

  async function edit(orderId: string) {
    const detail = await api.get<OrderDetail>(`/orders/${orderId}`, { notify: true });
    setDrawer({ open: true, editing: detail });
  }

  return (
    <>
      <PageHeader
        title={t('marketplace.orders.title')}
        subtitle={agency ? t('marketplace.orders.subtitleAgency') : t('marketplace.orders.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ open: true, editing: null })} data-testid="order-create">
            {t('marketplace.orders.create')}
          </Button>
        }
      />
      <Card>
        <Flex justify="space-between" wrap gap={12} style={{ marginBottom: 16 }}>
          <Segmented<Filter>
            value={filter}
            onChange={setFilter}
            data-testid="orders-status-filter"
            options={[
              { value: 'all', label: `${t('marketplace.orders.all')} ${total}` },
              ...ORDER_STATUSES.map((s) => ({ value: s, label: `${t(`marketplace.status.${s}`)} ${counts[s] ?? 0}` })),
            ]}
          />
          <Flex gap={8}>
            <Input.Search
              allowClear
              prefix={<SearchOutlined />}
              placeholder={t('marketplace.orders.searchPlaceholder')}
              value={q}
              onChange={(e) => setQ(e.target.value)}
              onSearch={(value) => setSearch(value.trim())}
              style={{ width: 240 }}
              data-testid="orders-search"
            />
            <Tooltip title={t('common.refresh')}>
              <Button icon={<ReloadOutlined />} onClick={page.reload} />
            </Tooltip>
          </Flex>
        </Flex>
        <PagedTable<OrderSummary>
          pages={orders}
          loadMoreTestId="orders-load-more"
          scroll={{ x: 1100 }}
          data-testid="orders-table"
          onRow={(o) => ({ onClick: () => navigate(`/orders/${o.id}`), style: { cursor: 'pointer' }, 'data-testid': `order-row-${o.id}` }) as object}
          locale={{
            emptyText: (
              <Empty description={filter === 'all' && !search ? t('marketplace.orders.empty') : t('marketplace.orders.emptyFiltered')}>
                {filter === 'all' && !search ? (
                  <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ open: true, editing: null })}>
                    {t('marketplace.orders.create')}
                  </Button>
                ) : null}
              </Empty>
            ),
          }}
          columns={[
            {
              title: t('marketplace.fields.title'),
              key: 'title',
              render: (_: unknown, o) => (
                <Flex vertical gap={2}>
                  <Link to={`/orders/${o.id}`} onClick={(e) => e.stopPropagation()}>
                    <Typography.Text strong>{o.title}</Typography.Text>
                  </Link>
                  {o.clientName ? <Typography.Text type="secondary">{t('marketplace.orders.forClient', { client: o.clientName })}</Typography.Text> : null}
                  <OrderFactsLine order={o} />
                </Flex>
              ),
            },
            { title: t('marketplace.fields.salary'), key: 'salary', width: 190, render: (_: unknown, o) => <SalaryRange order={o} /> },
            { title: t('marketplace.fields.reward'), key: 'reward', width: 170, render: (_: unknown, o) => <RewardText order={o} locale={locale} /> },
            { title: t('marketplace.fields.plan'), key: 'plan', width: 110, render: (_: unknown, o) => <TierTag tier={o.plan.tier} /> },
            {
              title: t('common.status'),
              key: 'status',
              width: 150,
              render: (_: unknown, o) => (
                <Flex vertical gap={2} align="flex-start">
                  <OrderStatusTag status={o.status} />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {o.openedAt ? t('marketplace.orders.openedOn', { at: formatInstantDate(o.openedAt, locale) }) : t('marketplace.orders.notOpened')}
                  </Typography.Text>
                </Flex>
              ),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              fixed: 'right',
              width: 230,
              render: (_: unknown, o) => (
                <Flex gap={8} wrap onClick={(e) => e.stopPropagation()}>
                  {o.status === 'draft' ? (
                    <Button size="small" icon={<EditOutlined />} onClick={() => void edit(o.id)} data-testid={`order-edit-${o.id}`}>
                      {t('common.edit')}
                    </Button>
                  ) : null}
                  <OrderActions size="small" order={o} onChanged={() => page.reload()} />
                </Flex>
              ),
            },
          ]}
        />
      </Card>
      <OrderFormDrawer
        open={drawer.open}
        orgId={org.id}
        agency={agency}
        editing={drawer.editing}
        onClose={() => setDrawer({ open: false, editing: null })}
        onSaved={(order) => {
          setDrawer({ open: false, editing: null });
          if (!drawer.editing) void navigate(`/orders/${order.id}`);
          else page.reload();
        }}
      />
    </>
  );
}
