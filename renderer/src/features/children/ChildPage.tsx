import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Button, Group, Loader, Stack, Tabs, Text, Title } from '@mantine/core';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { useSession } from '../../app/session';
import { editsChildren, tabsFor, type ChildTab } from './access';
import { formatDate } from '../../lib/dates';
import { fullName } from '../../lib/names';
import { GeneralTab } from './GeneralTab';
import { RepresentativesTab } from './RepresentativesTab';
import { DocumentsTab } from './DocumentsTab';
import { PortfolioTab } from './PortfolioTab';
import { HistoryTab } from './HistoryTab';
import { ChildCardButton } from './ChildForms';
import type { MethodOutput } from '../../../../electron/core/api';

type Child = MethodOutput<'children.get'>['child'];

/**
 * The health tab of a child's page. It belongs to the health feature; app/ passes it in, so
 * no feature imports another.
 */
export type HealthTabView = (child: Pick<Child, 'id' | 'sex' | 'birthDate'>) => React.ReactNode;

/** A child's personal file; only the tabs the role may see are offered (the core checks too). */
export function ChildPage({
  childId,
  onBack,
  backTo = 'children',
  healthTab,
}: {
  childId: string;
  onBack: () => void;
  /** Where Back returns, as its label says: the children list (default) or Reports. */
  backTo?: 'children' | 'reports';
  healthTab: HealthTabView;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { session } = useSession();
  const tabs = tabsFor(session.role);
  const canEdit = editsChildren(session.role);
  const [tab, setTab] = useState<ChildTab>('general');
  const file = useQuery({
    queryKey: ['child', childId],
    queryFn: () => call('children.get', { childId }),
  });

  const back = (
    <Button variant="subtle" className="no-print" onClick={onBack} w="fit-content" px={0}>
      ← {backTo === 'reports' ? t('child.backToReports') : t('child.back')}
    </Button>
  );
  if (file.error)
    return (
      <Stack>
        {back}
        <Alert color="red" role="alert">
          {errorText(file.error)}
        </Alert>
      </Stack>
    );
  if (!file.data) return <Loader />;
  const { child, group } = file.data;
  const name = fullName(child);
  return (
    <Stack>
      {back}
      <Group justify="space-between" className="no-print">
        <Stack gap={0}>
          <Title order={2}>{name}</Title>
          <Text c="dimmed">
            {t('children.iin')} {child.iin} · {formatDate(child.birthDate)} ·{' '}
            {group?.name ?? t('child.noGroup')}
          </Text>
        </Stack>
        <Group>
          <ChildCardButton childId={child.id} />
          <Badge size="lg" variant="light">
            {t(`children.statuses.${child.status}`)}
          </Badge>
          {child.archived && (
            <Badge size="lg" color="gray">
              {t('child.archived')}
            </Badge>
          )}
        </Group>
      </Group>
      <Tabs
        value={tab}
        onChange={(value) => value && setTab(value as ChildTab)}
        keepMounted={false}
      >
        <Tabs.List className="no-print">
          {tabs.map((name) => (
            <Tabs.Tab key={name} value={name}>
              {t(`child.tabs.${name}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="general" pt="md">
          <GeneralTab file={file.data} canEdit={canEdit} />
        </Tabs.Panel>
        <Tabs.Panel value="representatives" pt="md">
          <RepresentativesTab file={file.data} canEdit={canEdit} />
        </Tabs.Panel>
        {tabs.includes('documents') && (
          <Tabs.Panel value="documents" pt="md">
            <DocumentsTab childId={childId} />
          </Tabs.Panel>
        )}
        {tabs.includes('health') && (
          <Tabs.Panel value="health" pt="md">
            {healthTab(child)}
          </Tabs.Panel>
        )}
        {tabs.includes('portfolio') && (
          <Tabs.Panel value="portfolio" pt="md">
            <PortfolioTab childId={childId} childName={name} />
          </Tabs.Panel>
        )}
        {tabs.includes('history') && (
          <Tabs.Panel value="history" pt="md">
            <HistoryTab childId={childId} />
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}
