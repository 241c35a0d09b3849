import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';

const formatDate = (iso: string) => iso.split('-').reverse().join('.');

export function ChildrenPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [query, setQuery] = useState('');
  const children = useQuery({
    queryKey: ['children', query],
    queryFn: () => call('children.list', query.trim() ? { query, limit: 200 } : { limit: 200 }),
    placeholderData: keepPreviousData,
  });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('children.title')}</Title>
        {children.data && (
          <Text c="dimmed">{t('children.total', { count: children.data.total })}</Text>
        )}
      </Group>
      <TextInput
        label={t('children.search')}
        value={query}
        onChange={(event) => setQuery(event.currentTarget.value)}
        autoFocus
      />
      {children.error && <Alert color="red">{errorText(children.error)}</Alert>}
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('children.name')}</Table.Th>
            <Table.Th>{t('children.iin')}</Table.Th>
            <Table.Th>{t('children.birthDate')}</Table.Th>
            <Table.Th>{t('children.group')}</Table.Th>
            <Table.Th>{t('children.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {children.data?.rows.map((child) => (
            <Table.Tr key={child.id}>
              <Table.Td>
                {[child.lastName, child.firstName, child.patronymic].filter(Boolean).join(' ')}
              </Table.Td>
              <Table.Td>{child.iin}</Table.Td>
              <Table.Td>{formatDate(child.birthDate)}</Table.Td>
              <Table.Td>{child.group ?? '—'}</Table.Td>
              <Table.Td>{t(`children.statuses.${child.status}`)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {children.data?.total === 0 && (
        <Text c="dimmed" ta="center">
          {t('children.empty')}
        </Text>
      )}
    </Stack>
  );
}
