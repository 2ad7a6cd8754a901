import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { OrgUsers } from '../components/OrgUsers';
import { PageHeader } from '../components/PageHeader';
import { useSession } from '../session';

/** An org admin's users of their own org. */
export function UsersPage() {
  const { t } = useTranslation();
  const { user, org } = useSession();
  return (
    <>
      <PageHeader title={t('users.title')} subtitle={t('users.subtitle', { org: org.name })} />
      <Card>
        <OrgUsers orgId={org.id} orgKind={org.kind} manage currentUserId={user.id} />
      </Card>
    </>
  );
}
