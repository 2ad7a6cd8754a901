import { Button, Card, Empty, Flex, Progress, Segmented, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { listOpenTasks, WORKBENCH_PLACEMENTS_PATH, type AssignedPlacement, type OpenTask } from '../../api/assessments';
import type { ResponseOf } from '../../api/contract';
import { LoadError } from '../../components/LoadError';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { formatCalendarDateLong } from '../../format';
import { useCursorPages, useLoad, useLocale } from '../../hooks';
import { ScoreModal, skillText, TaskStatusTag } from './assessment-parts';

/**
 * 评估工作台: an assessor org's work. The open assessment tasks (due within a week by default, overdue first),
 * each scored here with notes and evidence; then every placement assigned to the org, with its progress.
 */
export function WorkbenchPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const [dueSoon, setDueSoon] = useState(true);
  const tasks = useLoad((signal) => listOpenTasks(dueSoon, signal), [dueSoon]);
  const placements = useCursorPages<ResponseOf<'/api/v1/assessments/placements'>>(WORKBENCH_PLACEMENTS_PATH, { limit: 50 }, []);
  const [scoring, setScoring] = useState<OpenTask | null>(null);

  return (
    <>
      <PageHeader title={t('assessments.workbench.title')} subtitle={t('assessments.workbench.subtitle')} />
      <Flex vertical gap={16}>
        <Card
          title={t('assessments.workbench.tasks')}
          extra={
            <Segmented
              value={dueSoon ? 'soon' : 'all'}
              onChange={(v) => setDueSoon(v === 'soon')}
              options={[
                { value: 'soon', label: t('assessments.workbench.dueSoon') },
                { value: 'all', label: t('assessments.workbench.allOpen') },
              ]}
              data-testid="tasks-filter"
            />
          }
        >
          {tasks.error ? (
            <LoadError error={tasks.error} onRetry={tasks.reload} />
          ) : (
            <Table<OpenTask>
              rowKey="id"
              loading={tasks.loading}
              data-testid="workbench-tasks"
              pagination={false}
              dataSource={tasks.data?.items ?? []}
              locale={{ emptyText: <Empty description={t('assessments.workbench.noTasks')} /> }}
              columns={[
                { key: 'candidate', title: t('assessments.workbench.candidate'), render: (_, task) => <Link to={`/assessments/${task.placementId}`}>{task.candidateName}</Link> },
                { key: 'employer', title: t('assessments.workbench.employer'), dataIndex: 'posterOrgName' },
                { key: 'day', title: t('assessments.table.day'), render: (_, task) => t('assessments.table.dayValue', { day: task.day }) },
                { key: 'skill', title: t('assessments.table.skill'), render: (_, task) => skillText(task, locale) },
                { key: 'pass', title: t('assessments.table.passScore'), dataIndex: 'passScore' },
                { key: 'due', title: t('assessments.workbench.dueOn'), render: (_, task) => formatCalendarDateLong(task.dueOn, locale) },
                { key: 'status', title: t('assessments.table.status'), render: (_, task) => <TaskStatusTag status={task.status} /> },
                {
                  key: 'act',
                  title: '',
                  render: (_, task) => (
                    <Button type="primary" size="small" onClick={() => setScoring(task)} data-testid={`workbench-score-${task.day}`}>
                      {t('assessments.score.button')}
                    </Button>
                  ),
                },
              ]}
            />
          )}
        </Card>
        <Card title={t('assessments.workbench.placements')}>
          {placements.first.error ? (
            <LoadError error={placements.first.error} onRetry={placements.first.reload} />
          ) : (
            <>
              <Table<AssignedPlacement>
                rowKey="placementId"
                loading={placements.first.loading}
                data-testid="workbench-placements"
                pagination={false}
                dataSource={placements.rows}
                locale={{ emptyText: <Empty description={t('assessments.workbench.noPlacements')} /> }}
                columns={[
                  { key: 'candidate', title: t('assessments.workbench.candidate'), render: (_, p) => <Link to={`/assessments/${p.placementId}`}>{p.candidateName}</Link> },
                  { key: 'employer', title: t('assessments.workbench.employer'), dataIndex: 'posterOrgName' },
                  { key: 'start', title: t('assessments.workbench.startDate'), render: (_, p) => formatCalendarDateLong(p.startDate, locale) },
                  {
                    key: 'progress',
                    title: t('assessments.workbench.progress'),
                    render: (_, p) => (
                      <Flex gap={8} align="center">
                        <Progress percent={p.milestones === 0 ? 0 : Math.round((p.scored / p.milestones) * 100)} size="small" style={{ width: 120 }} format={() => `${p.scored}/${p.milestones}`} />
                        {p.failed > 0 ? <Tag color="red">{t('assessments.workbench.failed', { count: p.failed })}</Tag> : null}
                      </Flex>
                    ),
                  },
                  {
                    key: 'next',
                    title: t('assessments.workbench.next'),
                    render: (_, p) =>
                      p.nextTask ? (
                        <Flex gap={6} align="center">
                          <Typography.Text>{t('assessments.table.dayValue', { day: p.nextTask.day })}</Typography.Text>
                          <TaskStatusTag status={p.nextTask.status} />
                        </Flex>
                      ) : (
                        '—'
                      ),
                  },
                ]}
              />
              {placements.cursor ? <LoadMore pages={placements} label={t('assessments.workbench.loadMore')} /> : null}
            </>
          )}
        </Card>
      </Flex>
      {scoring ? (
        <ScoreModal
          task={scoring}
          open
          onClose={() => setScoring(null)}
          onScored={() => {
            setScoring(null);
            tasks.reload();
            placements.first.reload();
          }}
        />
      ) : null}
    </>
  );
}
