import { useTranslation } from 'react-i18next';

/**
 * A synced record's field by its name in the UI language: the child's and representative's
 * form labels, the names of the other records' synced fields, else the code as a last resort.
 * Used wherever a list names fields a change touched (rejected changes, a child's history).
 */
export function useFieldLabel(): (entity: string, field: string) => string {
  const { t, i18n } = useTranslation();
  return (entity, field) => {
    const own =
      entity === 'child'
        ? [`child.fields.${field}`]
        : entity === 'representative'
          ? [`child.rep.${field}`]
          : [];
    const key = [...own, `sync.fieldNames.${field}`, `child.fields.${field}`].find(
      (k) => i18n.exists(k) && typeof t(k) === 'string',
    );
    return key ? t(key) : field;
  };
}

/** A synced record type's name in the UI language ("record" for one without a name yet). */
export function useEntityLabel(): (entity: string) => string {
  const { t, i18n } = useTranslation();
  return (entity) =>
    i18n.exists(`entities.${entity}`) ? t(`entities.${entity}`) : t('conflicts.record');
}
