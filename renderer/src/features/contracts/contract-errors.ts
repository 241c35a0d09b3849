import { CoreError } from '../../lib/api';

/** The core's error as a sentence, with the print system's reason when it gave one. */
export { usePrintErrorText as useContractErrorText } from '../../components/PrintChoices';

/** The fields a `contractDataMissing` error names, if that is what it is. */
export function missingFieldsOf(error: unknown): string[] | null {
  if (!(error instanceof CoreError) || error.code !== 'contractDataMissing') return null;
  return ([] as string[]).concat((error.params.fields as readonly string[] | undefined) ?? []);
}
