import { Card, Col, Empty, List, Row, Statistic, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { Pending } from '../../components/DetailFrame';
import { PageHeader } from '../../components/PageHeader';
import { useLoad } from '../../hooks';
import { useSession } from '../../session';
import { ClaimStateTag } from './aftercare-parts';
import type { AftercareDashboard as AftercareDashboardView, ClaimState, DashboardClaim, DashboardForm, DashboardTask } from '../../api/aftercare';

type Dashboard = Omit<AftercareDashboardView, 'tasks' | 'overdueTasks'> & { tasks: DashboardTask[]; overdueTasks: DashboardTask[] };

/** The after-sales dashboard of the caller's role (employer, consultant or agency admin, ops). */
export function AftercareDashboard() {
  const { t } = useTranslation();
  const { user } = useSession();
  const board = useLoad((signal) => api.get<Dashboard>('/aftercare/dashboard', { signal }), []);
  if (!board.data) return <Pending load={board} />;
  const d = board.data;
  const forms = (items: DashboardForm[]) =>
    items.map((f) => ({ key: f.id, to: `/placements/${f.placementId}`, title: `${f.candidateName} · ${t('aftercare.checkins.day', { day: f.day })} · ${t(`aftercare.checkins.respondent.${f.respondent}`)}`, extra: f.closesOn }));
  const tasks = (items: DashboardTask[]) =>
    items.map((k) => ({ key: k.id, to: `/placements/${k.placementId}`, title: `${k.candidateName} · ${t(`aftercare.tasks.kind.${k.kind}`)}${k.consultantName ? ` · ${k.consultantName}` : ''}`, extra: <Tag color={k.status === 'overdue' ? 'red' : 'blue'}>{t('aftercare.tasks.due', { date: k.dueOn })}</Tag> }));
  const claims = (items: DashboardClaim[]) =>
    items.map((c) => ({ key: c.id, to: `/claims/${c.id}`, title: `${t(`aftercare.claims.reasons.${c.reason as 'other'}`)} · ${t('aftercare.claims.reported', { date: c.reportedOn })}`, extra: <ClaimStateTag state={c.state} /> }));
  const employer = ['employer_admin', 'employer_hr', 'agency_admin'].includes(user.role);
  const deliverer = ['consultant', 'agency_admin'].includes(user.role);
  const ops = user.role === 'platform_ops';
  const sections: { key: string; title: string; items: { key: string; to: string; title: string; extra: ReactNode }[] }[] = [
    ...(employer
      ? [
          { key: 'inGuarantee', title: t('aftercare.dashboard.inGuarantee'), items: d.inGuarantee.map((p) => ({ key: p.id, to: `/placements/${p.id}`, title: `${p.candidateName}${p.orderTitle ? ` · ${p.orderTitle}` : ''}`, extra: p.startDate })) },
          { key: 'toAnswer', title: t('aftercare.dashboard.toAnswer'), items: forms(d.toAnswer) },
          { key: 'claims', title: t('aftercare.dashboard.claims'), items: claims(d.claims) },
        ]
      : []),
    ...(deliverer
      ? [
          { key: 'dueCheckins', title: t('aftercare.dashboard.dueCheckins'), items: forms(d.dueCheckins) },
          { key: 'missed', title: t('aftercare.dashboard.missed'), items: forms(d.missed) },
          { key: 'tasks', title: t('aftercare.dashboard.tasks'), items: tasks(d.tasks) },
          {
            key: 'replacements',
            title: t('aftercare.dashboard.replacements'),
            items: d.replacements.map((c) => ({ key: c.id, to: `/claims/${c.id}`, title: `${t('aftercare.replacement.dueBy', { date: c.deliverBy ?? '—' })} · ${t(`aftercare.claims.reasons.${c.reason as 'other'}`)}`, extra: <ClaimStateTag state={c.state} /> })),
          },
        ]
      : []),
    ...(employer || deliverer
      ? [{ key: 'flagged', title: t('aftercare.dashboard.flagged'), items: d.flagged.map((f) => ({ key: f.placementId, to: `/placements/${f.placementId}`, title: `${f.candidateName} · ${f.reasons.map((r) => t(`aftercare.flags.reason.${r}`)).join('、')}`, extra: f.lastFlaggedOn })) }]
      : []),
    ...(ops
      ? [
          { key: 'reviewQueue', title: t('aftercare.dashboard.reviewQueue'), items: claims(d.reviewQueue) },
          { key: 'overdueTasks', title: t('aftercare.dashboard.overdueTasks'), items: tasks(d.overdueTasks) },
          { key: 'missedForms', title: t('aftercare.dashboard.missedForms'), items: forms(d.missed) },
        ]
      : []),
  ];
  return (
    <>
      <PageHeader title={t('aftercare.dashboard.title')} />
      {ops ? (
        <Card title={t('aftercare.dashboard.byState')} style={{ marginBottom: 16 }}>
          <Row gutter={[16, 16]}>
            {Object.entries(d.claimsByState).map(([state, n]) => (
              <Col key={state} xs={12} md={6}>
                <Statistic title={t(`aftercare.claims.state.${state as ClaimState}`)} value={n} />
              </Col>
            ))}
            {Object.keys(d.claimsByState).length === 0 ? <Typography.Text type="secondary">{t('aftercare.dashboard.empty')}</Typography.Text> : null}
          </Row>
        </Card>
      ) : null}
      <Row gutter={[16, 16]}>
        {sections.map((s) => (
          <Col key={s.key} xs={24} lg={12}>
            <Card title={`${s.title} (${s.items.length})`} data-testid={`dashboard-${s.key}`}>
              {s.items.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('aftercare.dashboard.empty')} />
              ) : (
                <List size="small" dataSource={s.items} renderItem={(i) => <List.Item extra={i.extra}><Link to={i.to}>{i.title}</Link></List.Item>} />
              )}
            </Card>
          </Col>
        ))}
      </Row>
    </>
  );
}
