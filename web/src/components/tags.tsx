import { Badge, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ORG_KIND_COLORS, ROLE_COLORS } from '../roles';
import type { OrgKind, Role } from '../api/identity';

export function RoleTag({ role }: { role: Role }) {
  const { t } = useTranslation();
  return (
    <Tag color={ROLE_COLORS[role] ?? 'default'} data-role={role} style={{ marginInlineEnd: 0 }}>
      {t(`roles.${role}`, { defaultValue: role })}
    </Tag>
  );
}

export function OrgKindTag({ kind }: { kind: OrgKind }) {
  const { t } = useTranslation();
  return (
    <Tag color={ORG_KIND_COLORS[kind] ?? 'default'} variant="filled" style={{ marginInlineEnd: 0 }}>
      {t(`orgKinds.${kind}`, { defaultValue: kind })}
    </Tag>
  );
}

export function UserStatus({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  return disabled ? <Badge status="default" text={t('users.disabled')} /> : <Badge status="success" text={t('users.active')} />;
}
