import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, FileInput, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { call } from '../../lib/api';
import { useContractErrorText } from './contract-errors';
import { today } from '../../lib/dates';
import { toBase64 } from '../../lib/files';
import { DateField, dateFieldError } from '../../components/DateField';

export interface StatusTarget {
  action: 'sign' | 'terminate';
  contractId: string;
  number: string;
}

/**
 * The two status changes a person confirms: printed → signed (with the scan of the signed
 * paper, kept encrypted in the child's file) and → terminated (final).
 */
export function StatusDialog({
  target,
  onClose,
}: {
  target: StatusTarget | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const errorText = useContractErrorText();
  const queryClient = useQueryClient();
  const [on, setOn] = useState(today());
  // After the first try, what is wrong with the date shows on it as it is typed.
  const [tried, setTried] = useState(false);
  const onError = tried ? dateFieldError(on) : null;
  const [scan, setScan] = useState<File | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const close = () => {
    setScan(null);
    setFailure(null);
    setOn(today());
    setTried(false);
    onClose();
  };

  const confirm = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!target) return;
    setFailure(null);
    setTried(true);
    if (dateFieldError(on)) return;
    setSaving(true);
    try {
      if (target.action === 'sign') {
        if (!scan) return;
        await call('contracts.markSigned', {
          contractId: target.contractId,
          signedOn: on,
          scanBase64: await toBase64(scan),
        });
        notifications.show({
          message: t('contracts.signedDone', { number: target.number }),
          color: 'green',
        });
      } else {
        await call('contracts.terminate', { contractId: target.contractId, on });
        notifications.show({
          message: t('contracts.terminatedDone', { number: target.number }),
          color: 'green',
        });
      }
      await queryClient.invalidateQueries({ queryKey: ['contracts'] });
      close();
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setSaving(false);
    }
  };

  const signing = target?.action === 'sign';
  return (
    <Modal
      opened={!!target}
      onClose={close}
      title={target ? t(signing ? 'contracts.markSigned' : 'contracts.terminate') : ''}
    >
      <form onSubmit={confirm} noValidate>
        <Stack>
          <Text>
            {target &&
              t(signing ? 'contracts.signConfirm' : 'contracts.terminateConfirm', {
                number: target.number,
              })}
          </Text>
          {failure && (
            <Alert color="red" role="alert">
              {failure}
            </Alert>
          )}
          <DateField
            data-autofocus
            label={t(signing ? 'contracts.signedOn' : 'contracts.terminatedOn')}
            value={on}
            required
            error={onError && t(onError)}
            onChange={setOn}
          />
          {signing && (
            <FileInput
              label={t('contracts.scan')}
              accept="application/pdf,image/jpeg,image/png"
              value={scan}
              onChange={setScan}
              required
              clearable
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('contracts.cancel')}
            </Button>
            <Button
              type="submit"
              color={signing ? undefined : 'red'}
              loading={saving}
              disabled={!on || (signing && !scan)}
            >
              {t('contracts.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
