import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Flex, Input, Radio, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api, notifyError } from '../../api/client';
import { BackBreadcrumb, Pending } from '../../components/DetailFrame';
import { Mono } from '../../components/Mono';
import { PageHeader } from '../../components/PageHeader';
import { formatInstant } from '../../format';
import { useLoad, useLocale } from '../../hooks';
import { useSession } from '../../session';
import { Money } from '../placements/placement-parts';
import { DisputeStateTag } from './dispute-parts';
import type { Arbitrator, DisputeDetail, DisputeOutcome } from '../../api/disputes';

type Evidence = DisputeDetail['evidence'][number];

/**
 * One dispute (DESIGN §4.8): both statements, the evidence, the deadlines and the decision with what applying it
 * did; the answer form for the other party, the assignment for ops, the decision for the assigned arbitrator.
 */
export function DisputePage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const locale = useLocale();
  const { message } = App.useApp();
  const { disputeId = '' } = useParams();
  const dispute = useLoad((signal) => api.get<DisputeDetail>(`/disputes/${encodeURIComponent(disputeId)}`, { signal }), [disputeId]);
  const arbitrators = useLoad((signal) => (user.role === 'platform_ops' ? api.get<{ items: Arbitrator[] }>('/arbitrators', { signal }) : Promise.resolve({ items: [] as Arbitrator[] })), [user.role]);
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState('');
  const [arbitratorId, setArbitratorId] = useState<string | undefined>(undefined);
  const [outcome, setOutcome] = useState<DisputeOutcome | null>(null);
  const [amount, setAmount] = useState('');
  const [paidOn, setPaidOn] = useState('');
  const [paymentId, setPaymentId] = useState<string | undefined>(undefined);
  const [reasons, setReasons] = useState('');

  const breadcrumb = <BackBreadcrumb to="/disputes" label={t('nav.disputes')} current={t('disputes.page')} />;
  if (!dispute.data) return <Pending load={dispute} before={breadcrumb} />;
  const d = dispute.data;
  const outcomes = OUTCOMES[d.type];
  // What each outcome needs besides the reasons: an amount (and for a payment found, its day), or the payment to reverse.
  const needsAmount = outcome === 'adjust';
  const needsPaidOn = outcome === 'adjust' && d.type === 'payment';
  const needsPayment = outcome === 'overturn' && d.type === 'payment';
  const decisionBody = { outcome, reasons, ...(needsAmount ? { amount } : {}), ...(needsPaidOn ? { paidOn } : {}), ...(needsPayment ? { paymentId } : {}) };
  const incomplete = outcome === null || !reasons.trim() || (needsAmount && !amount.trim()) || (needsPaidOn && !paidOn) || (needsPayment && !paymentId);

  async function act(path: string, body: unknown, done: string) {
    setBusy(true);
    try {
      const updated = await api.post<DisputeDetail>(`/disputes/${d.id}/${path}`, body);
      dispute.setData(() => updated);
      void message.success(done);
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  }

  async function upload(file: File) {
    const form = new FormData();
    form.append('file', file, file.name);
    await act('evidence', form, t('disputes.evidence.added'));
  }

  // An ownership dispute is between the refused consultant's side and the side that holds the protection (never named).
  const side = (s: string) => (d.type === 'ownership' ? t(`disputes.ownershipSides.${s as 'owner'}`) : t(`placements.sides.${s as 'poster'}`));

  return (
    <>
      <PageHeader
        before={breadcrumb}
        title={
          <Flex align="center" gap={10} wrap>
            {t(`disputes.type.${d.type}`)}
            <DisputeStateTag state={d.state} overdue={d.overdue} />
          </Flex>
        }
        subtitle={t('disputes.raisedBy', { side: side(d.raisedBy.side), date: d.deadlines.raisedOn })}
      />
      <Flex vertical gap={16}>
        <Card title={t('disputes.deadlines.title')}>
          <Descriptions
            column={{ xs: 1, md: 2, xl: 3 }}
            items={[
              { key: 'contested', label: t('disputes.deadlines.contestedOn'), children: d.deadlines.contestedOn },
              { key: 'raised', label: t('disputes.deadlines.raisedOn'), children: d.deadlines.raisedOn },
              { key: 'answer', label: t('disputes.deadlines.answerBy'), children: <span data-testid="dispute-answer-by">{d.deadlines.answerBy}</span> },
              { key: 'decide', label: t('disputes.deadlines.decideBy'), children: <span data-testid="dispute-decide-by">{d.deadlines.decideBy}{d.overdueOn ? ` · ${t('disputes.overdueSince', { date: d.overdueOn })}` : ''}</span> },
              { key: 'arbitrator', label: t('disputes.arbitrator'), children: d.arbitratorUserId ? (arbitrators.data?.items.find((a) => a.id === d.arbitratorUserId)?.name ?? t('disputes.assigned')) : t('disputes.unassigned') },
              ...(d.claimId ? [{ key: 'claim', label: t('disputes.subject'), children: <Link to={`/claims/${d.claimId}`}>{t('disputes.openClaim')}</Link> }] : []),
              ...(d.installmentId ? [{ key: 'installment', label: t('disputes.subject'), children: <Link to="/money">{t('disputes.openMoney')}</Link> }] : []),
              ...(d.refusal
                ? [
                    { key: 'refusal', label: t('disputes.subject'), children: <span data-testid="dispute-refusal">{t('disputes.refusal.summary', { candidate: d.refusal.candidateName, order: d.refusal.orderTitle, date: d.refusal.refusedOn })}</span> },
                    { key: 'protected', label: t('submissions.refusals.protectedUntil'), children: d.refusal.protectedUntil },
                  ]
                : []),
              ...(d.placementId ? [{ key: 'placement', label: t('nav.placements'), children: <Link to={`/placements/${d.placementId}`}>{t('disputes.openPlacement')}</Link> }] : []),
            ]}
          />
        </Card>

        <Card title={t('disputes.statements')}>
          <Flex vertical gap={12}>
            <div data-testid="dispute-statement">
              <Typography.Text strong>{t('disputes.statementOf', { side: side(d.raisedBy.side) })}</Typography.Text>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 4 }}>{d.statement}</Typography.Paragraph>
            </div>
            <div data-testid="dispute-response">
              <Typography.Text strong>{t('disputes.statementOf', { side: side(d.respondent.side) })}</Typography.Text>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 4 }} type={d.response.statement ? undefined : 'secondary'}>
                {d.response.statement ?? (d.response.missed ? t('disputes.silence', { date: d.deadlines.answerBy }) : t('disputes.awaitingAnswer', { date: d.deadlines.answerBy }))}
              </Typography.Paragraph>
            </div>
            {d.can.respond ? (
              <Flex vertical gap={8}>
                {d.mySide === 'owner' ? <Typography.Text type="secondary">{t('disputes.ownerHint')}</Typography.Text> : null}
                <Input.TextArea rows={4} maxLength={8000} value={answer} onChange={(e) => setAnswer(e.target.value)} placeholder={t('disputes.answerPlaceholder')} data-testid="dispute-answer" />
                <Button type="primary" disabled={!answer.trim()} loading={busy} onClick={() => void act('responses', { statement: answer }, t('disputes.answered'))} data-testid="dispute-answer-submit">
                  {t('disputes.answer')}
                </Button>
              </Flex>
            ) : null}
          </Flex>
        </Card>

        <Card
          title={t('disputes.evidence.title')}
          extra={
            d.can.addEvidence ? (
              <Upload showUploadList={false} beforeUpload={(file) => (void upload(file), false)}>
                <Button icon={<UploadOutlined />} loading={busy} data-testid="dispute-evidence-upload">
                  {t('disputes.evidence.add')}
                </Button>
              </Upload>
            ) : null
          }
        >
          <Table<Evidence>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={d.evidence}
            locale={{ emptyText: t('disputes.evidence.none') }}
            columns={[
              { key: 'name', title: t('disputes.evidence.file'), render: (_, e) => <a href={e.downloadUrl}>{e.name}</a> },
              { key: 'side', title: t('disputes.evidence.side'), render: (_, e) => side(e.side) },
              { key: 'hash', title: 'SHA-256', render: (_, e) => <Mono value={e.sha256} /> },
              { key: 'at', title: t('disputes.evidence.addedAt'), render: (_, e) => formatInstant(e.addedAt, locale) },
            ]}
          />
        </Card>

        {d.type === 'payment' ? (
          <Card title={t('disputes.payments.title')}>
            <Table<DisputeDetail['payments'][number]>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={d.payments}
              data-testid="dispute-payments"
              locale={{ emptyText: t('disputes.payments.none') }}
              columns={[
                { key: 'paidOn', title: t('disputes.payments.paidOn'), dataIndex: 'paidOn' },
                { key: 'amount', title: t('disputes.payments.amount'), render: (_, x) => <Money amount={x.amount} currency={d.currency} /> },
                { key: 'state', title: t('disputes.stateColumn'), render: (_, x) => (x.reversedOn ? <Tag color="red">{t('disputes.payments.reversed', { date: x.reversedOn })}</Tag> : <Tag color="green">{t('disputes.payments.counts')}</Tag>) },
              ]}
            />
          </Card>
        ) : null}

        {d.can.assign ? (
          <Card title={t('disputes.assign.title')}>
            <Space wrap>
              <Select
                style={{ minWidth: 260 }}
                placeholder={t('disputes.assign.pick')}
                value={arbitratorId}
                onChange={setArbitratorId}
                data-testid="dispute-assign-select"
                options={(arbitrators.data?.items ?? []).map((a) => ({ value: a.id, label: a.tiedOrgIds.length > 0 ? `${a.name} (${t('disputes.assign.ties', { count: a.tiedOrgIds.length })})` : a.name }))}
              />
              <Button type="primary" disabled={!arbitratorId} loading={busy} onClick={() => void act('assign', { arbitratorUserId: arbitratorId }, t('disputes.assign.done'))} data-testid="dispute-assign-submit">
                {t('disputes.assign.submit')}
              </Button>
            </Space>
          </Card>
        ) : null}

        {d.can.decide ? (
          <Card title={t('disputes.decide.title')}>
            <Flex vertical gap={12}>
              <Radio.Group value={outcome} onChange={(e) => setOutcome(e.target.value as DisputeOutcome)} options={outcomes.map((o) => ({ value: o, label: t(`disputes.outcomeFor.${d.type}.${o}`) }))} data-testid="dispute-outcome" />
              <Typography.Text type="secondary">{t(`disputes.decide.hint.${d.type}`)}</Typography.Text>
              {needsAmount ? <Input style={{ maxWidth: 240 }} addonAfter={d.currency} value={amount} onChange={(e) => setAmount(e.target.value)} placeholder={t(`disputes.decide.amountFor.${d.type}`)} data-testid="dispute-amount" /> : null}
              {needsPaidOn ? <Input type="date" style={{ maxWidth: 240 }} max={d.today} value={paidOn} onChange={(e) => setPaidOn(e.target.value)} aria-label={t('disputes.payments.paidOn')} data-testid="dispute-paid-on" /> : null}
              {needsPayment ? (
                <Select
                  style={{ maxWidth: 360 }}
                  placeholder={t('disputes.payments.pick')}
                  value={paymentId}
                  onChange={setPaymentId}
                  data-testid="dispute-payment-select"
                  options={d.payments.filter((x) => !x.reversedOn).map((x) => ({ value: x.id, label: `${x.paidOn} · ${x.amount} ${d.currency}` }))}
                />
              ) : null}
              <Input.TextArea rows={4} maxLength={8000} value={reasons} onChange={(e) => setReasons(e.target.value)} placeholder={t('disputes.decide.reasons')} data-testid="dispute-reasons" />
              <Button
                type="primary"
                disabled={incomplete}
                loading={busy}
                onClick={() => void act('decision', decisionBody, t('disputes.decide.done'))}
                data-testid="dispute-decide-submit"
              >
                {t('disputes.decide.submit')}
              </Button>
            </Flex>
          </Card>
        ) : null}

        {d.decision ? (
          <Card title={t('disputes.decision')} data-testid="dispute-decision">
            <Descriptions
              column={1}
              items={[
                { key: 'outcome', label: t('disputes.decide.outcome'), children: <Tag color={d.decision.outcome === 'uphold' ? 'default' : 'green'}>{t(`disputes.outcomeFor.${d.type}.${d.decision.outcome}`)}</Tag> },
                ...(d.decision.amount !== null ? [{ key: 'amount', label: t('disputes.decide.amount'), children: <Money amount={d.decision.amount} currency={d.decision.currency} /> }] : []),
                { key: 'reasons', label: t('disputes.decide.reasons'), children: <span style={{ whiteSpace: 'pre-wrap' }}>{d.decision.reasons}</span> },
                { key: 'on', label: t('disputes.decide.on'), children: d.decision.decidedOn },
                { key: 'applied', label: t('disputes.applied'), children: <AppliedEffects effects={d.decision.effects} /> },
              ]}
            />
          </Card>
        ) : null}
      </Flex>
    </>
  );
}

