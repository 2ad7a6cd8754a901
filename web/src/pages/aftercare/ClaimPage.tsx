import { App, Button, Card, Descriptions, Flex, Input, Radio, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api, notifyError } from '../../api/client';
import { BackBreadcrumb, Pending } from '../../components/DetailFrame';
import { Mono } from '../../components/Mono';
import { PageHeader } from '../../components/PageHeader';
import { useLoad, useLocale } from '../../hooks';
import { useSession } from '../../session';
import { Money } from '../placements/placement-parts';
import { RaiseDisputeButton } from '../disputes/RaiseDisputeButton';
import { ClaimStateTag } from './aftercare-parts';
import { ClaimEvidence } from './ClaimEvidence';
import type { ClaimDetail, Remedy, WordedClause } from '../../api/aftercare';

type ReplacementSubmission = NonNullable<ClaimDetail['replacement']>['submissions'][number];

/**
 * The replacement under way (DESIGN §4.5): the order reopened for the delivering agency until deliverBy, the
 * replacement submissions made to it, and the placement a hire made (fee 0, its own guarantee).
 */
function ReplacementCard({ claim: c, poster }: { claim: ClaimDetail; poster: boolean }) {
  const { t } = useTranslation();
  const r = c.replacement!;
  const orderLink = poster ? `/orders/${r.orderId}` : `/marketplace/${r.orderId}`;
  return (
    <Card title={t('aftercare.replacement.title')} data-testid="claim-replacement">
      <Descriptions
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'deliverBy', label: t('aftercare.replacement.deliverBy'), children: <span data-testid="claim-deliver-by">{c.deliverBy}{c.extended ? ` · ${t('aftercare.replacement.extended')}` : ''}</span> },
          { key: 'guarantee', label: t('aftercare.replacement.guarantee'), children: t('placements.replacement.days', { count: c.decision.replacement?.guaranteeDays ?? r.placement?.guaranteeDays ?? 0 }) },
          {
            key: 'order',
            label: t('aftercare.replacement.order'),
            children: c.state === 'replacement_pending' || c.state === 'replacement_overdue' ? <Link to={orderLink}>{t('aftercare.replacement.orderOpen', { title: c.placement.orderTitle ?? '' })}</Link> : <Link to={orderLink}>{c.placement.orderTitle}</Link>,
          },
          {
            key: 'placement',
            label: t('aftercare.replacement.placement'),
            children: r.placement ? (
              <Link to={`/placements/${r.placement.id}`} data-testid="claim-replacement-placement">
                {t('aftercare.replacement.placementLink', { date: r.placement.startDate })}
              </Link>
            ) : (
              t('aftercare.replacement.notYet')
            ),
          },
        ]}
      />
      <Table<ReplacementSubmission>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={r.submissions}
        style={{ marginTop: 12 }}
        data-testid="claim-replacement-submissions"
        locale={{ emptyText: t('aftercare.replacement.noSubmissions') }}
        columns={[
          { key: 'candidate', title: t('aftercare.replacement.candidate'), render: (_, s) => <Link to={`/submissions/${s.id}`}>{s.candidateName}</Link> },
          { key: 'consultant', title: t('aftercare.replacement.consultant'), dataIndex: 'consultantName' },
          { key: 'stage', title: t('aftercare.replacement.stage'), render: (_, s) => <Tag>{t(`submissions.stages.${s.stage as 'submitted'}`)}</Tag> },
          { key: 'placement', title: '', render: (_, s) => (s.placementId ? <Link to={`/placements/${s.placementId}`}>{t('aftercare.replacement.openPlacement')}</Link> : null) },
        ]}
      />
    </Card>
  );
}

