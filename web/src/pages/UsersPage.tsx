import { Card, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { OrgUsers } from '../components/OrgUsers';
import { PageHeader } from '../components/PageHeader';
import { useSession } from '../session';
import { ConsultantTaskRates } from './aftercare/ConsultantTaskRates';

/** An org admin's users of their own org; an agency's also shows each consultant's on-time rate. */
export function UsersPage() {
  const { t } = useTranslation();
  const { user, org } = useSession();
  return (
    <>
      <PageHeader title={t('users.title')} subtitle={t('users.subtitle', { org: org.name })} />
      <Flex vertical gap={16}>
        <Card>
          <OrgUsers orgId={org.id} orgKind={org.kind} manage currentUserId={user.id} />
        </Card>
        {/* An agency's consultants: how reliably each does its after-sales tasks. */}
        {org.kind === 'agency' ? <ConsultantTaskRates orgId={org.id} /> : null}
      </Flex>
    </>
  );
}
