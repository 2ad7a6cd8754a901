import { RaiseDisputeButton } from '../disputes/RaiseDisputeButton';
import { Alert, Button, Card, Col, Empty, Form, Input, Modal, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import ReactECharts from 'echarts-for-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, describeError } from '../../api/client';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { LoadMore } from '../../components/LoadMore';
import { useCursorPages, useLoad } from '../../hooks';
import { PAGE_LIMIT } from '../../../../src/platform/http/page-limit.ts';
import type { Items } from '../../api/contract';
import type { User } from '../../api/identity';
import { formatAmount, isCurrency, tryParseAmount, type Currency } from '../../../../src/platform/money.ts';
import { getLedgerCheck, MONEY_OVERVIEW_PATH, recordPayment, recordPayout, setConsultantShares, type AgencyMoney, type ConsultantMoney, type ConsultantShare, type InstallmentView, type MoneyOverview, type PlacementMoneyRow } from '../../api/money';
import { useSession } from '../../session';
import { Money } from '../placements/placement-parts';

const TOTAL_KEYS = ['earned', 'inEscrow', 'released', 'clawedBack', 'owed', 'paidOut', 'balance'] as const;

const COUNT_KEYS = ['transfers', 'accounts', 'currencies', 'placements', 'releases', 'installments'] as const;

const triggerKey = (v: string): 'start' | 'day' | 'guarantee_passed' | 'refund_settlement' =>
  v.startsWith('day:') ? 'day' : v === 'guarantee_passed' || v === 'refund_settlement' ? v : 'start';

const STATUS_COLORS: Record<string, string> = { scheduled: 'default', open: 'blue', partially_paid: 'gold', paid: 'green', void: 'default' };

function InstallmentStatus({ i }: { i: InstallmentView }) {
  const { t } = useTranslation();
  return (
    <Space size={4}>
      <Tag color={STATUS_COLORS[i.status]} data-testid={`installment-status-${i.id}`}>
        {t(`money.installmentStatus.${i.status}`)}
      </Tag>
      {i.overdue ? <Tag color="red">{t('money.overdue')}</Tag> : null}
    </Space>
  );
}

/** 资金: the caller's money — invoices (employer), earnings and escrow (agency), every placement's money (ops). */
export function MoneyPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const overview = useCursorPages<MoneyOverview>(MONEY_OVERVIEW_PATH, { limit: PAGE_LIMIT.default }, []);
  const first = overview.first;
  const isOps = user.role === 'platform_ops';
  const isAgency = user.role === 'agency_admin' || user.role === 'consultant';
  const isEmployer = user.role === 'employer_admin' || user.role === 'employer_hr';
  const data = first.data;
  const rows = overview.rows;

  return (
    <>
      <PageHeader title={t('money.title')} subtitle={t(isOps ? 'money.subtitleOps' : isAgency ? 'money.subtitleAgency' : 'money.subtitleEmployer')} />
      {first.error ? <LoadError error={first.error} onRetry={first.reload} /> : null}
      {isOps ? <LedgerCheckCard /> : null}
      {data && isAgency && data.agency ? <AgencySummary agency={data.agency} /> : null}
      {data && isAgency && user.role === 'agency_admin' ? <SharesCard orgId={user.orgId} shares={data.agency?.shares ?? []} onChanged={first.reload} /> : null}
      {data && (user.role === 'employer_admin' || user.role === 'agency_admin') ? <StatementLinks orgId={user.orgId} currencies={[...new Set(rows.map((r) => r.money.currency))]} /> : null}
      {data && isEmployer ? <RefundToday rows={rows} /> : null}
      <Card title={t(isEmployer ? 'money.invoices' : 'money.placements')} loading={first.loading && !data} style={{ marginBottom: 16 }}>
        {data && rows.length === 0 ? <Empty description={t('money.none')} /> : null}
        {rows.map((row) => <PlacementMoney key={row.placementId} row={row} canPay={isOps} onChanged={first.reload} />)}
        {overview.cursor ? <LoadMore pages={overview} label={t('money.loadMore')} testId="money-load-more" /> : null}
      </Card>
      {isOps && data ? <PayoutCard onChanged={first.reload} /> : null}
    </>
  );
}

