import { useTranslation } from 'react-i18next';
import { Title } from '@mantine/core';

export function ContractsPage() {
  const { t } = useTranslation();
  return <Title order={2}>{t('nav.contracts')}</Title>;
}
