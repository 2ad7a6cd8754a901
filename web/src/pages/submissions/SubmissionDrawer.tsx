import { ExportOutlined } from '@ant-design/icons';
import { Button, Drawer } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { SubmissionDetailView } from './SubmissionDetailView';
import { submissionPath } from './submission-parts';
import type { SubmissionDetail } from '../../api/submissions';

/** A submission's detail beside the board or a list; `onChanged` lets the list follow moves made inside. */
export function SubmissionDrawer({ submissionId, onClose, onChanged }: { submissionId: string | null; onClose: () => void; onChanged?: (detail: SubmissionDetail) => void }) {
  const { t } = useTranslation();
  return (
    <Drawer
      open={submissionId !== null}
      onClose={onClose}
      size={720}
      title={t('submissions.detail.title')}
      destroyOnHidden
      data-testid="submission-drawer"
      extra={
        submissionId ? (
          <Link to={submissionPath(submissionId)}>
            <Button type="text" icon={<ExportOutlined />}>
              {t('submissions.detail.openFull')}
            </Button>
          </Link>
        ) : null
      }
    >
      {submissionId ? <SubmissionDetailView submissionId={submissionId} {...(onChanged ? { onChanged } : {})} /> : null}
    </Drawer>
  );
}