function PlacementMoney({ row, canPay, onChanged }: { row: PlacementMoneyRow; canPay: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const m = row.money;
  const [paying, setPaying] = useState<InstallmentView | null>(null);
  return (
    <Card
      type="inner"
      size="small"
      style={{ marginBottom: 12 }}
      data-testid={`money-placement-${row.placementId}`}
      title={
        <Space wrap>
          <Link to={`/placements/${row.placementId}`}>{row.candidateName}</Link>
          <Typography.Text type="secondary">{row.orderTitle}</Typography.Text>
          <Tag>{t(`money.release.${row.release}`)}</Tag>
        </Space>
      }
    >
      <Row gutter={[16, 8]} style={{ marginBottom: 8 }}>
        {(['fee', 'finalFee', 'invoiced', 'received', 'inEscrow', 'releasedToDeliverer', 'platformFees', 'refunded', 'clawedBack', 'delivererOwes'] as const).map((k) => (
          <Col key={k} xs={12} md={6} lg={4}>
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {t(`money.fields.${k}`)}
            </Typography.Text>
            <span data-testid={`money-${k}-${row.placementId}`}>
              <Money amount={m[k]} currency={m.currency} />
            </span>
          </Col>
        ))}
      </Row>
      <Table<InstallmentView>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={row.installments}
        columns={[
          { title: '#', dataIndex: 'sequence', width: 48 },
          { title: t('money.trigger'), dataIndex: 'trigger', render: (v: string) => t(`money.triggers.${triggerKey(v)}`, { day: v.slice(4) }) },
          { title: t('money.triggerDate'), dataIndex: 'triggerDate' },
          { title: t('money.dueDate'), dataIndex: 'dueDate' },
          { title: t('money.amount'), dataIndex: 'amount', render: (v: string, i) => <Money amount={v} currency={i.currency} /> },
          { title: t('money.paid'), dataIndex: 'paid', render: (v: string, i) => <Money amount={v} currency={i.currency} /> },
          { title: t('money.status'), key: 'status', render: (_: unknown, i) => <InstallmentStatus i={i} /> },
          ...(canPay
            ? [
                {
                  title: '',
                  key: 'pay',
                  render: (_: unknown, i: InstallmentView) =>
                    i.status === 'open' || i.status === 'partially_paid' ? (
                      <Button size="small" onClick={() => setPaying(i)} data-testid={`record-payment-${i.id}`}>
                        {t('money.recordPayment')}
                      </Button>
                    ) : null,
                },
              ]
            : [
                {
                  title: '',
                  key: 'dispute',
                  render: (_: unknown, i: InstallmentView) =>
                    i.status !== 'scheduled' ? <RaiseDisputeButton subjectId={i.id} type="payment" size="small" testId={`dispute-payment-${i.id}`} /> : null,
                },
              ]),
        ]}
      />
      {paying ? (
        <PaymentModal
          installment={paying}
          onClose={(changed) => {
            setPaying(null);
            if (changed) onChanged();
          }}
        />
      ) : null}
    </Card>
  );
}

/** What is still open on an installment (amount − paid − voided), in exact minor units; empty when unreadable. */
function outstanding(i: InstallmentView): string {
  const currency = i.currency;
  if (!isCurrency(currency)) return '';
  const [amount, paid, voided] = [i.amount, i.paid, i.voided].map((v) => tryParseAmount(v, currency));
  return amount == null || paid == null || voided == null ? '' : formatAmount(amount - paid - voided, currency);
}

function PaymentModal({ installment, onClose }: { installment: InstallmentView; onClose: (changed: boolean) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ amount: string; paidOn?: string; reference: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One key per opened form: a double click or a retry after a timeout records the payment once.
  const [key] = useState(() => crypto.randomUUID());
  const open = outstanding(installment);
  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      await recordPayment(installment.id, { amount: values.amount, reference: values.reference, ...(values.paidOn ? { paidOn: values.paidOn } : {}) }, key);
      onClose(true);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('money.recordPayment')} onCancel={() => onClose(false)} onOk={submit} confirmLoading={busy} okButtonProps={{ 'data-testid': 'payment-submit' }}>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" initialValues={{ amount: open }}>
        <Form.Item name="amount" label={`${t('money.amount')} (${installment.currency})`} rules={[{ required: true }]}>
          <Input data-testid="payment-amount" />
        </Form.Item>
        <Form.Item name="paidOn" label={t('money.paidOn')}>
          <Input placeholder="YYYY-MM-DD" data-testid="payment-date" />
        </Form.Item>
        <Form.Item name="reference" label={t('money.reference')} rules={[{ required: true }]}>
          <Input data-testid="payment-reference" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RefundToday({ rows }: { rows: PlacementMoneyRow[] }) {
  const { t } = useTranslation();
  const inGuarantee = rows.filter((r) => r.refundIfLeftToday);
  if (inGuarantee.length === 0) return null;
  return (
    <Card title={t('money.refundTodayTitle')} style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">{t('money.refundTodayHint')}</Typography.Paragraph>
      <Table
        size="small"
        rowKey="placementId"
        pagination={false}
        dataSource={inGuarantee}
        columns={[
          { title: t('money.candidate'), dataIndex: 'candidateName' },
          { title: t('money.daysServed'), key: 'd', render: (_: unknown, r: PlacementMoneyRow) => r.refundIfLeftToday?.daysServed },
          {
            title: t('money.refund'),
            key: 'refund',
            render: (_: unknown, r: PlacementMoneyRow) =>
              r.refundIfLeftToday && r.refundIfLeftToday.status !== 'ineligible' ? (
                <span data-testid={`refund-today-${r.placementId}`}>
                  <Money amount={r.refundIfLeftToday.refund} currency={r.money.currency} strong />
                </span>
              ) : (
                <Typography.Text type="warning">{t('money.notEligible', { codes: r.refundIfLeftToday?.codes.map((c) => t(`money.codes.${c}`)).join('、') })}</Typography.Text>
              ),
          },
          { title: t('money.cashBack'), key: 'cash', render: (_: unknown, r: PlacementMoneyRow) => (r.refundIfLeftToday ? <Money amount={r.refundIfLeftToday.cashRefund} currency={r.money.currency} /> : null) },
          { title: t('money.stillDue'), key: 'due', render: (_: unknown, r: PlacementMoneyRow) => (r.refundIfLeftToday ? <Money amount={r.refundIfLeftToday.stillDue} currency={r.money.currency} /> : null) },
        ]}
      />
    </Card>
  );
}

function AgencySummary({ agency }: { agency: AgencyMoney }) {
  const { t } = useTranslation();
  return (
    <>
      {agency.totals.map((tot) => (
        <Card key={tot.currency} title={`${t('money.agencyTotals')} · ${tot.currency}`} style={{ marginBottom: 16 }}>
          <Row gutter={[16, 16]}>
            {TOTAL_KEYS.map((k) => (
              <Col key={k} xs={12} md={6} lg={3}>
                <Statistic title={t(`money.totals.${k}`)} value={tot[k]} suffix={tot.currency} valueStyle={{ fontSize: 18 }} data-testid={`agency-${k}-${tot.currency}`} />
              </Col>
            ))}
          </Row>
        </Card>
      ))}
      {agency.consultants.length > 0 ? (
        <Card title={t('money.perConsultant')} style={{ marginBottom: 16 }}>
          <Typography.Paragraph type="secondary">{t('money.perConsultantHint')}</Typography.Paragraph>
          <Table<ConsultantMoney>
            size="small"
            rowKey={(r) => `${r.consultantId ?? 'agency'}-${r.currency}`}
            pagination={false}
            scroll={{ x: true }}
            data-testid="consultant-money"
            dataSource={agency.consultants}
            onRow={(r) => ({ 'data-testid': `consultant-money-${r.consultantId ?? 'agency'}-${r.currency}` }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('money.consultant'), key: 'c', render: (_: unknown, r) => (r.consultantId ? (r.name ?? r.consultantId.slice(0, 8)) : t('money.agencyOwn')) },
              ...TOTAL_KEYS.map((k) => ({ title: t(`money.totals.${k}`), key: k, align: 'right' as const, render: (_: unknown, r: ConsultantMoney) => <span data-testid={`consultant-${k}`}><Money amount={r[k]} currency={r.currency} /></span> })),
            ]}
          />
        </Card>
      ) : null}
      {agency.timeline.length > 0 ? (
        <Card title={t('money.chartTitle')} style={{ marginBottom: 16 }}>
          <ReactECharts
            style={{ height: 280 }}
            option={{
              tooltip: { trigger: 'axis' },
              legend: { data: [t('money.chartEscrow'), t('money.chartReleased')] },
              xAxis: { type: 'category', data: agency.timeline.map((p) => `${p.date} ${p.currency}`) },
              yAxis: { type: 'value' },
              series: [
                { name: t('money.chartEscrow'), type: 'line', step: 'end', data: agency.timeline.map((p) => p.inEscrow) },
                { name: t('money.chartReleased'), type: 'bar', data: agency.timeline.map((p) => p.released) },
              ],
            }}
          />
        </Card>
      ) : null}
    </>
  );
}

/** The org's statement per currency as a file (every transfer with its placement, consultant, reason and balance). */
function StatementLinks({ orgId, currencies }: { orgId: string; currencies: string[] }) {
  const { t } = useTranslation();
  if (currencies.length === 0) return null;
  const href = (currency: string, format: 'csv' | 'xlsx') => `/api/v1/orgs/${encodeURIComponent(orgId)}/statement?currency=${currency}&format=${format}`;
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <Space wrap>
        <Typography.Text>{t('money.statement')}</Typography.Text>
        {currencies.map((c) => (
          <Space key={c} size={4}>
            <Button size="small" href={href(c, 'csv')} data-testid={`statement-csv-${c}`}>
              {c} · CSV
            </Button>
            <Button size="small" href={href(c, 'xlsx')} data-testid={`statement-xlsx-${c}`}>
              {c} · Excel
            </Button>
          </Space>
        ))}
      </Space>
    </Card>
  );
}

