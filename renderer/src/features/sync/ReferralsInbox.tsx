import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Group,
  Modal,
  NativeSelect,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { formatDate, today } from '../../lib/dates';
import { fullName } from '../../lib/names';
import { DateField, dateFieldError } from '../../components/DateField';
import { SYNC_KEYS } from './useSyncStatus';
import type { MethodOutput } from '../../../../electron/core/api';

type Referral = MethodOutput<'referrals.list'>[number];
type Filter = 'issued' | 'all';

const personName = (child: Referral['child']) => (child ? fullName(child) : '—');

function AcceptDialog({
  referral,
  onClose,
  onAccepted,
}: {
  referral: Referral;
  onClose: () => void;
  onAccepted: (name: string) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const groups = useQuery({ queryKey: ['groups'], queryFn: () => call('groups.list', undefined) });
  // Groups of the referral's age group first: they are the usual choice.
  const choices = [...(groups.data ?? [])].sort(
    (a, b) =>
      Number(b.ageGroup === referral.ageGroup) - Number(a.ageGroup === referral.ageGroup) ||
      a.name.localeCompare(b.name),
  );
  const [groupId, setGroupId] = useState<string>('');
  const [on, setOn] = useState(today());
  // After the first try, what is wrong with the date shows on it as it is typed.
  const [tried, setTried] = useState(false);
  const onError = tried ? dateFieldError(on) : null;
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = groupId || choices[0]?.id || '';

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setFailure(null);
    setTried(true);
    if (dateFieldError(on)) return;
    setBusy(true);
    try {
      await call('referrals.accept', { referralId: referral.id, groupId: chosen, on });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: SYNC_KEYS.referrals }),
        queryClient.invalidateQueries({ queryKey: SYNC_KEYS.status }),
        queryClient.invalidateQueries({ queryKey: ['children'] }),
      ]);
      onAccepted(personName(referral.child));
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t('referrals.acceptTitle', { number: referral.number })}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Stack>
          <Text>{personName(referral.child)}</Text>
          {failure && (
            <Alert color="red" role="alert">
              {failure}
            </Alert>
          )}
          {groups.isSuccess && choices.length === 0 ? (
            <Alert color="yellow">{t('referrals.noGroups')}</Alert>
          ) : (
            <NativeSelect
              label={t('referrals.group')}
              value={chosen}
              onChange={(e) => setGroupId(e.currentTarget.value)}
              data={choices.map((group) => ({
                value: group.id,
                label: `${group.name} · ${t(`children.ageGroups.${group.ageGroup}`)}`,
              }))}
              data-autofocus
            />
          )}
          <DateField
            label={t('referrals.enrolOn')}
            value={on}
            onChange={setOn}
            error={onError && t(onError)}
            required
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('portal.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={!chosen || !on}>
              {t('referrals.acceptAndEnrol')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Referrals (жолдама) from the portal; accepting one enrols the child into a group. */
export function ReferralsInbox({
  canAccept,
  onOpenContracts,
}: {
  canAccept: boolean;
  onOpenContracts?: () => void;
}) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const [filter, setFilter] = useState<Filter>('issued');
  const referrals = useQuery({
    queryKey: [...SYNC_KEYS.referrals, filter],
    queryFn: () => call('referrals.list', filter === 'issued' ? { status: 'issued' } : {}),
  });
  const [accepting, setAccepting] = useState<Referral | null>(null);
  const [accepted, setAccepted] = useState<string | null>(null);
  const statusLabel = (status: string) =>
    i18n.exists(`referrals.statuses.${status}`) ? t(`referrals.statuses.${status}`) : status;
  const ageLabel = (age: string) =>
    i18n.exists(`children.ageGroups.${age}`) ? t(`children.ageGroups.${age}`) : age;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3}>{t('referrals.title')}</Title>
        <SegmentedControl
          value={filter}
          onChange={(value) => setFilter(value as Filter)}
          data={[
            { value: 'issued', label: t('referrals.filterIssued') },
            { value: 'all', label: t('referrals.filterAll') },
          ]}
          aria-label={t('referrals.filter')}
        />
      </Group>
      {accepted && (
        <Alert
          color="teal"
          role="status"
          title={t('referrals.accepted', { name: accepted })}
          withCloseButton
          onClose={() => setAccepted(null)}
          data-testid="referral-accepted"
        >
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{t('referrals.nextContract')}</Text>
            {onOpenContracts && (
              <Button size="xs" onClick={onOpenContracts}>
                {t('referrals.openContracts')}
              </Button>
            )}
          </Stack>
        </Alert>
      )}
      {referrals.error && <Alert color="red">{errorText(referrals.error)}</Alert>}
      {referrals.data?.length === 0 && <Text c="dimmed">{t('referrals.empty')}</Text>}
      {!!referrals.data?.length && (
        <Table.ScrollContainer minWidth={900}>
          <Table striped highlightOnHover fz="sm" data-testid="referrals-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('referrals.number')}</Table.Th>
                <Table.Th>{t('referrals.child')}</Table.Th>
                <Table.Th>{t('referrals.birthDate')}</Table.Th>
                <Table.Th>{t('referrals.ageGroup')}</Table.Th>
                <Table.Th>{t('referrals.issuedOn')}</Table.Th>
                <Table.Th>{t('referrals.validUntil')}</Table.Th>
                <Table.Th>{t('referrals.status')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {referrals.data.map((referral) => (
                <Table.Tr key={referral.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{referral.number}</Table.Td>
                  <Table.Td>{personName(referral.child)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {formatDate(referral.child?.birthDate)}
                  </Table.Td>
                  <Table.Td>{ageLabel(referral.ageGroup)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {formatDate(referral.issuedOn)}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {formatDate(referral.validUntil)}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={referral.status === 'issued' ? 'blue' : 'dimmed'}>
                      {statusLabel(referral.status)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {canAccept && referral.status === 'issued' && referral.child && (
                      <Button
                        size="xs"
                        onClick={() => setAccepting(referral)}
                        aria-label={t('referrals.acceptFor', { name: personName(referral.child) })}
                      >
                        {t('referrals.accept')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {accepting && (
        <AcceptDialog
          referral={accepting}
          onClose={() => setAccepting(null)}
          onAccepted={(name) => {
            setAccepting(null);
            setAccepted(name);
          }}
        />
      )}
    </Stack>
  );
}
