import { DownOutlined, FileTextOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { App, Badge, Button, Card, Dropdown, Empty, Flex, Input, Skeleton, Tooltip, Typography, theme } from 'antd';
import { useMemo, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../components/LoadError';
import { formatInstantDate } from '../../format';
import { loadAllPages, useLoad, useLocale } from '../../hooks';
import { useSession } from '../../session';
import { MoveStageModal, type MoveTarget } from './MoveStageModal';
import { SubmissionDrawer } from './SubmissionDrawer';
import { Money, movesFor, stageLabel, STAGE_COLORS } from './submission-parts';
import { PIPELINE, type Stage, type Submission } from '../../api/submissions';

type Column = { key: Stage | 'closed'; stages: Stage[]; dropTo: Stage };

const COLUMNS: Column[] = [
  ...PIPELINE.map((stage) => ({ key: stage, stages: [stage], dropTo: stage })),
  { key: 'closed', stages: ['rejected', 'withdrawn'], dropTo: 'rejected' },
];

/**
 * 推荐进展看板: one job order's candidates in columns per stage, for the order's poster. A card moves by
 * dragging it to another column or from its "Move" menu; either opens the confirmation (comment; start date
 * and salary for a hire). Clicking a card opens the submission. Mounted in the order detail page.
 */
export function OrderPipeline({ orderId, onChanged }: { orderId: string; /** After any move (a hire changes the order's hired count and may fill it). */ onChanged?: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const { token } = theme.useToken();
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const [moving, setMoving] = useState<MoveTarget | null>(null);
  const [dragging, setDragging] = useState<Submission | null>(null);
  const [over, setOver] = useState<Column['key'] | null>(null);
  const list = useLoad(async (signal) => ({ items: await loadAllPages<Submission>(`/orders/${orderId}/submissions`, {}, signal) }), [orderId]);
  // Platform ops look; the poster's people move.
  const sides: ('poster' | 'deliverer')[] = user.role === 'platform_ops' ? [] : ['poster'];

  const items = useMemo(() => {
    const q = query.trim().toLowerCase();
    const all = list.data?.items ?? [];
    if (!q) return all;
    return all.filter((s) => [s.candidateName, s.currentEmployer, s.currentTitle, s.agencyName, s.consultantName].some((v) => v?.toLowerCase().includes(q)));
  }, [list.data, query]);

  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Skeleton active />;

  const startMove = (s: Submission, to: Stage) => setMoving({ submissionId: s.id, candidateName: s.candidateName, from: s.stage, to });

  function drop(column: Column, e: DragEvent) {
    e.preventDefault();
    setOver(null);
    const s = dragging;
    setDragging(null);
    if (!s || column.stages.includes(s.stage)) return;
    if (!movesFor(s.stage, sides).includes(column.dropTo)) {
      void message.warning(t('submissions.pipeline.cannotDrop', { from: stageLabel(s.stage), to: stageLabel(column.dropTo) }));
      return;
    }
    startMove(s, column.dropTo);
  }

  return (
    <Flex vertical gap={12} data-testid="order-pipeline" data-order-id={orderId}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text type="secondary">
          {t('submissions.pipeline.total', { count: list.data.items.length })}
          {sides.length && list.data.items.length ? ` · ${t('submissions.pipeline.dragHint')}` : ''}
        </Typography.Text>
        <Flex gap={8}>
          <Input allowClear prefix={<SearchOutlined />} placeholder={t('submissions.pipeline.search')} value={query} onChange={(e) => setQuery(e.target.value)} style={{ width: 220 }} data-testid="pipeline-search" />
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.refresh')} />
          </Tooltip>
        </Flex>
      </Flex>
      {list.data.items.length === 0 ? (
        <Empty description={t('submissions.pipeline.empty')} data-testid="pipeline-empty">
          <Typography.Text type="secondary">{t('submissions.pipeline.emptyHint')}</Typography.Text>
        </Empty>
      ) : (
        <div style={{ overflowX: 'auto', paddingBottom: 8 }}>
          <Flex gap={12} align="flex-start" style={{ minWidth: COLUMNS.length * 178 }}>
            {COLUMNS.map((column) => {
              const cards = items.filter((s) => column.stages.includes(s.stage));
              const droppable = dragging !== null && !column.stages.includes(dragging.stage) && movesFor(dragging.stage, sides).includes(column.dropTo);
              return (
                <div
                  key={column.key}
                  data-testid={`pipeline-column-${column.key}`}
                  onDragOver={(e) => {
                    if (!dragging) return;
                    e.preventDefault();
                    setOver(column.key);
                  }}
                  onDragLeave={() => setOver((k) => (k === column.key ? null : k))}
                  onDrop={(e) => drop(column, e)}
                  style={{
                    flex: '1 1 0',
                    minWidth: 166,
                    background: over === column.key && droppable ? token.colorPrimaryBg : token.colorFillQuaternary,
                    border: `1px dashed ${dragging && droppable ? token.colorPrimaryBorder : 'transparent'}`,
                    borderRadius: 10,
                    padding: 8,
                    minHeight: 160,
                  }}
                >
                  <Flex justify="space-between" align="center" style={{ padding: '4px 4px 8px' }}>
                    <Badge color={STAGE_COLORS[column.stages[0]!] === 'default' ? token.colorTextQuaternary : STAGE_COLORS[column.stages[0]!]} text={<Typography.Text strong>{column.key === 'closed' ? t('submissions.closedColumn') : stageLabel(column.key)}</Typography.Text>} />
                    <Typography.Text type="secondary">{cards.length}</Typography.Text>
                  </Flex>
                  <Flex vertical gap={8}>
                    {cards.length === 0 ? (
                      <Typography.Text type="secondary" style={{ textAlign: 'center', padding: '16px 0', fontSize: 12 }}>
                        {t('submissions.pipeline.emptyColumn')}
                      </Typography.Text>
                    ) : (
                      cards.map((s) => (
                        <PipelineCard key={s.id} submission={s} sides={sides} onOpen={() => setOpen(s.id)} onMove={(to) => startMove(s, to)} onDragStart={() => setDragging(s)} onDragEnd={() => (setDragging(null), setOver(null))} />
                      ))
                    )}
                  </Flex>
                </div>
              );
            })}
          </Flex>
        </div>
      )}
      <MoveStageModal
        target={moving}
        onClose={() => setMoving(null)}
        onMoved={() => {
          setMoving(null);
          list.reload();
          onChanged?.();
        }}
      />
      <SubmissionDrawer
        submissionId={open}
        onClose={() => setOpen(null)}
        onChanged={() => {
          list.reload();
          onChanged?.();
        }}
      />
    </Flex>
  );
}

function PipelineCard({
  submission: s,
  sides,
  onOpen,
  onMove,
  onDragStart,
  onDragEnd,
}: {
  submission: Submission;
  sides: ('poster' | 'deliverer')[];
  onOpen: () => void;
  onMove: (to: Stage) => void;
  onDragStart: () => void;
  onDragEnd: () => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const moves = movesFor(s.stage, sides);
  return (
    <Card
      size="small"
      hoverable
      draggable={moves.length > 0}
      onDragStart={(e) => {
        e.dataTransfer.effectAllowed = 'move';
        e.dataTransfer.setData('text/plain', s.id);
        onDragStart();
      }}
      onDragEnd={onDragEnd}
      onClick={onOpen}
      data-testid="pipeline-card"
      data-submission-id={s.id}
      data-stage={s.stage}
      styles={{ body: { padding: 10 } }}
      style={{ cursor: moves.length ? 'grab' : 'pointer', opacity: s.stage === 'withdrawn' ? 0.65 : 1 }}
    >
      <Flex justify="space-between" align="flex-start" gap={4}>
        <Typography.Text strong ellipsis style={{ maxWidth: 150 }}>
          {s.candidateName}
        </Typography.Text>
        {s.hasResume ? (
          <Tooltip title={t('submissions.fields.resume')}>
            <FileTextOutlined style={{ color: '#1d4ed8' }} />
          </Tooltip>
        ) : null}
      </Flex>
      {s.currentTitle || s.currentEmployer ? (
        <Typography.Text type="secondary" ellipsis style={{ display: 'block', fontSize: 12 }}>
          {[s.currentTitle, s.currentEmployer].filter(Boolean).join(' @ ')}
        </Typography.Text>
      ) : null}
      <Typography.Text style={{ display: 'block', fontSize: 12 }} ellipsis>
        {s.agencyName}
      </Typography.Text>
      <Flex justify="space-between" align="center" style={{ marginTop: 6, fontSize: 12 }} gap={4} wrap>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {s.yearsExperience === null ? '' : t('submissions.yearsShort', { count: s.yearsExperience })}
        </Typography.Text>
        <span style={{ fontSize: 12 }}>
          <Money amount={s.expectedSalary} currency={s.currency} perYear />
        </span>
      </Flex>
      <Flex justify="space-between" align="center" style={{ marginTop: 6 }}>
        <Typography.Text type="secondary" style={{ fontSize: 11 }}>
          {s.stage === 'rejected' || s.stage === 'withdrawn' ? `${stageLabel(s.stage)} · ` : ''}
          {formatInstantDate(s.createdAt, locale)}
        </Typography.Text>
        {moves.length > 0 ? (
          <Dropdown
            trigger={['click']}
            menu={{
              items: moves.map((to) => ({ key: to, label: t(`submissions.stageActions.${to}`), danger: to === 'rejected', 'data-testid': `card-move-${to}` })),
              onClick: ({ key, domEvent }) => {
                domEvent.stopPropagation();
                onMove(key as Stage);
              },
            }}
          >
            <Button size="small" type="link" onClick={(e) => e.stopPropagation()} data-testid="card-move" style={{ paddingInline: 0 }}>
              {t('submissions.pipeline.move')} <DownOutlined />
            </Button>
          </Dropdown>
        ) : null}
      </Flex>
    </Card>
  );
}
