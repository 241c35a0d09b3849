import { useTranslation } from 'react-i18next';
import { SegmentedControl } from '@mantine/core';
import { LANGUAGES, rememberLanguage, type Language } from '../i18n';
import { call } from '../lib/api';

/** Kazakh / Russian; remembered on this computer, and per user once signed in. */
export function LanguageSwitch({ signedIn = true }: { signedIn?: boolean }) {
  const { t, i18n } = useTranslation();
  const change = (value: string) => {
    const language = value as Language;
    rememberLanguage(language);
    if (signedIn) void call('auth.setLanguage', { language }).catch(() => undefined);
  };
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('app.language')}
      value={i18n.language}
      onChange={change}
      data={LANGUAGES.map((language) => ({
        value: language,
        label: language === 'kk' ? 'Қаз' : 'Рус',
      }))}
    />
  );
}
