import { Card, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { LoadError } from '../../components/LoadError';
import { LoadMore } from '../../components/LoadMore';
import { useClock } from '../../clock';
import { useCursorPages } from '../../hooks';
import { RaiseDisputeButton } from '../disputes/RaiseDisputeButton';
import type { RefusalPage, Refusal } from '../../api/submissions';

/**
 * Submissions refused by ownership protection (DESIGN §4.4): the order, the person, the day the protection ends —
 * never who holds it. Each can be disputed within 30 days of the refusal (the server decides, and says why not).
 */
export function OwnershipRefusals() {
  const { t } = useTranslation();
  const today = useClock().clock?.today;
  const pages = useCursorPages<RefusalPage>('/ownership-refusals', { limit: 20 }, []);
  if (pages.first.error) return <LoadError error={pages.first.error} onRetry={pages.first.reload} />;
  const items = pages.rows;
  if (!pages.first.loading && items.length === 0) return null;
  return (
    <Card title={t('submissions.refusals.title')} style={{ marginTop: 16 }} data-testid="ownership-refusals">
      <Typography.Paragraph type="secondary">{t('submissions.refusals.hint')}</Typography.Paragraph>
      <Table<Refusal>
        rowKey="id"
        size="small"
        pagination={false}
        loading={pages.first.loading}
        dataSource={items}
        columns={[
          { key: 'candidate', title: t('submissions.refusals.candidate'), dataIndex: 'candidateName' },
          { key: 'order', title: t('submissions.refusals.order'), render: (_, r) => `${r.orderTitle} · ${r.posterOrgName}` },
          { key: 'refusedOn', title: t('submissions.refusals.refusedOn'), dataIndex: 'refusedOn' },
          { key: 'until', title: t('submissions.refusals.protectedUntil'), render: (_, r) => <span data-testid="refusal-protected-until">{r.protectedUntil}</span> },
          {
            key: 'action',
            title: '',
            render: (_, r) =>
              r.acceptedSubmissionId ? (
                <Link to={`/submissions/${r.acceptedSubmissionId}`}>{t('submissions.refusals.accepted')}</Link>
              ) : today !== undefined && today > r.disputeWindowClosesOn ? (
                <Typography.Text type="secondary">{t('submissions.refusals.windowClosed', { date: r.disputeWindowClosesOn })}</Typography.Text>
              ) : (
                <RaiseDisputeButton type="ownership" subjectId={r.id} size="small" testId={`refusal-dispute-${r.id}`} />
              ),
          },
        ]}
      />
      {pages.cursor ? <LoadMore pages={pages} label={t('submissions.loadMore')} /> : null}
    </Card>
  );
}
