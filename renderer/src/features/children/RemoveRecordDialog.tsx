import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NativeSelect, Text } from '@mantine/core';
import { ConfirmChanges, type Change } from '../../components/ConfirmChanges';
import type { MethodInput } from '../../../../electron/core/api';

export type RemovalReason = MethodInput<'documents.remove'>['reason'];
const REASONS: readonly RemovalReason[] = [
  'duplicate',
  'wrongChild',
  'wrongPerson',
  'wrongFile',
  'enteredInError',
];

/**
 * Removing a record entered by mistake (director only): what goes, a reason chosen from the
 * list (required; it is kept in the audit log as a code), and a confirmation.
 */
export function RemoveRecordDialog({
  opened,
  title,
  intro,
  changes,
  onRemove,
  onClose,
}: {
  opened: boolean;
  title: string;
  intro: string;
  changes: readonly Change[];
  onRemove: (reason: RemovalReason) => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<RemovalReason | ''>('');
  return (
    <ConfirmChanges
      opened={opened}
      title={title}
      intro={intro}
      changes={changes}
      confirmLabel={t('removal.confirm')}
      color="red"
      ready={reason !== ''}
      onConfirm={() => (reason ? onRemove(reason) : Promise.resolve())}
      onClose={() => {
        setReason('');
        onClose();
      }}
    >
      <NativeSelect
        label={t('removal.reason')}
        withAsterisk
        value={reason}
        onChange={(event) => setReason(event.currentTarget.value as RemovalReason | '')}
        data={[
          { value: '', label: t('removal.chooseReason') },
          ...REASONS.map((value) => ({ value, label: t(`removal.reasons.${value}`) })),
        ]}
        data-testid="removal-reason"
      />
      <Text size="xs" c="dimmed">
        {t('removal.kept')}
      </Text>
    </ConfirmChanges>
  );
}
