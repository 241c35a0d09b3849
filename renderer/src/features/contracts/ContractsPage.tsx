import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Group, NativeSelect, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { call } from '../../lib/api';
import { useSession } from '../../app/session';
import { useContractErrorText } from './contract-errors';
import { formatDate } from '../../lib/dates';
import { CreateContractDialog } from './CreateContractDialog';
import { MissingList } from './MissingList';
import { PreviewDialog } from './PreviewDialog';
import { PrintDialog, type PrintTarget } from './PrintDialog';
import { StatusDialog, type StatusTarget } from './StatusDialogs';
import { TermsPanel } from './TermsPanel';
import { useSaveContractsPdf } from './save-pdf';
import {
  ESignState,
  SignaturesDialog,
  useSignElectronically,
  type ESignTarget,
} from './ESignPanel';
import { VerifySignedDialog } from './VerifySignedDialog';
import type { MethodOutput } from '../../../../electron/core/api';
import { roleMay } from '../../../../electron/core/auth/permissions';
import { CONTRACT_STATUSES, type ContractStatus } from '../../../../electron/core/vocabulary/enums';

type Status = ContractStatus;
type Row = MethodOutput<'contracts.list'>[number];
const NO_WRAP = { whiteSpace: 'nowrap' } as const;
/** The status and the e-signer's line under it wrap in a narrow column: 1024 px must fit. */
const STATUS_CELL = { minWidth: 110, maxWidth: 170 } as const;
const STATUS_COLOR: Record<Status, string> = {
  draft: 'gray.7',
  printed: 'blue.7',
  signed: 'green.8',
  terminated: 'red.7',
};

