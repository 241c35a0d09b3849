import type { ReadableStore } from '../../../db/connection';
import type { May } from '../auth/visibility';
import { AppError } from '../errors/app-error';
import { contentHash, contractContent, qrPayload } from './content';
import { findContract } from './contract-record';

/**
 * The contract as it stands in the store now, ready to render; refuses while required data
 * is missing (naming the contract, for batches). With `may` it is laid out as that role may
 * see it (a preview): details it may not see are WITHHELD, while the hash and the QR code
 * stay those of the whole content. Printing passes no `may`: the paper contract the family
 * signs carries every detail the law asks for (see the README's permission section).
 */
export function contractToPrint(store: ReadableStore, contractId: string, may?: May) {
  const contract = findContract(store, contractId);
  const { fields, missing } = contractContent(store, contractId);
  if (missing.length)
    throw new AppError('contractDataMissing', { fields: missing, contract: contract.number });
  const hash = contentHash(fields);
  const shown = may ? contractContent(store, contractId, may) : { fields, withheld: [] };
  const toRender = {
    templateVersion: contract.templateVersion,
    fields: shown.fields,
    qrText: qrPayload(contract.number, hash),
  };
  return { contract, fields, hash, toRender, withheld: shown.withheld };
}
