import { useTranslation } from 'react-i18next';
import { Alert, List, Stack, Text } from '@mantine/core';

/** Fields of the organisation's details (settings) and of its contract terms; everything else lives in the child's file. */
const SETTINGS_FIELDS = new Set([
  'contract.place',
  'contract.placeRu',
  'org.name',
  'org.nameRu',
  'org.bin',
  'org.address',
  'org.addressRu',
  'org.director',
  'org.phone',
  'org.bank',
  'org.iban',
  'org.bic',
]);
const TERMS_FIELDS = new Set(['regime.kk', 'regime.ru', 'fee.monthly', 'fee.dueDay']);

/**
 * A contract field's name in the interface language with the other language beside it, as the
 * contract itself is bilingual; `representative` (none linked yet) included.
 */
export function useContractFieldName() {
  const { t, i18n } = useTranslation();
  const other = i18n.getFixedT(i18n.language === 'ru' ? 'kk' : 'ru');
  return (field: string) => {
    const key =
      field === 'representative'
        ? 'contracts.forGroup.missingRepresentative'
        : `contracts.fields.${field}`;
    return i18n.exists(key) ? `${t(key)} / ${other(key)}` : field;
  };
}

/**
 * What must be filled before the contract can be printed, grouped by where to fill it. Each
 * field is named in the interface language with the other language beside it, as the
 * contract itself is bilingual.
 */
export function MissingList({ fields }: { fields: readonly string[] }) {
  const { t } = useTranslation();
  const name = useContractFieldName();
  if (!fields.length)
    return (
      <Alert color="green" data-testid="contract-complete">
        {t('contracts.complete')}
      </Alert>
    );
  const inTerms = fields.filter((field) => TERMS_FIELDS.has(field));
  const inSettings = fields.filter((field) => SETTINGS_FIELDS.has(field));
  const inFile = fields.filter((field) => !TERMS_FIELDS.has(field) && !SETTINGS_FIELDS.has(field));
  const sections: [string, string[]][] = [
    ['contracts.missingInFile', inFile],
    ['contracts.missingInSettings', inSettings],
    ['contracts.missingInTerms', inTerms],
  ];
  return (
    <Alert color="orange" title={t('contracts.missingTitle')} data-testid="contract-missing">
      <Stack gap="xs">
        {sections
          .filter(([, list]) => list.length > 0)
          .map(([heading, list]) => (
            <div key={heading}>
              <Text size="sm" fw={600}>
                {t(heading)}
              </Text>
              <List size="sm">
                {list.map((field) => (
                  <List.Item key={field} data-field={field}>
                    {name(field)}
                  </List.Item>
                ))}
              </List>
            </div>
          ))}
      </Stack>
    </Alert>
  );
}
