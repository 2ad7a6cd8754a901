import { Alert, Card, Descriptions, Select, Skeleton, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useLoad } from '../../hooks';
import { useSession } from '../../session';
import { getAgencyRatings, getMyRating, getOrgRatings, type AgencyRating, type ConsultantRating, type Metric, type RatingMetric, type Tier } from '../../api/ratings';

const TIER_COLOR: Record<Tier, string> = { S: 'gold', A: 'green', B: 'blue', C: 'default' };
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

function TierTag({ tier }: { tier: Tier }) {
  const { t } = useTranslation();
  return (
    <Tag color={TIER_COLOR[tier]} data-testid="rating-tier">
      {t('ratings.tier', { tier })}
    </Tag>
  );
}

/** A score with its tier, its sample size and every component (observed, shrunk toward the platform mean, outcomes). */
function RatingDetail({ rating, weights }: { rating: ConsultantRating | AgencyRating; weights?: Record<string, number> }) {
  const { t } = useTranslation();
  return (
    <>
      <Descriptions size="small" column={{ xs: 1, md: 4 }} data-testid="rating-summary">
        <Descriptions.Item label={t('ratings.score')}>
          <Typography.Text strong>{rating.score.toFixed(1)}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('ratings.tierLabel')}>
          <TierTag tier={rating.tier} />
        </Descriptions.Item>
        <Descriptions.Item label={t('ratings.sampleSize')}>
          <span data-testid="rating-sample">{rating.sampleSize}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('ratings.platformScore')}>{rating.platformScore.toFixed(1)}</Descriptions.Item>
      </Descriptions>
      <Table
        size="small"
        rowKey="metric"
        pagination={false}
        dataSource={rating.metrics}
        data-testid="rating-metrics"
        columns={[
          { title: t('ratings.metric'), dataIndex: 'metric', render: (m: Metric) => t(`ratings.metrics.${m}`) },
          ...(weights ? [{ title: t('ratings.weight'), dataIndex: 'metric', key: 'weight', render: (m: string) => `${Math.round((weights[m] ?? 0) * 100)}%` }] : []),
          { title: t('ratings.observed'), dataIndex: 'raw', render: (v: number | null) => pct(v) },
          { title: t('ratings.shrunk'), dataIndex: 'shrunk', render: (v: number) => pct(v) },
          { title: t('ratings.outcomes'), dataIndex: 'trials', render: (n: number, m: RatingMetric) => t('ratings.outcomesValue', { successes: Number(m.successes.toFixed(2)), trials: n }) },
        ]}
      />
    </>
  );
}

function MyRating() {
  const { t } = useTranslation();
  const me = useLoad((signal) => getMyRating(signal), []);
  if (!me.data) return me.error ? <LoadError error={me.error} onRetry={me.reload} /> : <Skeleton active />;
  return (
    <Card title={t('ratings.mine')}>
      <RatingDetail rating={me.data} weights={me.data.weights} />
    </Card>
  );
}

function AgencyRatings({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const org = useLoad((signal) => getOrgRatings(orgId, signal), [orgId]);
  if (!org.data) return org.error ? <LoadError error={org.error} onRetry={org.reload} /> : <Skeleton active />;
  const d = org.data;
  if (d.agency === null) return <Alert type="info" title={t('ratings.notAgency')} />;
  return (
    <>
      <Card title={t('ratings.agency', { name: d.agency.name })} style={{ marginBottom: 16 }}>
        <RatingDetail rating={d.agency} weights={d.agency.weights} />
      </Card>
      <Card title={t('ratings.consultants')}>
        <Table
          rowKey="consultantId"
          size="small"
          pagination={false}
          dataSource={d.items}
          data-testid="consultant-ratings"
          expandable={{ expandedRowRender: (c: ConsultantRating) => <RatingDetail rating={c} weights={c.weights} /> }}
          columns={[
            { title: t('ratings.consultant'), dataIndex: 'name' },
            { title: t('ratings.score'), dataIndex: 'score', render: (v: number) => v.toFixed(1) },
            { title: t('ratings.tierLabel'), dataIndex: 'tier', render: (tier: Tier) => <TierTag tier={tier} /> },
            { title: t('ratings.sampleSize'), dataIndex: 'sampleSize' },
          ]}
        />
      </Card>
    </>
  );
}

function AllAgencies() {
  const { t } = useTranslation();
  const all = useLoad((signal) => getAgencyRatings(signal), []);
  const [picked, setPicked] = useState<string | undefined>(undefined);
  if (!all.data) return all.error ? <LoadError error={all.error} onRetry={all.reload} /> : <Skeleton active />;
  return (
    <>
      <Card title={t('ratings.agencies')} style={{ marginBottom: 16 }}>
        <Table
          rowKey="orgId"
          size="small"
          pagination={false}
          dataSource={all.data.items}
          data-testid="agency-ratings"
          columns={[
            { title: t('ratings.agencyName'), dataIndex: 'name' },
            { title: t('ratings.score'), dataIndex: 'score', render: (v: number) => v.toFixed(1) },
            { title: t('ratings.tierLabel'), dataIndex: 'tier', render: (tier: Tier) => <TierTag tier={tier} /> },
            { title: t('ratings.sampleSize'), dataIndex: 'sampleSize' },
          ]}
        />
        <Select
          style={{ minWidth: 260, marginTop: 12 }}
          placeholder={t('ratings.pickAgency')}
          value={picked}
          onChange={setPicked}
          options={all.data.items.map((a) => ({ value: a.orgId, label: a.name }))}
          data-testid="ratings-pick-agency"
        />
      </Card>
      {picked ? <AgencyRatings orgId={picked} /> : null}
    </>
  );
}

/** Outcome ratings (DESIGN §4.9): a consultant's own, an agency admin's agency and consultants, every agency for ops. */
export function RatingsPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  return (
    <>
      <PageHeader title={t('ratings.title')} subtitle={t('ratings.subtitle')} />
      {user.role === 'consultant' ? <MyRating /> : user.role === 'agency_admin' ? <AgencyRatings orgId={user.orgId} /> : <AllAgencies />}
    </>
  );
}
