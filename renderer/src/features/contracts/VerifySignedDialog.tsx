import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, FileInput, Group, List, Modal, Stack, Text } from '@mantine/core';
import { call } from '../../lib/api';
import { formatDate, formatDateTime } from '../../lib/dates';
import { toBase64 } from '../../lib/files';
import { useContractErrorText } from './contract-errors';
import type { MethodOutput } from '../../../../electron/core/api';

type Verified = MethodOutput<'contracts.verifySignedFiles'>;
export type SignatureCheck = Verified['check'];

/**
 * One signature's check in words: valid or not and why (most important reason first), the
 * signer and the certificate, whether revocation was checked, and for GOST that the
 * signature's mathematics is not checked in this program.
 */
export function SignatureCheckView({ check }: { check: SignatureCheck }) {
  const { t } = useTranslation();
  const signer = check.signer;
  // GOST: chain and dates are checked, the signature's mathematics is not — not shown as proved.
  const unproved = !check.cryptoVerified;
  return (
    <Stack gap={4} data-testid="signature-check">
      <Alert
        color={!check.valid ? 'red' : unproved ? 'orange' : 'green'}
        title={t(
          !check.valid
            ? 'contracts.esign.invalid'
            : unproved
              ? 'contracts.esign.validUnproved'
              : 'contracts.esign.valid',
        )}
        data-valid={check.valid}
        data-crypto-verified={check.cryptoVerified}
      >
        {check.failures.length > 0 && (
          <List size="sm" data-testid="signature-failures">
            {check.failures.map((failure) => (
              <List.Item key={failure} data-failure={failure}>
                {t(`esign.failure.${failure}`)}
              </List.Item>
            ))}
          </List>
        )}
      </Alert>
      {signer && (
        <Text size="sm">
          {`${t('contracts.esign.signer')}: ${signer.name}`}
          {signer.iin && `, ${t('contracts.esign.iin')} ${signer.iin}`}
          {signer.bin && `, ${t('contracts.esign.bin')} ${signer.bin}`}
        </Text>
      )}
      {signer && (
        <Text size="sm">
          {`${t('contracts.esign.certificate')}: ${t('contracts.esign.certificateValidity', {
            from: formatDate(signer.notBefore),
            until: formatDate(signer.notAfter),
            issuer: signer.issuer,
          })}`}
        </Text>
      )}
      {check.signedAt && (
        <Text size="sm">{`${t('contracts.esign.signedAt')}: ${formatDateTime(check.signedAt)}`}</Text>
      )}
      <Text size="sm" data-testid="signature-revocation" data-revocation={check.revocation}>
        {`${t('contracts.esign.revocation')}: ${t(`contracts.esign.revocationStates.${check.revocation}`)}`}
      </Text>
      <Text size="sm">
        {`${t('contracts.esign.algorithm')}: ${t(`contracts.esign.algorithms.${check.algorithm}`)}`}
      </Text>
      {unproved && check.algorithm === 'gost' && (
        <Text size="sm" c="orange.9">
          {t('contracts.esign.gostNote')}
        </Text>
      )}
    </Stack>
  );
}

/**
 * Files brought from outside (a signed contract handed back, a copy from the portal): the PDF
 * and its detached .cms go to the core, which checks the signature against those bytes and the
 * national roots, and names the contract if the PDF is one of ours.
 */
export function VerifySignedDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useContractErrorText();
  const [pdf, setPdf] = useState<File | null>(null);
  const [cms, setCms] = useState<File | null>(null);
  const [result, setResult] = useState<Verified | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);

  const close = () => {
    setPdf(null);
    setCms(null);
    setResult(null);
    setFailure(null);
    onClose();
  };

  const verify = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!pdf || !cms) return;
    setResult(null);
    setFailure(null);
    setChecking(true);
    try {
      setResult(
        await call('contracts.verifySignedFiles', {
          pdfBase64: await toBase64(pdf),
          cmsBase64: await toBase64(cms),
        }),
      );
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setChecking(false);
    }
  };

  // A file picked again is a new question: the old answer goes.
  const pick = (set: (file: File | null) => void) => (file: File | null) => {
    set(file);
    setResult(null);
    setFailure(null);
  };

  return (
    <Modal opened={opened} onClose={close} size={640} title={t('contracts.esign.verify')}>
      <form onSubmit={verify} noValidate>
        <Stack>
          <Text size="sm">{t('contracts.esign.verifyHint')}</Text>
          <FileInput
            data-autofocus
            label={t('contracts.esign.pdfFile')}
            accept="application/pdf,.pdf"
            value={pdf}
            onChange={pick(setPdf)}
            required
            clearable
          />
          <FileInput
            label={t('contracts.esign.cmsFile')}
            accept=".cms,.p7s,.sig,application/pkcs7-signature"
            value={cms}
            onChange={pick(setCms)}
            required
            clearable
          />
          {failure && (
            <Alert color="red" role="alert">
              {failure}
            </Alert>
          )}
          {result && (
            <Stack gap={4} role="status" data-testid="verify-result">
              {result.contractNumber ? (
                <Text size="sm" fw={600}>
                  {t('contracts.esign.contractNumber', { number: result.contractNumber })}
                </Text>
              ) : (
                <Text size="sm" c="dimmed">
                  {t('contracts.esign.notOurs')}
                </Text>
              )}
              <SignatureCheckView check={result.check} />
            </Stack>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('contracts.close')}
            </Button>
            <Button type="submit" loading={checking} disabled={!pdf || !cms}>
              {t('contracts.esign.check')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