/** The agency's admin splits the deliverer share among its consultants; what is not split stays with the agency. */
function SharesCard({ orgId, shares, onChanged }: { orgId: string; shares: ConsultantShare[]; onChanged: () => void }) {
  const { t } = useTranslation();
  const users = useLoad((signal) => api.get<Items<User>>(`/orgs/${encodeURIComponent(orgId)}/users`, { signal }), [orgId]);
  const consultants = (users.data?.items ?? []).filter((u) => u.role === 'consultant' && !u.disabled);
  const initial = Object.fromEntries(shares.map((s) => [s.consultantId, s.percent]));
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const hundredths = (v: string | undefined) => (v && /^\d{1,3}(\.\d{1,2})?$/.test(v.trim()) ? Math.round(Number(v) * 100) : 0);
  const total = consultants.reduce((sum, c) => sum + hundredths(values[c.id]), 0);
  const save = async () => {
    setBusy(true);
    setResult(null);
    try {
      const body = { shares: consultants.filter((c) => (values[c.id] ?? '').trim() !== '' && hundredths(values[c.id]) > 0).map((c) => ({ consultantId: c.id, percent: (values[c.id] ?? '').trim() })) };
      await setConsultantShares(orgId, body);
      setResult({ ok: true, text: t('money.sharesSaved') });
      onChanged();
    } catch (e) {
      setResult({ ok: false, text: describeError(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('money.sharesTitle')} style={{ marginBottom: 16 }} loading={users.loading && !users.data}>
      <Typography.Paragraph type="secondary">{t('money.sharesHint')}</Typography.Paragraph>
      {users.error ? <LoadError error={users.error} onRetry={users.reload} /> : null}
      {result ? <Alert type={result.ok ? 'success' : 'error'} showIcon title={result.text} style={{ marginBottom: 12 }} data-testid="shares-result" /> : null}
      <Row gutter={[16, 8]}>
        {consultants.map((c) => (
          <Col key={c.id} xs={24} md={12} lg={8}>
            <Space>
              <Typography.Text style={{ display: 'inline-block', minWidth: 96 }}>{c.name}</Typography.Text>
              <Input
                style={{ width: 110 }}
                suffix="%"
                value={values[c.id] ?? ''}
                placeholder="0"
                data-testid={`share-${c.id}`}
                onChange={(e) => setValues((v) => ({ ...v, [c.id]: e.target.value }))}
              />
            </Space>
          </Col>
        ))}
      </Row>
      <Space style={{ marginTop: 12 }}>
        <Typography.Text type={total > 10_000 ? 'danger' : 'secondary'} data-testid="shares-agency-keeps">
          {total > 10_000 ? t('money.sharesOver') : t('money.sharesAgencyKeeps', { percent: ((10_000 - total) / 100).toFixed(2) })}
        </Typography.Text>
        <Button type="primary" onClick={save} loading={busy} disabled={total > 10_000} data-testid="shares-save">
          {t('money.sharesSave')}
        </Button>
      </Space>
    </Card>
  );
}

function LedgerCheckCard() {
  const { t } = useTranslation();
  const check = useLoad((signal) => getLedgerCheck(signal), []);
  return (
    <Card title={t('money.ledgerCheck')} style={{ marginBottom: 16 }} extra={<Button onClick={check.reload}>{t('money.rerun')}</Button>} loading={check.loading && !check.data}>
      {check.error ? <LoadError error={check.error} onRetry={check.reload} /> : null}
      {check.data ? (
        <>
          <Alert
            type={check.data.ok ? 'success' : 'error'}
            showIcon
            data-testid="ledger-check-result"
            title={check.data.ok ? t('money.checkOk') : t('money.checkFailed', { count: check.data.violations.length })}
            description={COUNT_KEYS.filter((k) => k in check.data!.counts).map((k) => `${t(`money.counts.${k}`)}: ${check.data!.counts[k]}`).join(' · ')}
          />
          {check.data.violations.map((v, i) => (
            <Typography.Paragraph key={i} type="danger" style={{ marginTop: 8 }}>
              {v.rule} · {v.placementId ?? '—'} · {v.transferId ?? '—'}: {v.message}
            </Typography.Paragraph>
          ))}
        </>
      ) : null}
    </Card>
  );
}

function PayoutCard({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ orgId: string; currency: Currency; amount: string; reference: string }>();
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async () => {
    const v = await form.validateFields();
    try {
      const res = await recordPayout(v.orgId, { currency: v.currency, amount: v.amount, reference: v.reference });
      setResult({ ok: true, text: t('money.payoutDone', { balance: `${res.balance} ${v.currency}` }) });
      onChanged();
    } catch (e) {
      setResult({ ok: false, text: describeError(e) });
    }
  };
  return (
    <Card title={t('money.payoutTitle')} style={{ marginBottom: 16 }}>
      {result ? <Alert type={result.ok ? 'success' : 'error'} showIcon title={result.text} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="inline" initialValues={{ currency: 'CNY' }}>
        <Form.Item name="orgId" label={t('money.agencyOrgId')} rules={[{ required: true }]}>
          <Input style={{ width: 300 }} data-testid="payout-org" />
        </Form.Item>
        <Form.Item name="currency" label={t('money.currency')} rules={[{ required: true }]}>
          <Input style={{ width: 80 }} />
        </Form.Item>
        <Form.Item name="amount" label={t('money.amount')} rules={[{ required: true }]}>
          <Input style={{ width: 140 }} data-testid="payout-amount" />
        </Form.Item>
        <Form.Item name="reference" label={t('money.reference')} rules={[{ required: true }]}>
          <Input style={{ width: 160 }} />
        </Form.Item>
        <Button type="primary" onClick={submit}>
          {t('money.payout')}
        </Button>
      </Form>
    </Card>
  );
}
