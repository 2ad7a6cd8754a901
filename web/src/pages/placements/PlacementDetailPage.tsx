import { RaiseDisputeButton } from '../disputes/RaiseDisputeButton';
import { CheckCircleFilled, CheckOutlined, ClockCircleOutlined, CloseOutlined, DownloadOutlined, EditOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Collapse, Descriptions, Empty, Flex, Modal, Row, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError, notifyError } from '../../api/client';
import { BackBreadcrumb, Pending } from '../../components/DetailFrame';
import { Mono } from '../../components/Mono';
import { PageHeader } from '../../components/PageHeader';
import { formatCalendarDateLong, formatInstant, shortHash } from '../../format';
import { useLoad, useLocale } from '../../hooks';
import { AftercarePanel } from '../aftercare/AftercarePanel';
import { RiskCard } from '../risk/RiskCard';
import { SkillAssessmentCard } from '../assessments/SkillAssessmentCard';
import { CorrectFactsModal } from './CorrectFactsModal';
import { ObligationTimeline, toTimelineEntries } from './ObligationTimeline';
import { Money, PlacementStatusTag, pickText } from './placement-parts';
import { acceptPlacement, getPlacement, type InstallmentItem, type PlacementDetail, type PlacementSide } from '../../api/placements';

/** One placement: the signed terms beside the scope statement, both acceptances, and every obligation on a timeline. */
export function PlacementDetailPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const { placementId = '' } = useParams();
  const placement = useLoad((signal) => getPlacement(placementId, signal), [placementId]);
  const [confirming, setConfirming] = useState(false);
  const [accepting, setAccepting] = useState(false);
  const [correcting, setCorrecting] = useState(false);

  const breadcrumb = <BackBreadcrumb to="/placements" label={t('nav.placements')} current={placement.data?.candidateName ?? t('placements.detail.title')} />;
  if (!placement.data) return <Pending load={placement} before={breadcrumb} />;
  const p = placement.data;
  const mySide = p.mySides.find((s) => p.pendingSides.includes(s));

  async function accept() {
    setAccepting(true);
    try {
      const updated = await acceptPlacement(p);
      placement.setData(() => updated);
      setConfirming(false);
      void message.success(updated.status === 'active' ? t('placements.detail.activatedOk', { count: updated.obligations.length }) : t('placements.detail.acceptedOk'));
    } catch (error) {
      if (error instanceof ApiError && error.code === 'terms_mismatch') {
        void message.error(t('placements.detail.termsMismatch'));
        setConfirming(false);
        placement.reload();
      } else {
        notifyError(error);
      }
    } finally {
      setAccepting(false);
    }
  }

  const entries = p.obligations.length > 0 ? toTimelineEntries(p.obligations) : toTimelineEntries(p.schedule);
  const words = locale === 'en' ? p.termsInWords.en : p.termsInWords['zh-CN'];
  const planName = pickText(p.plan.name, locale);

  return (
    <>
      <PageHeader
        before={breadcrumb}
        title={
          <Flex align="center" gap={10} wrap>
            {p.candidateName}
            <PlacementStatusTag status={p.status} />
          </Flex>
        }
        subtitle={[p.order.title, p.order.city, planName].filter(Boolean).join(' · ')}
        extra={
          <Flex gap={8} wrap>
            {p.canCorrect ? (
              <Button size="large" icon={<EditOutlined />} onClick={() => setCorrecting(true)} data-testid="placement-correct">
                {t('placements.correct.button')}
              </Button>
            ) : null}
            {mySide ? (
              <Button type="primary" size="large" icon={<SafetyCertificateOutlined />} onClick={() => setConfirming(true)} data-testid="placement-accept">
                {t('placements.detail.acceptButton', { hash: shortHash(p.agreementHash) })}
              </Button>
            ) : null}
            {/* A plain download: the browser sends the session cookie; the server names the file. */}
            <Button size="large" icon={<DownloadOutlined />} href={`/api/v1/placements/${encodeURIComponent(p.id)}/record`} download title={t('placements.detail.recordHint')} data-testid="placement-record-download">
              {t('placements.detail.recordDownload')}
            </Button>
          </Flex>
        }
      />
      <Flex vertical gap={16}>
        {p.status === 'pending_acceptance' ? (
          <Alert
            type={mySide ? 'warning' : 'info'}
            showIcon
            data-testid="placement-pending-alert"
            title={mySide ? t('placements.detail.pendingYou', { side: t(`placements.sides.${mySide}`) }) : t('placements.detail.pendingOther', { sides: p.pendingSides.map((s) => t(`placements.sides.${s}`)).join('、') })}
            description={t('placements.detail.pendingExplain')}
          />
        ) : p.status === 'active' ? (
          <Alert type="success" showIcon title={t('placements.detail.activeExplain', { count: p.obligations.length })} />
        ) : null}

        {p.status !== 'pending_acceptance' ? <AftercarePanel placement={p} /> : null}

        <RiskCard placementId={p.id} />

        {p.schedule.some((o) => o.kind === 'milestone.due') ? <SkillAssessmentCard placementId={p.id} /> : null}

        <Card title={t('placements.detail.facts')}>
          <Descriptions
            column={{ xs: 1, md: 2, xl: 3 }}
            items={[
              { key: 'candidate', label: t('placements.candidate'), children: <Typography.Text strong>{p.candidateName}</Typography.Text> },
              { key: 'order', label: t('placements.order'), children: p.order.title ?? t('common.none') },
              { key: 'city', label: t('placements.detail.city'), children: p.order.city ?? t('common.none') },
              { key: 'poster', label: t('placements.sides.poster'), children: p.poster.name ?? t('common.none') },
              {
                key: 'deliverer',
                label: t('placements.sides.deliverer'),
                children: `${p.deliverer.name ?? t('common.none')}${p.deliverer.consultantName ? ` · ${p.deliverer.consultantName}` : ''}`,
              },
              { key: 'plan', label: t('placements.detail.plan'), children: planName ?? t('common.none') },
              {
                key: 'start',
                label: t('placements.startDate'),
                children: (
                  <span data-testid="placement-start-date">
                    {formatCalendarDateLong(p.startDate, locale)}
                    <Typography.Text type="secondary" style={{ marginInlineStart: 6 }}>
                      ({p.timeZone})
                    </Typography.Text>
                  </span>
                ),
              },
              { key: 'salary', label: t('placements.detail.annualSalary'), children: <Money amount={p.annualSalary} currency={p.currency} /> },
              {
                key: 'fee',
                label: t('placements.fee'),
                children: (
                  <span data-testid="placement-fee">
                    <Money amount={p.fee} currency={p.currency} strong />
                    {p.replacesPlacementId ? (
                      <Typography.Text type="secondary" style={{ marginInlineStart: 6 }}>
                        {t('placements.replacement.noFee')}
                      </Typography.Text>
                    ) : null}
                  </span>
                ),
              },
              { key: 'guarantee', label: t('placements.replacement.guarantee'), children: t('placements.replacement.days', { count: p.guaranteeDays }) },
            ]}
          />
        </Card>

        <Card title={t('placements.detail.terms')} extra={<Typography.Text type="secondary">{t('placements.detail.termsHint')}</Typography.Text>}>
          <Row gutter={[24, 16]}>
            <Col xs={24} lg={12}>
              <Typography.Title level={5} style={{ marginTop: 0 }}>
                {t('placements.detail.scope')}
              </Typography.Title>
              <Typography.Text type="secondary">{t('placements.detail.included')}</Typography.Text>
              <ul style={{ listStyle: 'none', paddingInlineStart: 0, margin: '6px 0 14px' }} data-testid="scope-included">
                {p.scope.included.map((item, i) => (
                  <li key={i} style={{ display: 'flex', gap: 8, marginBottom: 6 }}>
                    <CheckOutlined style={{ color: '#16a34a', marginTop: 4 }} />
                    <span>{pickText(item, locale)}</span>
                  </li>
                ))}
              </ul>
              <Typography.Text type="secondary">{t('placements.detail.excluded')}</Typography.Text>
              <ul style={{ listStyle: 'none', paddingInlineStart: 0, margin: '6px 0 0' }} data-testid="scope-excluded">
                {p.scope.excluded.map((item, i) => (
                  <li key={i} style={{ display: 'flex', gap: 8, marginBottom: 6 }}>
                    <CloseOutlined style={{ color: '#dc2626', marginTop: 4 }} />
                    <span>{pickText(item, locale)}</span>
                  </li>
                ))}
              </ul>
            </Col>
            <Col xs={24} lg={12}>
              <Typography.Title level={5} style={{ marginTop: 0 }}>
                {t('placements.detail.rulesInWords')}
              </Typography.Title>
              <ol style={{ paddingInlineStart: 20, margin: 0 }} data-testid="terms-in-words">
                {words.map((line, i) => (
                  <li key={i} style={{ marginBottom: 6 }}>
                    {line}
                  </li>
                ))}
              </ol>
            </Col>
          </Row>
          <div style={{ marginTop: 16, padding: 12, background: '#f8fafc', borderRadius: 8 }}>
            <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 4 }}>
              {t('placements.detail.hash')}
            </Typography.Text>
            <Mono value={p.termsHash} testId="placement-terms-hash" />
            <Typography.Text type="secondary" style={{ display: 'block', margin: '8px 0 4px' }}>
              {t('placements.detail.agreementHash')}
            </Typography.Text>
            <Mono value={p.agreementHash} testId="placement-agreement-hash" />
            <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
              {t('placements.detail.agreementHint')}
            </Typography.Paragraph>
            <Collapse
              ghost
              size="small"
              style={{ marginTop: 8 }}
              items={[
                {
                  key: 'json',
                  label: t('placements.detail.canonicalJson'),
                  children: (
                    <>
                      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                        {t('placements.detail.canonicalJsonHint')}
                      </Typography.Paragraph>
                      <Typography.Paragraph copyable={{ text: p.termsCanonicalJson }} style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12, wordBreak: 'break-all', maxHeight: 240, overflow: 'auto' }}>
                        {p.termsCanonicalJson}
                      </Typography.Paragraph>
                    </>
                  ),
                },
              ]}
            />
          </div>
        </Card>

        <Card title={t('placements.detail.acceptances')}>
          <Row gutter={[16, 16]}>
            {(['poster', 'deliverer'] as PlacementSide[]).map((side) => {
              const a = p.acceptances[side];
              const orgName = side === 'poster' ? p.poster.name : p.deliverer.name;
              return (
                <Col xs={24} md={12} key={side}>
                  <Card size="small" data-testid={`acceptance-card-${side}`} style={{ borderColor: a ? '#bbf7d0' : '#fde68a', background: a ? '#f0fdf4' : '#fffbeb' }}>
                    <Flex align="flex-start" gap={12}>
                      {a ? <CheckCircleFilled style={{ color: '#16a34a', fontSize: 22 }} /> : <ClockCircleOutlined style={{ color: '#d97706', fontSize: 22 }} />}
                      <Flex vertical>
                        <Typography.Text strong>
                          {t(`placements.sides.${side}`)} · {orgName ?? t('common.none')}
                        </Typography.Text>
                        {a ? (
                          <Typography.Text>{t('placements.acceptedBy', { name: a.name ?? t('common.none'), at: formatInstant(a.at, locale) })}</Typography.Text>
                        ) : (
                          <Typography.Text type="warning">{p.mySides.includes(side) ? t('placements.detail.yourTurn') : t('placements.detail.notYet')}</Typography.Text>
                        )}
                      </Flex>
                    </Flex>
                  </Card>
                </Col>
              );
            })}
          </Row>
        </Card>

        <Card title={t('placements.detail.installments')}>
          <Table<InstallmentItem>
            rowKey="index"
            size="small"
            pagination={false}
            dataSource={p.installments}
            data-testid="installments-table"
            scroll={{ x: 560 }}
            columns={[
              { key: 'index', title: '#', width: 50, render: (_, i) => i.index + 1 },
              {
                key: 'trigger',
                title: t('placements.detail.trigger'),
                render: (_, i) => (i.trigger.startsWith('day:') ? t('placements.triggers.day', { day: i.trigger.slice(4) }) : t(`placements.triggers.${i.trigger === 'start' ? 'start' : 'guarantee_passed'}`)),
              },
              { key: 'triggerDate', title: t('placements.detail.triggerDate'), dataIndex: 'triggerDate' },
              { key: 'dueDate', title: t('placements.detail.dueDate'), dataIndex: 'dueDate' },
              { key: 'amount', title: t('placements.detail.amount'), align: 'right', render: (_, i) => <Money amount={i.amount} currency={p.currency} strong /> },
            ]}
          />
        </Card>

        {p.mySides.includes('poster') && p.status !== 'pending_acceptance' ? (
          <Card title={t('disputes.raise.title')}>
            <Flex vertical gap={8} align="flex-start">
              <Typography.Text type="secondary">{t('disputes.raise.serviceWindow')}</Typography.Text>
              <RaiseDisputeButton subjectId={p.id} type="service_quality" />
            </Flex>
          </Card>
        ) : null}

        <Card
          title={t('placements.detail.timeline')}
          extra={<Typography.Text type="secondary">{p.obligations.length > 0 ? t('placements.detail.timelineScheduled', { count: p.obligations.length }) : t('placements.detail.timelinePlanned')}</Typography.Text>}
        >
          <ReplacementLinks placement={p} />
          {entries.length > 0 ? <ObligationTimeline entries={entries} startDate={p.startDate} timeZone={p.timeZone} /> : <Empty description={t('placements.timeline.empty')} />}
        </Card>
      </Flex>

      <CorrectFactsModal
        placement={p}
        open={correcting}
        onClose={() => setCorrecting(false)}
        onCorrected={(updated) => {
          placement.setData(() => updated);
          setCorrecting(false);
          void message.success(t('placements.correct.done', { hash: shortHash(updated.agreementHash) }));
        }}
      />
      <Modal
        open={confirming}
        title={t('placements.detail.confirmTitle')}
        okText={t('placements.detail.confirmOk')}
        cancelText={t('common.cancel')}
        confirmLoading={accepting}
        onOk={() => void accept()}
        onCancel={() => setConfirming(false)}
        okButtonProps={{ 'data-testid': 'placement-accept-confirm' }}
        width={560}
      >
        <Typography.Paragraph>{t('placements.detail.confirmBody', { side: mySide ? t(`placements.sides.${mySide}`) : '', candidate: p.candidateName })}</Typography.Paragraph>
        <Descriptions
          size="small"
          column={1}
          bordered
          items={[
            { key: 'fee', label: t('placements.fee'), children: <Money amount={p.fee} currency={p.currency} strong /> },
            { key: 'start', label: t('placements.startDate'), children: p.startDate },
            { key: 'salary', label: t('placements.detail.annualSalary'), children: <Money amount={p.annualSalary} currency={p.currency} /> },
            { key: 'hash', label: t('placements.detail.hash'), children: <Mono value={p.termsHash} /> },
            { key: 'agreement', label: t('placements.detail.agreementHash'), children: <Mono value={p.agreementHash} testId="placement-confirm-agreement-hash" /> },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {t('placements.detail.confirmNote')}
        </Typography.Paragraph>
      </Modal>
    </>
  );
}

/** The link both ways along a replacement: what this placement replaces (fee 0, DESIGN §4.5), and what replaced it. */
function ReplacementLinks({ placement: p }: { placement: PlacementDetail }) {
  const { t } = useTranslation();
  if (!p.replacesPlacementId && !p.replacedBy) return null;
  return (
    <Flex vertical gap={8} style={{ marginBottom: 16 }} data-testid="placement-replacement-links">
      {p.replacesPlacementId ? (
        <Alert
          type="info"
          showIcon
          title={
            <span>
              {t('placements.replacement.replaces')} <Link to={`/placements/${p.replacesPlacementId}`} data-testid="placement-replaces-link">{t('placements.replacement.original')}</Link>
            </span>
          }
          description={t('placements.replacement.replacesHint', { count: p.guaranteeDays })}
        />
      ) : null}
      {p.replacedBy ? (
        <Alert
          type="warning"
          showIcon
          title={
            <span>
              {t('placements.replacement.replacedBy')} <Link to={`/placements/${p.replacedBy.id}`} data-testid="placement-replaced-by-link">{t('placements.replacement.successor')}</Link>
            </span>
          }
          description={t('placements.replacement.replacedByHint')}
        />
      ) : null}
    </Flex>
  );
}
