import { EyeOutlined, PlusOutlined, ReloadOutlined, RollbackOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Input, Segmented, Select, Space, Table, Tooltip, Typography } from 'antd';
import { useEffect, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { LoadError } from '../../components/LoadError';
import { LoadMore } from '../../components/LoadMore';
import { formatInstant } from '../../format';
import { useCursorPages, useLoad, useLocale } from '../../hooks';
import { useSession } from '../../session';
import type { User } from '../../api/identity';
import type { OrderPage } from '../../api/marketplace';
import { MoveStageModal, type MoveTarget } from './MoveStageModal';
import { SubmissionDrawer } from './SubmissionDrawer';
import { SubmitCandidateModal } from './SubmitCandidateModal';
import { Money, movesFor, StageTag } from './submission-parts';
import { STAGES, type Stage, type Submission, type SubmissionPage } from '../../api/submissions';

export type ListMode = 'consultant' | 'agency' | 'employer';

type StageFilter = 'all' | 'active' | Stage;
const ACTIVE: Stage[] = ['submitted', 'screening', 'interviewing', 'offered'];
const PAGE_SIZE = 50;

/**
 * The submissions lists: 我的推荐 (a consultant's own, with submit and withdraw), 推荐管理 (an agency admin's whole
 * agency, by consultant), 候选人 (everything an employer received, by order). Filters by stage and search; a row
 * opens the submission.
 */
export function SubmissionList({ mode }: { mode: ListMode }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { org } = useSession();
  const [stage, setStage] = useState<StageFilter>('all');
  const [orderId, setOrderId] = useState<string | undefined>(undefined);
  const [consultantId, setConsultantId] = useState<string | undefined>(undefined);
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const [moving, setMoving] = useState<MoveTarget | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [justSubmitted, setJustSubmitted] = useState<string | null>(null);
  // `/submissions?submit=<orderId>` opens the form for that order (links from an engagement or an order page).
  const [params, setParams] = useSearchParams();
  const submitFor = mode === 'consultant' ? (params.get('submit') ?? undefined) : undefined;
  useEffect(() => {
    if (submitFor) setSubmitting(true);
  }, [submitFor]);
  const closeSubmit = () => {
    setSubmitting(false);
    if (submitFor) {
      params.delete('submit');
      setParams(params, { replace: true });
    }
  };

  const query = {
    side: mode === 'employer' ? 'received' : 'delivered',
    stage: stage === 'all' ? undefined : stage === 'active' ? ACTIVE.join(',') : stage,
    orderId,
    consultantId,
    q: q || undefined,
    limit: PAGE_SIZE,
  };
  const submissions = useCursorPages<SubmissionPage>('/submissions', query, [stage, orderId, consultantId, q, mode]);
  const page = submissions.first;
  const orders = useLoad((signal) => (mode === 'employer' ? api.get<OrderPage>(`/orgs/${org.id}/orders`, { signal, query: { limit: 50 } }) : Promise.resolve(undefined)), [mode, org.id]);
  const consultants = useLoad((signal) => (mode === 'agency' ? api.get<{ items: User[] }>(`/orgs/${org.id}/users`, { signal }) : Promise.resolve(undefined)), [mode, org.id]);

  const counts = page.data?.stageCounts ?? {};
  const total = Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
  const activeCount = ACTIVE.reduce((a, s) => a + (counts[s] ?? 0), 0);
  const filtered = stage !== 'all' || orderId || consultantId || q;

  const title = mode === 'employer' ? t('submissions.candidates.title') : mode === 'agency' ? t('submissions.mine.agencyTitle') : t('submissions.mine.title');
  const subtitle =
    mode === 'employer' ? t('submissions.candidates.subtitle', { org: org.name }) : mode === 'agency' ? t('submissions.mine.agencySubtitle', { org: org.name }) : t('submissions.mine.subtitle');

  return (
    <>
      <Flex justify="space-between" align="flex-end" wrap gap={12} style={{ marginBottom: 20 }}>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="page-title">
            {title}
          </Typography.Title>
          <Typography.Text type="secondary">{subtitle}</Typography.Text>
        </div>
        {mode === 'consultant' ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setSubmitting(true)} data-testid="submit-candidate">
            {t('submissions.submit.button')}
          </Button>
        ) : null}
      </Flex>
      <Card>
        <Flex justify="space-between" wrap gap={12} style={{ marginBottom: 16 }}>
          <Segmented<StageFilter>
            value={stage}
            onChange={setStage}
            data-testid="submissions-stage-filter"
            options={[
              { value: 'all', label: `${t('submissions.mine.allStages')} ${total}` },
              { value: 'active', label: `${t('submissions.mine.active')} ${activeCount}` },
              ...STAGES.filter((s) => s !== 'submitted').map((s) => ({ value: s, label: `${t(`submissions.stages.${s}`)} ${counts[s] ?? 0}` })),
            ]}
          />
          <Space wrap>
            {mode === 'employer' ? (
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                style={{ width: 220 }}
                placeholder={t('submissions.candidates.allOrders')}
                value={orderId}
                onChange={setOrderId}
                loading={orders.loading}
                options={(orders.data?.items ?? []).map((o) => ({ value: o.id, label: o.title }))}
                data-testid="submissions-order-filter"
              />
            ) : null}
            {mode === 'agency' ? (
              <Select
                allowClear
                style={{ width: 180 }}
                placeholder={t('submissions.mine.allConsultants')}
                value={consultantId}
                onChange={setConsultantId}
                options={(consultants.data?.items ?? []).filter((u) => u.role === 'consultant').map((u) => ({ value: u.id, label: u.name }))}
                data-testid="submissions-consultant-filter"
              />
            ) : null}
            <Input.Search
              allowClear
              placeholder={t('submissions.pipeline.search')}
              value={search}
              onChange={(e) => {
                setSearch(e.target.value);
                if (!e.target.value) setQ('');
              }}
              onSearch={(v) => setQ(v.trim())}
              style={{ width: 240 }}
              data-testid="submissions-search"
            />
            <Tooltip title={t('common.refresh')}>
              <Button icon={<ReloadOutlined />} onClick={page.reload} aria-label={t('common.refresh')} />
            </Tooltip>
          </Space>
        </Flex>
        {page.error && !page.data ? (
          <LoadError error={page.error} onRetry={page.reload} />
        ) : (
          <Table<Submission>
            rowKey="id"
            loading={page.loading}
            dataSource={submissions.rows}
            pagination={false}
            scroll={{ x: 960 }}
            data-testid="submissions-table"
            onRow={(s) => ({ onClick: () => setOpen(s.id), style: { cursor: 'pointer' }, 'data-testid': 'submission-row', 'data-submission-id': s.id } as HTMLAttributes<HTMLElement>)}
            locale={{
              emptyText: (
                <Empty description={filtered ? t('submissions.candidates.emptyFiltered') : mode === 'employer' ? t('submissions.candidates.empty') : mode === 'agency' ? t('submissions.mine.emptyAgency') : t('submissions.mine.empty')}>
                  {mode === 'consultant' && !filtered ? (
                    <Button type="primary" onClick={() => setSubmitting(true)}>
                      {t('submissions.submit.button')}
                    </Button>
                  ) : null}
                </Empty>
              ),
            }}
            columns={[
              {
                key: 'candidate',
                title: t('submissions.fields.candidateName'),
                fixed: 'left',
                width: 200,
                render: (_, s) => (
                  <Flex vertical>
                    <Typography.Text strong>{s.candidateName}</Typography.Text>
                    <Typography.Text type="secondary" ellipsis style={{ fontSize: 12, maxWidth: 180 }}>
                      {[s.currentTitle, s.currentEmployer].filter(Boolean).join(' @ ') || '—'}
                    </Typography.Text>
                  </Flex>
                ),
              },
              {
                key: 'order',
                title: t('submissions.fields.order'),
                render: (_, s) => (
                  <Flex vertical>
                    <Typography.Text>{s.orderTitle}</Typography.Text>
                    {mode !== 'employer' ? (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {s.posterOrgName}
                      </Typography.Text>
                    ) : null}
                  </Flex>
                ),
              },
              ...(mode === 'consultant'
                ? []
                : [
                    {
                      key: 'by',
                      title: mode === 'employer' ? t('submissions.fields.agency') : t('submissions.fields.consultant'),
                      render: (_: unknown, s: Submission) => (
                        <Flex vertical>
                          <Typography.Text>{mode === 'employer' ? s.agencyName : s.consultantName}</Typography.Text>
                          {mode === 'employer' ? (
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {s.consultantName}
                            </Typography.Text>
                          ) : null}
                        </Flex>
                      ),
                    },
                  ]),
              { key: 'years', title: t('submissions.fields.yearsExperience'), width: 100, render: (_, s) => (s.yearsExperience === null ? '—' : t('submissions.yearsShort', { count: s.yearsExperience })) },
              { key: 'salary', title: t('submissions.fields.expectedSalary'), width: 150, render: (_, s) => <Money amount={s.expectedSalary} currency={s.currency} /> },
              { key: 'stage', title: t('submissions.fields.stage'), width: 110, render: (_, s) => <StageTag stage={s.stage} /> },
              { key: 'createdAt', title: t('submissions.fields.submittedAt'), width: 170, render: (_, s) => formatInstant(s.createdAt, locale) },
              {
                key: 'actions',
                title: t('common.actions'),
                width: 150,
                fixed: 'right',
                render: (_, s) => (
                  <Space size={4} onClick={(e) => e.stopPropagation()}>
                    <Button type="link" size="small" icon={<EyeOutlined />} onClick={() => setOpen(s.id)} style={{ paddingInline: 4 }}>
                      {t('common.open')}
                    </Button>
                    {mode === 'consultant' && movesFor(s.stage, ['deliverer']).includes('withdrawn') ? (
                      <Button
                        type="link"
                        size="small"
                        danger
                        icon={<RollbackOutlined />}
                        style={{ paddingInline: 4 }}
                        onClick={() => setMoving({ submissionId: s.id, candidateName: s.candidateName, from: s.stage, to: 'withdrawn' })}
                        data-testid="submission-withdraw"
                      >
                        {t('submissions.mine.withdraw')}
                      </Button>
                    ) : null}
                  </Space>
                ),
              },
            ]}
          />
        )}
        {submissions.cursor ? <LoadMore pages={submissions} label={t('submissions.loadMore')} /> : null}
      </Card>
      <SubmissionDrawer submissionId={open} onClose={() => setOpen(null)} onChanged={() => page.reload()} />
      <MoveStageModal
        target={moving}
        onClose={() => setMoving(null)}
        onMoved={() => {
          setMoving(null);
          page.reload();
        }}
      />
      {mode === 'consultant' ? (
        <SubmitCandidateModal
          open={submitting}
          {...(submitFor ? { orderId: submitFor } : {})}
          onClose={closeSubmit}
          onSubmitted={(d) => {
            page.reload();
            setJustSubmitted(d.submission.id);
          }}
          afterClose={() => {
            // Opened once the form is gone, so the drawer (not the button the form returns focus to) holds the focus.
            if (justSubmitted) setOpen(justSubmitted);
            setJustSubmitted(null);
          }}
        />
      ) : null}
    </>
  );
}
