import { useTranslation } from 'react-i18next';
import { CoreError } from './api';

/** Every error the user sees is a translated sentence; an unknown code reads as "internal". */
export function useErrorText(): (error: unknown) => string {
  const { t, i18n } = useTranslation();
  return (error) => {
    const code = error instanceof CoreError ? error.code : 'internal';
    const key = i18n.exists(`errors.${code}`) ? `errors.${code}` : 'errors.internal';
    const params = error instanceof CoreError ? error.params : {};
    return t(key, params as Record<string, unknown>);
  };
}
