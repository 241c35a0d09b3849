import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { call } from '../../lib/api';

/** The privileged categories (the portal's reference list) and a category's name by code. */
export function usePrivilegeCategories() {
  const { i18n } = useTranslation();
  const categories = useQuery({
    queryKey: ['privilegeCategories'],
    queryFn: () => call('privileges.categories', undefined),
  });
  const categoryName = (code: string) => {
    const found = categories.data?.find((c) => c.code === code);
    return found ? (i18n.language === 'ru' ? found.nameRu : found.nameKk) : code;
  };
  return { categories, categoryName };
}
