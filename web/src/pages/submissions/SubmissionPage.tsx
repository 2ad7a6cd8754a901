import { ArrowLeftOutlined } from '@ant-design/icons';
import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { useSession } from '../../session';
import { SubmissionDetailView } from './SubmissionDetailView';

/** One submission on its own page (where notifications lead); access is the API's to decide. */
export function SubmissionPage() {
  const { t } = useTranslation();
  const { submissionId = '' } = useParams();
  const { user } = useSession();
  const back = user.role === 'employer_admin' || user.role === 'employer_hr' ? { to: '/candidates', label: t('nav.candidates') } : { to: '/submissions', label: t('nav.submissions') };
  return (
    <>
      <PageHeader
        before={
          <Link to={back.to} style={{ display: 'inline-block', marginBottom: 8 }}>
            <ArrowLeftOutlined /> {back.label}
          </Link>
        }
        title={t('submissions.detail.title')}
      />
      <Card>
        <SubmissionDetailView submissionId={submissionId} />
      </Card>
    </>
  );
}
