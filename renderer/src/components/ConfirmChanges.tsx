import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useErrorText } from '../lib/errors';

/** One line of what a confirmed action changes: a field, its value now and after. */
export interface Change {
  label: string;
  from: string;
  to: string;
}

/**
 * Asks before an action that matters and shows what it will change ("Status: enrolled →
 * withdrawn"). The action runs on Confirm; a refusal is shown in the dialog, which stays open.
 * `ready` false keeps Confirm disabled (e.g. until a reason is chosen).
 */
export function ConfirmChanges({
  opened,
  title,
  intro,
  changes,
  confirmLabel,
  color = 'blue',
  ready = true,
  onConfirm,
  onClose,
  children,
}: {
  opened: boolean;
  title: string;
  intro?: string;
  changes: readonly Change[];
  confirmLabel: string;
  color?: string;
  ready?: boolean;
  onConfirm: () => Promise<void>;
  onClose: () => void;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const close = () => {
    if (busy) return;
    setFailure(null);
    onClose();
  };
  const confirm = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await onConfirm();
      setBusy(false);
      onClose();
    } catch (error) {
      setFailure(errorText(error));
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={close} title={title} size="lg">
      <Stack data-testid="confirm-changes">
        {intro && <Text size="sm">{intro}</Text>}
        {changes.length > 0 && (
          <Table withTableBorder data-testid="confirm-changes-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('confirm.field')}</Table.Th>
                <Table.Th>{t('confirm.now')}</Table.Th>
                <Table.Th aria-hidden />
                <Table.Th>{t('confirm.after')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {changes.map((change) => (
                <Table.Tr key={change.label} data-testid="confirm-change">
                  <Table.Td>{change.label}</Table.Td>
                  <Table.Td>{change.from}</Table.Td>
                  <Table.Td aria-hidden>→</Table.Td>
                  <Table.Td fw={600}>{change.to}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {children}
        {failure && (
          <Alert color="red" role="alert">
            {failure}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close} disabled={busy}>
            {t('confirm.cancel')}
          </Button>
          <Button
            color={color}
            loading={busy}
            disabled={!ready}
            onClick={() => void confirm()}
            data-testid="confirm-action"
          >
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
