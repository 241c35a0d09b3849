import { and, asc, desc, eq, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { ReadableStore } from '../../../db/connection';
import { children, contractSignatures, contracts } from '../../../db/schema';
import type { ESignatureState } from './signature-record';

const directorSignature = alias(contractSignatures, 'director_signature');
const representativeSignature = alias(contractSignatures, 'representative_signature');

/**
 * Contracts as contracts.list lists them (number, date, status, the child's name and group,
 * and the electronic signatures' state with the director's signer), newest year first: the
 * list's rows and what a contract write answers for its contract.
 */
export function contractRows(store: ReadableStore, where: SQL | undefined) {
  return store.db
    .select({
      id: contracts.id,
      number: contracts.number,
      date: contracts.date,
      status: contracts.status,
      childId: contracts.childId,
      childName: children.lastName,
      childFirstName: children.firstName,
      groupId: children.groupId,
      directorName: directorSignature.signerName,
      directorIin: directorSignature.signerIin,
      directorNotAfter: directorSignature.certificateNotAfter,
      directorCryptoVerified: directorSignature.cryptoVerified,
      directorSigned: directorSignature.id,
      representativeSigned: representativeSignature.id,
    })
    .from(contracts)
    .innerJoin(children, eq(children.id, contracts.childId))
    .leftJoin(
      directorSignature,
      and(eq(directorSignature.contractId, contracts.id), eq(directorSignature.party, 'director')),
    )
    .leftJoin(
      representativeSignature,
      and(
        eq(representativeSignature.contractId, contracts.id),
        eq(representativeSignature.party, 'representative'),
        eq(representativeSignature.valid, true),
        eq(representativeSignature.cryptoVerified, true),
      ),
    )
    .where(where)
    .orderBy(desc(contracts.year), asc(contracts.sequence))
    .all()
    .map(
      ({
        directorName,
        directorIin,
        directorNotAfter,
        directorCryptoVerified,
        directorSigned,
        representativeSigned,
        ...row
      }) => ({
        ...row,
        eSignature: (directorSigned
          ? representativeSigned
            ? 'both'
            : 'director'
          : 'none') as ESignatureState,
        directorSigner: directorSigned
          ? {
              name: directorName,
              iin: directorIin,
              certificateNotAfter: directorNotAfter,
              /** False: a GOST signature, its maths not checked here (shown with a warning). */
              cryptoVerified: directorCryptoVerified === true,
            }
          : null,
      }),
    );
}

/** One contract as contracts.list lists it. */
export const contractRow = (store: ReadableStore, contractId: string) =>
  contractRows(store, eq(contracts.id, contractId))[0]!;
