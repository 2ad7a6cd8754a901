import { Button, Card, Segmented, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { Pending } from '../../components/DetailFrame';
import { PageHeader } from '../../components/PageHeader';
import { useLoad } from '../../hooks';
import { useSession } from '../../session';
import { DisputeStateTag } from './dispute-parts';
import type { DisputeDetail, DisputeState } from '../../api/disputes';

type Filter = 'open' | DisputeState | 'all';

/**
 * Disputes the caller may see. For an arbitrator this is its queue (assigned to it, the nearest decision date
 * first); platform operations see every dispute, those to assign and those overdue first; the parties see theirs.
 */
export function DisputesPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const arbitrator = user.role === 'arbitrator';
  const ops = user.role === 'platform_ops';
  const [filter, setFilter] = useState<Filter>('open');
  const list = useLoad((signal) => api.get<{ items: DisputeDetail[]; nextCursor: string | null }>('/disputes', { signal, query: { limit: 100, state: filter === 'open' || filter === 'all' ? undefined : filter } }), [filter]);

  const title = arbitrator ? t('disputes.queue') : ops ? t('disputes.opsTitle') : t('nav.disputes');
  if (!list.data) return <Pending load={list} before={<PageHeader title={title} />} />;
  const rows = list.data.items
    .filter((d) => filter !== 'open' || d.state !== 'decided')
    // What needs acting on first: overdue, then unassigned (ops), then by decision date.
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || (ops ? Number(a.arbitratorUserId !== null) - Number(b.arbitratorUserId !== null) : 0) || a.deadlines.decideBy.localeCompare(b.deadlines.decideBy));

  return (
    <>
      <PageHeader title={title} subtitle={arbitrator ? t('disputes.queueHint') : ops ? t('disputes.opsHint') : t('disputes.partiesHint')} />
      <Card>
        <Segmented<Filter>
          value={filter}
          onChange={setFilter}
          style={{ marginBottom: 12 }}
          options={(['open', 'awaiting_response', 'awaiting_decision', 'decided', 'all'] as const).map((f) => ({ value: f, label: f === 'open' || f === 'all' ? t(`disputes.filter.${f}`) : t(`disputes.state.${f}`) }))}
        />
        <Table<DisputeDetail>
          rowKey="id"
          size="middle"
          pagination={false}
          dataSource={rows}
          data-testid="disputes-table"
          locale={{ emptyText: arbitrator ? t('disputes.queueEmpty') : t('disputes.none') }}
          columns={[
            { key: 'type', title: t('disputes.typeColumn'), render: (_, d) => <Link to={`/disputes/${d.id}`}>{t(`disputes.type.${d.type}`)}</Link> },
            { key: 'state', title: t('disputes.stateColumn'), render: (_, d) => <DisputeStateTag state={d.state} overdue={d.overdue} /> },
            { key: 'raised', title: t('disputes.deadlines.raisedOn'), render: (_, d) => d.deadlines.raisedOn },
            { key: 'answer', title: t('disputes.deadlines.answerBy'), render: (_, d) => (d.response.statement ? t('disputes.answeredShort') : d.response.missed ? t('disputes.silentShort') : d.deadlines.answerBy) },
            { key: 'decide', title: t('disputes.deadlines.decideBy'), render: (_, d) => <Typography.Text type={d.overdue ? 'danger' : undefined}>{d.deadlines.decideBy}</Typography.Text> },
            ...(ops ? [{ key: 'arbitrator', title: t('disputes.arbitrator'), render: (_: unknown, d: DisputeDetail) => (d.arbitratorUserId ? t('disputes.assigned') : <Typography.Text type="warning">{t('disputes.unassigned')}</Typography.Text>) }] : []),
            { key: 'open', title: '', render: (_, d) => <Link to={`/disputes/${d.id}`}><Button size="small">{d.can.decide ? t('disputes.decide.title') : d.can.respond ? t('disputes.answer') : d.can.assign && !d.arbitratorUserId ? t('disputes.assign.submit') : t('disputes.view')}</Button></Link> },
          ]}
        />
      </Card>
    </>
  );
}
