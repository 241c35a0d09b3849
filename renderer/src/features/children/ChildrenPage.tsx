import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Group, Modal, NativeSelect, Stack, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { useSession } from '../../app/session';
import { editsChildren } from './access';
import { ChildForm } from './ChildForm';
import { ChildrenList, FIRST_VIEW, type ListView } from './ChildrenList';
import { ChildPage, type HealthTabView } from './ChildPage';
import type { MethodInput } from '../../../../electron/core/api';
import { AGE_GROUPS, GROUP_LANGUAGES } from '../../../../electron/core/vocabulary/enums';

type NewGroup = MethodInput<'groups.create'>;

function GroupForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [group, setGroup] = useState<NewGroup>({ name: '', ageGroup: 'middle', language: 'kk' });
  const [failure, setFailure] = useState<string | null>(null);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setFailure(null);
    try {
      await call('groups.create', group);
      onDone();
    } catch (error) {
      setFailure(errorText(error));
    }
  };
  return (
    <form onSubmit={submit}>
      <Stack>
        {failure && (
          <Alert color="red" role="alert">
            {failure}
          </Alert>
        )}
        <TextInput
          label={t('children.groupName')}
          value={group.name}
          onChange={(e) => setGroup({ ...group, name: e.currentTarget.value })}
          data-autofocus
        />
        <NativeSelect
          label={t('children.ageGroup')}
          value={group.ageGroup}
          onChange={(e) =>
            setGroup({ ...group, ageGroup: e.currentTarget.value as NewGroup['ageGroup'] })
          }
          data={AGE_GROUPS.map((value) => ({ value, label: t(`children.ageGroups.${value}`) }))}
        />
        <NativeSelect
          label={t('children.groupLanguage')}
          value={group.language}
          onChange={(e) =>
            setGroup({ ...group, language: e.currentTarget.value as NewGroup['language'] })
          }
          data={GROUP_LANGUAGES.map((value) => ({
            value,
            label: t(`children.languages.${value}`),
          }))}
        />
        <Button type="submit" disabled={!group.name.trim()}>
          {t('child.save')}
        </Button>
      </Stack>
    </form>
  );
}

/** The children's files: the list, a child's page, enrolment (director). */
export function ChildrenPage({ healthTab }: { healthTab: HealthTabView }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const queryClient = useQueryClient();
  const [openChild, setOpenChild] = useState<string | null>(null);
  // Where the list was (search, filters, row, scroll): kept while a child's file is open.
  const [listView, setListView] = useState<ListView>(FIRST_VIEW);
  const [enrolling, setEnrolling] = useState(false);
  const [addingGroup, setAddingGroup] = useState(false);
  const canEdit = editsChildren(session.role);

  if (openChild)
    return (
      <ChildPage childId={openChild} onBack={() => setOpenChild(null)} healthTab={healthTab} />
    );
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('children.title')}</Title>
        {canEdit && (
          <Group>
            <Button variant="default" onClick={() => setAddingGroup(true)}>
              {t('children.addGroup')}
            </Button>
            <Button onClick={() => setEnrolling(true)}>{t('children.enrol')}</Button>
          </Group>
        )}
      </Group>
      <ChildrenList
        view={listView}
        onView={setListView}
        onOpen={(childId, view) => {
          setListView(view);
          setOpenChild(childId);
        }}
      />
      <Modal
        opened={enrolling}
        onClose={() => setEnrolling(false)}
        title={t('children.enrol')}
        size="xl"
      >
        <ChildForm
          onSaved={(childId) => {
            setEnrolling(false);
            notifications.show({ message: t('child.enrolled'), color: 'green' });
            void queryClient.invalidateQueries({ queryKey: ['children'] });
            setOpenChild(childId);
          }}
        />
      </Modal>
      <Modal
        opened={addingGroup}
        onClose={() => setAddingGroup(false)}
        title={t('children.addGroup')}
      >
        <GroupForm
          onDone={() => {
            setAddingGroup(false);
            notifications.show({ message: t('child.saved'), color: 'green' });
            void queryClient.invalidateQueries({ queryKey: ['groups'] });
          }}
        />
      </Modal>
    </Stack>
  );
}