/** The outcomes an arbitrator chooses from, per type (DESIGN §4.8, docs/disputes.md). */
const OUTCOMES: Record<DisputeDetail['type'], DisputeOutcome[]> = {
  claim_decision: ['uphold', 'overturn'],
  refund_amount: ['uphold', 'adjust'],
  payment: ['uphold', 'adjust', 'overturn'],
  service_quality: ['uphold', 'adjust'],
  ownership: ['uphold', 'overturn'],
};

/** What applying the decision did, in words: the claim's new state, the refund's new amount, a payment, a credit. */
function AppliedEffects({ effects }: { effects: Record<string, unknown> }) {
  const { t } = useTranslation();
  if (typeof effects.claimState === 'string' && typeof effects.refundFromMinor === 'string') return <span data-testid="dispute-applied">{t('disputes.effects.refundReversed')}</span>;
  if (typeof effects.claimState === 'string') {
    const codes = Array.isArray(effects.setAside) ? (effects.setAside as string[]).join(', ') : '';
    return <span data-testid="dispute-applied">{t('disputes.effects.claim', { state: t(`aftercare.claims.state.${effects.claimState as 'refunded'}`), codes })}</span>;
  }
  if (typeof effects.refundToMinor === 'string') return <span data-testid="dispute-applied">{t('disputes.effects.refund')}</span>;
  if (typeof effects.paymentId === 'string') return <span data-testid="dispute-applied">{t('disputes.effects.paymentFound', { date: String(effects.paidOn) })}</span>;
  if (typeof effects.reversedPaymentId === 'string') return <span data-testid="dispute-applied">{t('disputes.effects.paymentReversed')}</span>;
  if (typeof effects.creditMinor === 'string') return <span data-testid="dispute-applied">{t('disputes.effects.credit')}</span>;
  if (typeof effects.submissionId === 'string') return <span data-testid="dispute-applied"><Link to={`/submissions/${effects.submissionId}`}>{t('disputes.effects.submissionAccepted')}</Link></span>;
  return <span data-testid="dispute-applied">{t('disputes.effects.none')}</span>;
}
