import { GlobalOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { changeLocale } from '../i18n/index.ts';
import { useLocale } from '../hooks';

/** Toggles between 简体中文 and English; the choice is remembered in this browser. */
export function LanguageSwitch({ type = 'text' }: { type?: 'text' | 'default' }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const next = locale === 'en' ? 'zh-CN' : 'en';
  return (
    <Tooltip title={t('lang.switchTitle')}>
      <Button
        type={type}
        icon={<GlobalOutlined />}
        data-testid="lang-switch"
        lang={next}
        onClick={() => void changeLocale(next)}
      >
        {t('lang.switch')}
      </Button>
    </Tooltip>
  );
}
