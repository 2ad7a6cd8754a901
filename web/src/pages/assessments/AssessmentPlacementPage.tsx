import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { getPlacementAssessments } from '../../api/assessments';
import { BackBreadcrumb, Pending } from '../../components/DetailFrame';
import { PageHeader } from '../../components/PageHeader';
import { formatCalendarDateLong } from '../../format';
import { useLoad, useLocale } from '../../hooks';
import { SkillAssessmentCard } from './SkillAssessmentCard';

/** One placement as its assessor org sees it: who, for whom, since when, and its assessments with the growth curve. */
export function AssessmentPlacementPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { placementId = '' } = useParams();
  const head = useLoad((signal) => getPlacementAssessments(placementId, signal), [placementId]);
  const breadcrumb = <BackBreadcrumb to="/assessments" label={t('nav.assessments')} current={head.data?.candidateName ?? t('assessments.card.title')} />;
  if (!head.data) return <Pending load={head} before={breadcrumb} />;
  const a = head.data;
  return (
    <>
      <PageHeader before={breadcrumb} title={a.candidateName} subtitle={t('assessments.placement.subtitle', { employer: a.posterOrgName, start: formatCalendarDateLong(a.startDate, locale) })} />
      <SkillAssessmentCard placementId={a.placementId} />
    </>
  );
}