/** One claim: the decision in words beside the clauses it rests on, and what the caller may do next. */
export function ClaimPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { user } = useSession();
  const { message } = App.useApp();
  const { claimId = '' } = useParams();
  const claim = useLoad((signal) => api.get<ClaimDetail>(`/claims/${encodeURIComponent(claimId)}`, { signal }), [claimId]);
  const [busy, setBusy] = useState(false);
  const [covered, setCovered] = useState<boolean | null>(null);
  const [reviewReason, setReviewReason] = useState('');

  const breadcrumb = <BackBreadcrumb to={claim.data ? `/placements/${claim.data.placementId}` : '/placements'} label={claim.data?.placement.candidateName ?? t('nav.placements')} current={t('aftercare.claims.page')} />;
  if (!claim.data) return <Pending load={claim} before={breadcrumb} />;
  const c = claim.data;
  const words = locale === 'en' ? c.inWords.en : c.inWords['zh-CN'];
  const poster = ['employer_admin', 'employer_hr', 'agency_admin'].includes(user.role);

  async function act(path: string, body?: unknown) {
    setBusy(true);
    try {
      const updated = await api.post<ClaimDetail>(`/claims/${c.id}/${path}`, body);
      claim.setData(() => updated);
      void message.success(t(`aftercare.claims.state.${updated.state}`));
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeader
        before={breadcrumb}
        title={
          <Flex align="center" gap={10} wrap>
            {t('aftercare.claims.page')} · {c.placement.candidateName}
            <ClaimStateTag state={c.state} />
          </Flex>
        }
        subtitle={[c.placement.orderTitle, t('aftercare.claims.reported', { date: c.reportedOn })].filter(Boolean).join(' · ')}
      />
      <Flex vertical gap={16}>
        <Card>
          <Descriptions
            column={{ xs: 1, md: 2 }}
            items={[
              { key: 'reason', label: t('aftercare.claims.reason'), children: t(`aftercare.claims.reasons.${c.reason}`) },
              { key: 'last', label: t('aftercare.claims.lastWorkingDay'), children: c.lastWorkingDay ?? '—' },
              { key: 'remedy', label: t('aftercare.claims.remedy'), children: c.remedy ? t(`aftercare.claims.remedies.${c.remedy}`) : t('aftercare.claims.remedyNone') },
              { key: 'fee', label: t('placements.fee'), children: <Money amount={c.placement.fee} currency={c.placement.currency} /> },
              ...(c.deliverBy ? [{ key: 'deliverBy', label: t('aftercare.claims.remedies.replacement'), children: t('aftercare.claims.deliverBy', { date: c.deliverBy }) }] : []),
              ...(c.comment ? [{ key: 'comment', label: t('aftercare.claims.comment'), children: c.comment }] : []),
              ...(c.review ? [{ key: 'review', label: t('aftercare.claims.review'), children: `${c.review.covered ? t('aftercare.claims.covered') : t('aftercare.claims.notCovered')}：${c.review.reason}` }] : []),
            ]}
          />
        </Card>

        <Card title={t('aftercare.claims.decision')}>
          <Table<WordedClause>
            rowKey="clause"
            size="small"
            pagination={false}
            dataSource={words}
            data-testid="claim-decision-words"
            columns={[
              { key: 'clause', title: '', width: 140, render: (_, w) => <Typography.Text strong>{t(`aftercare.claims.clause.${w.clause}`)}</Typography.Text> },
              { key: 'text', title: '', render: (_, w) => <span data-testid={`clause-${w.clause}`}>{w.text}</span> },
              { key: 'met', title: '', width: 100, render: (_, w) => (w.met === null ? null : <Tag color={w.met ? 'green' : 'red'}>{w.met ? t('aftercare.claims.met') : t('aftercare.claims.notMet')}</Tag>) },
            ]}
          />
          <Typography.Text type="secondary" style={{ display: 'block', marginTop: 12 }}>
            {t('aftercare.claims.termsHash')}
          </Typography.Text>
          <Mono value={c.termsHash} />
        </Card>

        <ClaimEvidence claimId={c.id} canAdd={poster} />

        {c.state === 'awaiting_remedy' && poster ? (
          <Card title={t('aftercare.claims.chooseRemedy')}>
            <Space>
              {c.decision.allowedRemedies.map((r: Remedy) => (
                <Button key={r} type="primary" loading={busy} onClick={() => void act('remedy', { remedy: r })} data-testid={`claim-remedy-${r}`}>
                  {t(`aftercare.claims.remedies.${r}`)}
                </Button>
              ))}
            </Space>
          </Card>
        ) : null}

        {c.state === 'pending_review' && user.role === 'platform_ops' ? (
          <Card title={t('aftercare.claims.review')}>
            <Flex vertical gap={12}>
              <Radio.Group value={covered} onChange={(e) => setCovered(e.target.value as boolean)} options={[{ value: true, label: t('aftercare.claims.covered') }, { value: false, label: t('aftercare.claims.notCovered') }]} />
              <Input.TextArea rows={3} placeholder={t('aftercare.claims.reviewReason')} value={reviewReason} onChange={(e) => setReviewReason(e.target.value)} data-testid="claim-review-reason" />
              <Button type="primary" disabled={covered === null || !reviewReason.trim()} loading={busy} onClick={() => void act('review', { covered, reason: reviewReason })} data-testid="claim-review-submit">
                {t('common.confirm')}
              </Button>
            </Flex>
          </Card>
        ) : null}

        {c.replacement ? <ReplacementCard claim={c} poster={poster} /> : null}

        {c.state === 'replacement_overdue' && poster ? (
          <Card>
            <Space>
              <Button type="primary" danger loading={busy} onClick={() => void act('convert-to-refund')} data-testid="claim-convert">
                {t('aftercare.claims.convert')}
              </Button>
              {!c.extended ? (
                <Button loading={busy} onClick={() => void act('extend')} data-testid="claim-extend">
                  {t('aftercare.claims.extend')}
                </Button>
              ) : null}
            </Space>
          </Card>
        ) : null}

        {(c.state === 'rejected' && poster) || (c.state === 'refunded' && user.role !== 'platform_ops') ? (
          <Card title={t('disputes.raise.title')}>
            <Flex vertical gap={8} align="flex-start">
              <Typography.Text type="secondary">{t('disputes.raise.window')}</Typography.Text>
              <Space wrap>
                <RaiseDisputeButton subjectId={c.id} type={c.state === 'rejected' ? 'claim_decision' : 'refund_amount'} />
                {c.state === 'refunded' && ['consultant', 'agency_admin'].includes(user.role) ? <RaiseDisputeButton subjectId={c.id} type="claim_decision" label={t('disputes.raise.refund_granted')} testId="dispute-raise-refund-granted" /> : null}
              </Space>
            </Flex>
          </Card>
        ) : null}
        {c.setAsideCodes.length > 0 ? <Typography.Text data-testid="claim-set-aside">{t('disputes.setAside', { codes: c.setAsideCodes.join(', ') })}</Typography.Text> : null}

        <Link to={`/placements/${c.placementId}`}>{c.placement.candidateName}</Link>
      </Flex>
    </>
  );
}