/** Contracts for the director and the accountant: list, create, preview, print, sign, end. */
export function ContractsPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const [tab, setTab] = useState<string | null>('list');
  return (
    <Stack>
      <Title order={2}>{t('contracts.title')}</Title>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="list">{t('contracts.tabList')}</Tabs.Tab>
          <Tabs.Tab value="terms">{t('contracts.tabTerms')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="list" pt="md">
          <ContractList />
        </Tabs.Panel>
        <Tabs.Panel value="terms" pt="md">
          {/* contracts.updateTerms needs settings.manage */}
          <TermsPanel canEdit={roleMay(session.role, 'settings.manage')} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function ContractList() {
  const { t } = useTranslation();
  const { session } = useSession();
  const maySign = roleMay(session.role, 'contracts.sign');
  const errorText = useContractErrorText();
  const [status, setStatus] = useState<Status | ''>('');
  const [groupId, setGroupId] = useState('');
  const [creating, setCreating] = useState(false);
  const [preview, setPreview] = useState<{ id: string; number: string; status: string } | null>(
    null,
  );
  const [printing, setPrinting] = useState<PrintTarget | null>(null);
  const [changing, setChanging] = useState<StatusTarget | null>(null);
  const [checked, setChecked] = useState<{ number: string; missing: string[] } | null>(null);
  const savePdf = useSaveContractsPdf();
  const eSign = useSignElectronically();
  const [signatures, setSignatures] = useState<ESignTarget | null>(null);
  const [verifying, setVerifying] = useState(false);

  const groups = useQuery({ queryKey: ['groups'], queryFn: () => call('groups.list', undefined) });
  const contracts = useQuery({
    queryKey: ['contracts', status, groupId],
    queryFn: () =>
      call('contracts.list', {
        ...(status && { status }),
        ...(groupId && { groupId }),
      }),
    placeholderData: keepPreviousData,
  });
  const groupName = (id: string | null) => groups.data?.find((g) => g.id === id)?.name ?? '—';

  const check = async (row: Row) => {
    try {
      const { missing } = await call('contracts.check', { contractId: row.id });
      setChecked({ number: row.number, missing });
    } catch (error) {
      notifications.show({ message: errorText(error), color: 'red' });
    }
  };

  const printGroup = async () => {
    if (!groupId) return;
    try {
      const drafts = await call('contracts.list', { groupId, status: 'draft' });
      if (!drafts.length) {
        notifications.show({ message: t('contracts.noDrafts'), color: 'gray' });
        return;
      }
      setPrinting({
        kind: 'batch',
        groupName: groupName(groupId),
        contractIds: drafts.map((d) => d.id),
      });
    } catch (error) {
      notifications.show({ message: errorText(error), color: 'red' });
    }
  };

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Group align="flex-end">
          <NativeSelect
            label={t('contracts.filterStatus')}
            value={status}
            onChange={(event) => setStatus(event.currentTarget.value as Status | '')}
            data={[
              { value: '', label: t('contracts.allStatuses') },
              ...CONTRACT_STATUSES.map((s) => ({ value: s, label: t(`contracts.statuses.${s}`) })),
            ]}
          />
          <NativeSelect
            label={t('contracts.filterGroup')}
            value={groupId}
            onChange={(event) => setGroupId(event.currentTarget.value)}
            data={[
              { value: '', label: t('contracts.allGroups') },
              ...(groups.data ?? []).map((g) => ({ value: g.id, label: g.name })),
            ]}
          />
          <Button
            variant="default"
            onClick={printGroup}
            disabled={!groupId}
            title={groupId ? undefined : t('contracts.chooseGroupFirst')}
          >
            {t('contracts.printGroup')}
          </Button>
          <Button
            variant="default"
            disabled={!groupId || !contracts.data?.length}
            title={groupId ? undefined : t('contracts.chooseGroupFirst')}
            onClick={() => void savePdf((contracts.data ?? []).map((row) => row.id))}
          >
            {t('contracts.forGroup.saveListPdf')}
          </Button>
        </Group>
        <Group align="flex-end">
          <Button variant="default" onClick={() => setVerifying(true)}>
            {t('contracts.esign.verify')}
          </Button>
          <Button onClick={() => setCreating(true)}>{t('contracts.create')}</Button>
        </Group>
      </Group>
      {contracts.error && <Alert color="red">{errorText(contracts.error)}</Alert>}
      {checked && (
        <Stack gap={4}>
          <Text fw={600}>{t('contracts.previewTitle', { number: checked.number })}</Text>
          <MissingList fields={checked.missing} />
        </Stack>
      )}
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('contracts.number')}</Table.Th>
            <Table.Th>{t('contracts.child')}</Table.Th>
            <Table.Th>{t('contracts.group')}</Table.Th>
            <Table.Th>{t('contracts.status')}</Table.Th>
            <Table.Th>{t('contracts.date')}</Table.Th>
            <Table.Th>{t('contracts.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {contracts.data?.map((row) => (
            <Table.Tr key={row.id} data-testid={`contract-${row.number}`}>
              <Table.Td style={NO_WRAP}>{row.number}</Table.Td>
              <Table.Td>{`${row.childName} ${row.childFirstName}`}</Table.Td>
              <Table.Td>{groupName(row.groupId)}</Table.Td>
              <Table.Td style={STATUS_CELL}>
                <Text size="sm" fw={600} c={STATUS_COLOR[row.status]}>
                  {t(`contracts.statuses.${row.status}`)}
                </Text>
                <ESignState row={row} />
              </Table.Td>
              <Table.Td style={NO_WRAP}>{formatDate(row.date)}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  <Button size="compact-xs" variant="subtle" onClick={() => check(row)}>
                    {t('contracts.check')}
                  </Button>
                  <Button size="compact-xs" variant="subtle" onClick={() => setPreview(row)}>
                    {t('contracts.preview')}
                  </Button>
                  <Button size="compact-xs" variant="subtle" onClick={() => void savePdf([row.id])}>
                    {t('contracts.forGroup.savePdf')}
                  </Button>
                  {(row.status === 'draft' || row.status === 'printed') && (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      onClick={() =>
                        setPrinting({ kind: 'one', contractId: row.id, number: row.number })
                      }
                    >
                      {t('contracts.print')}
                    </Button>
                  )}
                  {maySign &&
                    row.eSignature === 'none' &&
                    (row.status === 'draft' || row.status === 'printed') && (
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="teal"
                        onClick={() => void eSign.sign({ contractId: row.id, number: row.number })}
                      >
                        {t('contracts.esign.sign')}
                      </Button>
                    )}
                  {row.eSignature !== 'none' && (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="teal"
                      onClick={() => setSignatures({ contractId: row.id, number: row.number })}
                    >
                      {t('contracts.esign.signatures')}
                    </Button>
                  )}
                  {row.status === 'printed' && (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      onClick={() =>
                        setChanging({ action: 'sign', contractId: row.id, number: row.number })
                      }
                    >
                      {t('contracts.markSigned')}
                    </Button>
                  )}
                  {row.status !== 'terminated' && (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      onClick={() =>
                        setChanging({
                          action: 'terminate',
                          contractId: row.id,
                          number: row.number,
                        })
                      }
                    >
                      {t('contracts.terminate')}
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {contracts.data?.length === 0 && (
        <Text c="dimmed" ta="center">
          {t('contracts.empty')}
        </Text>
      )}
      {contracts.data && contracts.data.length > 0 && (
        <Text c="dimmed" size="sm">
          {t('contracts.total', { count: contracts.data.length })}
        </Text>
      )}

      <CreateContractDialog
        opened={creating}
        onClose={() => setCreating(false)}
        onPreview={(created) => setPreview({ ...created, status: 'draft' })}
      />
      <PreviewDialog
        contract={preview}
        onClose={() => setPreview(null)}
        onPrint={(contract) => {
          setPreview(null);
          setPrinting({ kind: 'one', contractId: contract.id, number: contract.number });
        }}
      />
      <PrintDialog target={printing} onClose={() => setPrinting(null)} />
      <StatusDialog target={changing} onClose={() => setChanging(null)} />
      {eSign.dialog}
      <SignaturesDialog target={signatures} canSave={maySign} onClose={() => setSignatures(null)} />
      <VerifySignedDialog opened={verifying} onClose={() => setVerifying(false)} />
    </Stack>
  );
}
