import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  NativeSelect,
  PasswordInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { loginRule, passwordRule, requiredText, showFieldErrors } from '../../lib/validation';
import { useSession } from '../../app/session';
import { GROUP_BOUND_ROLE, STAFF_ROLES } from '../../../../electron/core/vocabulary/enums';

const NewStaff = z.object({
  displayName: requiredText,
  login: loginRule,
  role: z.enum(STAFF_ROLES),
  password: passwordRule,
});
type NewStaff = z.infer<typeof NewStaff>;

export function StaffPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const { session } = useSession();
  const staff = useQuery({ queryKey: ['staff'], queryFn: () => call('staff.list', undefined) });
  const [adding, setAdding] = useState(false);
  const [resetting, setResetting] = useState<{ id: string; name: string } | null>(null);
  const [assigning, setAssigning] = useState<{ id: string; name: string } | null>(null);
  const [chosenGroups, setChosenGroups] = useState<string[]>([]);
  const groups = useQuery({ queryKey: ['groups'], queryFn: () => call('groups.list', undefined) });
  const groupName = (id: string) => groups.data?.find((group) => group.id === id)?.name ?? '—';
  const [newPassword, setNewPassword] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<NewStaff>({
    resolver: zodResolver(NewStaff),
    defaultValues: { displayName: '', login: '', role: 'teacher', password: '' },
  });
  const message = (field: keyof NewStaff) => {
    const key = form.formState.errors[field]?.message;
    return key ? t(key) : undefined;
  };
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['staff'] });

  const add = form.handleSubmit(async (input) => {
    setFailure(null);
    try {
      await call('staff.add', input);
      notifications.show({ message: t('staff.added'), color: 'green' });
      form.reset();
      setAdding(false);
      await refresh();
    } catch (error) {
      if (!showFieldErrors(error, form.setError, ['displayName', 'login', 'role', 'password']))
        setFailure(errorText(error));
    }
  });
  const remove = useMutation({
    mutationFn: (accountId: string) => call('staff.remove', { accountId }),
    onSuccess: () => {
      notifications.show({ message: t('staff.removed'), color: 'green' });
      return refresh();
    },
    onError: (error) => notifications.show({ message: errorText(error), color: 'red' }),
  });
  const reset = useMutation({
    mutationFn: (input: { accountId: string; newPassword: string }) =>
      call('staff.resetPassword', input),
    onSuccess: () => {
      notifications.show({ message: t('staff.passwordReset'), color: 'green' });
      setResetting(null);
      setNewPassword('');
      return refresh();
    },
    onError: (error) => notifications.show({ message: errorText(error), color: 'red' }),
  });
  const assign = useMutation({
    mutationFn: (input: { accountId: string; groupIds: string[] }) =>
      call('staff.setGroups', input),
    onSuccess: () => {
      notifications.show({ message: t('staff.groupsSaved'), color: 'green' });
      setAssigning(null);
      return refresh();
    },
    onError: (error) => notifications.show({ message: errorText(error), color: 'red' }),
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('staff.title')}</Title>
        <Button onClick={() => setAdding(true)}>{t('staff.add')}</Button>
      </Group>
      {staff.error && <Alert color="red">{errorText(staff.error)}</Alert>}
      {staff.data?.some((account) => account.needsNewPassword) && (
        <Alert color="orange">{t('staff.needsNewPasswordHint')}</Alert>
      )}
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('staff.displayName')}</Table.Th>
            <Table.Th>{t('staff.login')}</Table.Th>
            <Table.Th>{t('staff.role')}</Table.Th>
            <Table.Th>{t('staff.groups')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {staff.data?.map((account) => (
            <Table.Tr key={account.id}>
              <Table.Td>
                {account.displayName}
                {account.needsNewPassword && (
                  <Badge ml="xs" color="orange" variant="light" data-testid="needs-new-password">
                    {t('staff.needsNewPassword')}
                  </Badge>
                )}
                {account.mustChangePassword && !account.needsNewPassword && (
                  <Badge
                    ml="xs"
                    color="gray"
                    variant="light"
                    tt="none"
                    data-testid="must-change-password"
                  >
                    {t('staff.mustChangePassword')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{account.login}</Table.Td>
              <Table.Td>{t(`roles.${account.role}`)}</Table.Td>
              <Table.Td data-testid="staff-groups">
                {account.role !== GROUP_BOUND_ROLE ? (
                  <Text size="sm" c="dimmed">
                    {t('staff.allChildren')}
                  </Text>
                ) : account.groupIds.length ? (
                  account.groupIds.map(groupName).join(', ')
                ) : (
                  <Text size="sm" c="orange">
                    {t('staff.noGroups')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Group gap="xs" justify="flex-end">
                  {account.role === GROUP_BOUND_ROLE && (
                    <Button
                      size="xs"
                      variant="subtle"
                      onClick={() => {
                        setChosenGroups(account.groupIds);
                        setAssigning({ id: account.id, name: account.displayName });
                      }}
                    >
                      {t('staff.editGroups')}
                    </Button>
                  )}
                  <Button
                    size="xs"
                    variant={account.needsNewPassword ? 'light' : 'subtle'}
                    onClick={() => setResetting({ id: account.id, name: account.displayName })}
                  >
                    {t(account.needsNewPassword ? 'staff.setNewPassword' : 'staff.resetPassword')}
                  </Button>
                  {account.id !== session.accountId && (
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      onClick={() =>
                        window.confirm(t('staff.removeConfirm')) && remove.mutate(account.id)
                      }
                    >
                      {t('staff.remove')}
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>

      <Modal opened={adding} onClose={() => setAdding(false)} title={t('staff.add')}>
        <form onSubmit={add} noValidate>
          <Stack>
            {failure && (
              <Alert color="red" role="alert">
                {failure}
              </Alert>
            )}
            <TextInput
              label={t('staff.displayName')}
              data-autofocus
              {...form.register('displayName')}
              error={message('displayName')}
            />
            <TextInput
              label={t('staff.login')}
              {...form.register('login')}
              error={message('login')}
            />
            <NativeSelect
              label={t('staff.role')}
              data={STAFF_ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
              {...form.register('role')}
            />
            <PasswordInput
              label={t('staff.password')}
              autoComplete="new-password"
              {...form.register('password')}
              error={message('password')}
              description={t('staff.firstPasswordHint')}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setAdding(false)}>
                {t('staff.cancel')}
              </Button>
              <Button type="submit" loading={form.formState.isSubmitting}>
                {t('staff.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>

      <Modal
        opened={!!resetting}
        onClose={() => setResetting(null)}
        title={t('staff.resetPassword')}
      >
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (resetting) reset.mutate({ accountId: resetting.id, newPassword });
          }}
        >
          <Stack>
            <Text>{resetting?.name}</Text>
            <Text size="sm" c="dimmed">
              {t('staff.firstPasswordHint')}
            </Text>
            <PasswordInput
              label={t('staff.newPassword')}
              data-autofocus
              autoComplete="new-password"
              minLength={8}
              value={newPassword}
              onChange={(event) => setNewPassword(event.currentTarget.value)}
            />
            <Button type="submit" loading={reset.isPending} disabled={newPassword.length < 8}>
              {t('staff.save')}
            </Button>
          </Stack>
        </form>
      </Modal>

      <Modal
        opened={!!assigning}
        onClose={() => setAssigning(null)}
        title={`${t('staff.groupsTitle')}: ${assigning?.name ?? ''}`}
      >
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (assigning) assign.mutate({ accountId: assigning.id, groupIds: chosenGroups });
          }}
        >
          <Stack>
            <Checkbox.Group
              label={t('staff.groups')}
              description={t('staff.groupsHint')}
              value={chosenGroups}
              onChange={setChosenGroups}
            >
              <Stack gap="xs" mt="xs">
                {groups.data?.map((group) => (
                  <Checkbox key={group.id} value={group.id} label={group.name} />
                ))}
              </Stack>
            </Checkbox.Group>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setAssigning(null)}>
                {t('staff.cancel')}
              </Button>
              <Button type="submit" loading={assign.isPending}>
                {t('staff.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}
