import { useTranslation } from 'react-i18next';
import { Text } from '@mantine/core';
import { call } from '../../lib/api';
import { PrintDocumentDialog } from '../../components/PrintChoices';
import type { ListQuery } from './list-query';

export interface ListPrint {
  query: ListQuery;
  language: 'kk' | 'ru';
  /** What is printed, as the tab names it ("Аллергиялар — Күншуақ"). */
  title: string;
}

/**
 * Printer, copies, two-sided (the print choices contracts use); the core lays the list out
 * again with the same query and sends it as one job.
 */
export function ListPrintDialog({
  target,
  onClose,
}: {
  target: ListPrint | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <PrintDocumentDialog
      opened={!!target}
      title={t('reportsLists.printTitle')}
      intro={target && <Text size="sm">{target.title}</Text>}
      printed={t('reportsLists.printed')}
      print={(choice) =>
        call('reports.printList', { ...target!.query, language: target!.language, ...choice })
      }
      onClose={onClose}
    />
  );
}
