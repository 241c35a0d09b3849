import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Divider, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { call } from '../../lib/api';
import { formatDate, formatDateTime } from '../../lib/dates';
import { saveFile } from '../../lib/files';
import { useContractErrorText } from './contract-errors';
import { SignatureCheckView } from './VerifySignedDialog';
import type { MethodOutput } from '../../../../electron/core/api';

type Row = MethodOutput<'contracts.list'>[number];
export interface ESignTarget {
  contractId: string;
  number: string;
}

/**
 * What the contract's row says about its e-signatures: the director's signer (name, IIN, the
 * certificate's end) and, once the parent's signature arrived and verified, "signed by both".
 */
export function ESignState({ row }: { row: Pick<Row, 'eSignature' | 'directorSigner'> }) {
  const { t } = useTranslation();
  if (row.eSignature === 'none' || !row.directorSigner) return null;
  const signer = row.directorSigner;
  // A GOST signature's mathematics is not checked here (README Design): not shown as proved.
  const unproved = !signer.cryptoVerified;
  return (
    <Stack gap={0} data-testid="esign-state">
      <Text size="xs" c="teal.9">
        {t('contracts.esign.signedBy', {
          name: signer.name,
          iin: signer.iin ?? '—',
          until: formatDate(signer.certificateNotAfter),
        })}
      </Text>
      {unproved && (
        <Text size="xs" c="orange.9" data-testid="esign-unproved">
          {t('contracts.esign.gostUnproved')}
        </Text>
      )}
      {row.eSignature === 'both' && (
        <Text size="xs" fw={600} c="green.9">
          {t('contracts.esign.both')}
        </Text>
      )}
    </Stack>
  );
}

/**
 * Signing with the director's key through NCALayer: the core renders the PDF, hands it to
 * NCALayer, verifies what comes back and only then keeps it. The dialog waits with the hint to
 * pick the key in NCALayer's window; a refusal shows its reason and may be tried again.
 */
export function useSignElectronically() {
  const { t } = useTranslation();
  const errorText = useContractErrorText();
  const queryClient = useQueryClient();
  const [target, setTarget] = useState<ESignTarget | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  /** The contract being signed now: one at a time, as NCALayer shows one window. */
  const running = useRef<ESignTarget | null>(null);
  // Closed while NCALayer still waits: the answer then comes as a notification.
  const shown = useRef(false);

  const sign = async (next: ESignTarget) => {
    if (running.current) {
      // Another click while NCALayer waits shows the waiting dialog again.
      shown.current = true;
      setTarget(running.current);
      return;
    }
    running.current = next;
    setTarget(next);
    shown.current = true;
    setFailure(null);
    setBusy(true);
    try {
      await call('contracts.signElectronically', { contractId: next.contractId });
      notifications.show({
        color: 'green',
        message: t('contracts.esign.signedDone', { number: next.number }),
      });
      setTarget(null);
      await queryClient.invalidateQueries({ queryKey: ['contracts'] });
    } catch (error) {
      if (shown.current) setFailure(errorText(error));
      else notifications.show({ color: 'red', message: errorText(error) });
    } finally {
      running.current = null;
      setBusy(false);
    }
  };

  const close = () => {
    shown.current = false;
    setTarget(null);
    setFailure(null);
  };

  const dialog = (
    <Modal
      opened={!!target}
      onClose={close}
      closeOnClickOutside={!busy}
      title={target ? t('contracts.esign.signTitle', { number: target.number }) : ''}
    >
      <Stack>
        <Text size="sm">{t('contracts.esign.signHint')}</Text>
        {busy && (
          <Group gap="sm" role="status" aria-live="polite">
            <Loader size="sm" />
            <Text fw={600}>{t('contracts.esign.waiting')}</Text>
          </Group>
        )}
        {failure && (
          <Alert color="red" role="alert" data-testid="esign-failure">
            {failure}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('contracts.close')}
          </Button>
          {failure && target && (
            <Button data-autofocus onClick={() => void sign(target)}>
              {t('contracts.esign.retry')}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
  return { sign, dialog };
}

/** The director's signed pair (the PDF exactly as signed and its .cms), offered as two files. */
export function useSaveSignedFiles() {
  const { t } = useTranslation();
  const errorText = useContractErrorText();
  return async (contractId: string): Promise<void> => {
    try {
      const files = await call('contracts.signedFiles', { contractId });
      const base = `${t('contracts.forGroup.fileOne')}-${files.number}.pdf`;
      saveFile(files.pdfBase64, base, 'application/pdf');
      saveFile(files.cmsBase64, `${base}.cms`, 'application/pkcs7-signature');
      notifications.show({
        color: 'teal',
        message: t('contracts.esign.filesSaved', { number: files.number }),
      });
    } catch (error) {
      notifications.show({ color: 'red', message: errorText(error) });
    }
  };
}

/**
 * Every signature kept for a contract, each verified again by the core against the stored PDF
 * (revocation checked when there is a network): the parent's too, with its reason when it
 * does not verify.
 */
export function SignaturesDialog({
  target,
  canSave,
  onClose,
}: {
  target: ESignTarget | null;
  canSave: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const errorText = useContractErrorText();
  const saveSigned = useSaveSignedFiles();
  const signatures = useQuery({
    queryKey: ['contractSignatures', target?.contractId],
    queryFn: () => call('contracts.signatures', { contractId: target!.contractId }),
    enabled: !!target,
    gcTime: 0,
    staleTime: 0,
  });
  const data = signatures.data;
  return (
    <Modal
      opened={!!target}
      onClose={onClose}
      size={640}
      title={target ? t('contracts.esign.signaturesTitle', { number: target.number }) : ''}
    >
      <Stack>
        {signatures.isLoading && <Loader size="sm" />}
        {signatures.error && <Alert color="red">{errorText(signatures.error)}</Alert>}
        {data && data.state === 'both' && (
          <Alert color="green" data-testid="esign-both">
            {t('contracts.esign.both')}
          </Alert>
        )}
        {data && data.signatures.length === 0 && <Text>{t('contracts.esign.noSignatures')}</Text>}
        {data?.signatures.map((signature) => (
          <Stack key={signature.party} gap={4} data-testid={`signature-${signature.party}`}>
            <Divider label={t(`contracts.esign.party.${signature.party}`)} labelPosition="left" />
            {!signature.check.signer && (
              // The check names the signer from the certificate; without one, what was kept.
              <Text size="sm">
                {signature.signerName}
                {signature.signerIin && `, ${t('contracts.esign.iin')} ${signature.signerIin}`}
                {`, ${t('contracts.esign.signedAt')}: ${formatDateTime(signature.signedAt)}`}
              </Text>
            )}
            <SignatureCheckView check={signature.check} />
          </Stack>
        ))}
        {/* The director's signature is there, the parent's has not come from the portal. */}
        {data &&
          data.signatures.length > 0 &&
          !data.signatures.some((signature) => signature.party === 'representative') && (
            <Text size="sm" c="dimmed">
              {t('contracts.esign.waitingRepresentative')}
            </Text>
          )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('contracts.close')}
          </Button>
          {canSave && target && data && data.state !== 'none' && (
            <Button data-autofocus onClick={() => void saveSigned(target.contractId)}>
              {t('contracts.esign.saveFiles')}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
