import { PaperClipOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Flex, Select, Skeleton, Table, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyError } from '../../api/client';
import { assignAssessor, getPlacementAssessments, listAssessorOrgs, type AssessmentTask, type PlacementAssessments } from '../../api/assessments';
import { LoadError } from '../../components/LoadError';
import { formatCalendarDateLong } from '../../format';
import { useLoad, useLocale } from '../../hooks';
import { ScoreModal, skillText, TaskStatusTag } from './assessment-parts';

// ECharts loads with the chart only.
const GrowthCurveChart = lazy(() => import('./GrowthCurveChart').then((m) => ({ default: m.GrowthCurveChart })));

const pct = (v: number) => `${Math.round(v * 100)}%`;

/** What the growth curve says, in words: no trend yet, the projection with its band and chance, or the measured score. */
function CurveSummary({ a }: { a: PlacementAssessments }) {
  const { t } = useTranslation();
  const c = a.curve;
  if (c.status === 'no_scores' || c.status === 'one_score') {
    return <Typography.Text type="secondary" data-testid="curve-summary">{t(`assessments.curve.${c.status}`)}</Typography.Text>;
  }
  if (c.status === 'measured' && c.measured) {
    return (
      <Alert
        type={c.measured.passed ? 'success' : 'error'}
        showIcon
        data-testid="curve-summary"
        title={t(c.measured.passed ? 'assessments.curve.measuredPassed' : 'assessments.curve.measuredFailed', { day: c.targetDay, score: c.measured.score, threshold: c.threshold })}
      />
    );
  }
  const p = c.projection!;
  const words = t('assessments.curve.projected', { day: p.day, score: p.score.toFixed(1), low: p.low.toFixed(0), high: p.high.toFixed(0), threshold: c.threshold, probability: pct(p.probability) });
  return (
    <Flex vertical gap={6}>
      <Alert type={p.unlikely ? 'warning' : 'info'} showIcon data-testid="curve-summary" title={p.unlikely ? t('assessments.curve.unlikely', { words }) : words} />
      {c.trend?.residualSdFrom === 'prior' ? (
        <Typography.Text type="secondary" data-testid="curve-prior-note">
          {t('assessments.curve.priorNote', { sd: c.trend.residualSd })}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}

/** The poster (or ops) picks the assessor org; assigning another hands the placement over. */
function AssessorPicker({ a, onAssigned }: { a: PlacementAssessments; onAssigned: (next: PlacementAssessments) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const orgs = useLoad((signal) => listAssessorOrgs(signal), []);
  const [choice, setChoice] = useState<string | undefined>(a.assessor?.orgId);
  const [saving, setSaving] = useState(false);
  async function save() {
    if (!choice) return;
    setSaving(true);
    try {
      onAssigned(await assignAssessor(a.placementId, choice));
      void message.success(t('assessments.assign.done'));
    } catch (error) {
      notifyError(error);
    } finally {
      setSaving(false);
    }
  }
  return (
    <Flex gap={8} wrap align="center">
      <Select
        style={{ minWidth: 260 }}
        placeholder={t('assessments.assign.placeholder')}
        value={choice}
        onChange={setChoice}
        loading={orgs.loading}
        options={(orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
        data-testid="assessor-select"
      />
      <Button type="primary" onClick={() => void save()} loading={saving} disabled={!choice || choice === a.assessor?.orgId} data-testid="assessor-assign">
        {a.assessor ? t('assessments.assign.change') : t('assessments.assign.button')}
      </Button>
    </Flex>
  );
}

/**
 * A skill-plan placement's assessments (DESIGN §4.11): the assessor org (assignable by the poster and ops), the
 * milestones with their scores, notes and evidence, and the capability growth curve with its projection. The
 * assigned assessor scores open milestones here too.
 */
export function SkillAssessmentCard({ placementId }: { placementId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const load = useLoad((signal) => getPlacementAssessments(placementId, signal), [placementId]);
  const [scoring, setScoring] = useState<AssessmentTask | null>(null);
  const a = load.data;

  const chartLabels = {
    scores: t('assessments.chart.scores'),
    trend: t('assessments.chart.trend'),
    band: t('assessments.chart.band'),
    threshold: t('assessments.chart.threshold'),
    projected: t('assessments.chart.projected'),
    day: t('assessments.chart.day'),
  };

  return (
    <Card title={t('assessments.card.title')} data-testid="skill-assessments" extra={<Typography.Text type="secondary">{t('assessments.card.hint')}</Typography.Text>}>
      {!a ? (
        load.error ? <LoadError error={load.error} onRetry={load.reload} /> : <Skeleton active paragraph={{ rows: 3 }} />
      ) : (
        <Flex vertical gap={16}>
          <Descriptions
            column={{ xs: 1, md: 2 }}
            items={[
              {
                key: 'assessor',
                label: t('assessments.card.assessor'),
                children: (
                  <Flex vertical gap={8}>
                    <Typography.Text data-testid="assessor-name">{a.assessor ? a.assessor.name : t('assessments.card.noAssessor')}</Typography.Text>
                    {a.canAssign ? <AssessorPicker a={a} onAssigned={(next) => load.setData(() => next)} /> : null}
                  </Flex>
                ),
              },
              { key: 'target', label: t('assessments.card.target'), children: t('assessments.card.targetValue', { day: a.curve.targetDay, threshold: a.curve.threshold }) },
            ]}
          />
          <CurveSummary a={a} />
          {a.curve.points.length > 0 ? (
            <Suspense fallback={<Skeleton active />}>
              <GrowthCurveChart curve={a.curve} labels={chartLabels} />
            </Suspense>
          ) : null}
          <Table<AssessmentTask>
            rowKey="id"
            size="small"
            pagination={false}
            data-testid="milestones-table"
            dataSource={a.milestones}
            columns={[
              { key: 'day', title: t('assessments.table.day'), render: (_, m) => t('assessments.table.dayValue', { day: m.day }) },
              { key: 'skill', title: t('assessments.table.skill'), render: (_, m) => skillText(m, locale) },
              { key: 'pass', title: t('assessments.table.passScore'), dataIndex: 'passScore' },
              { key: 'due', title: t('assessments.table.window'), render: (_, m) => `${formatCalendarDateLong(m.opensOn, locale)} – ${formatCalendarDateLong(m.dueOn, locale)}` },
              { key: 'status', title: t('assessments.table.status'), render: (_, m) => <TaskStatusTag status={m.status} /> },
              { key: 'score', title: t('assessments.table.score'), render: (_, m) => (m.score === null ? '—' : <Typography.Text strong data-testid={`milestone-score-${m.day}`}>{m.score}</Typography.Text>) },
              {
                key: 'notes',
                title: t('assessments.table.notes'),
                render: (_, m) => (
                  <Flex vertical gap={2}>
                    {m.notes ? <Typography.Text>{m.notes}</Typography.Text> : null}
                    {m.evidence.map((e) => (
                      <a key={e.id} href={e.downloadUrl} download>
                        <PaperClipOutlined /> {e.name}
                      </a>
                    ))}
                    {m.late ? <Typography.Text type="warning">{t('assessments.table.late')}</Typography.Text> : null}
                  </Flex>
                ),
              },
              {
                key: 'act',
                title: '',
                render: (_, m) =>
                  a.canScore && (m.status === 'open' || m.status === 'overdue') ? (
                    <Button size="small" type="primary" onClick={() => setScoring(m)} data-testid={`score-button-${m.day}`}>
                      {t('assessments.score.button')}
                    </Button>
                  ) : null,
              },
            ]}
          />
        </Flex>
      )}
      {scoring ? (
        <ScoreModal
          task={scoring}
          open
          onClose={() => setScoring(null)}
          onScored={() => {
            setScoring(null);
            load.reload();
          }}
        />
      ) : null}
    </Card>
  );
}
