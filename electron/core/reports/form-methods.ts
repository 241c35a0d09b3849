import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { allergies, consents, documents, groups, UI_LANGUAGES } from '../../../db/schema';
import type { ReadableStore } from '../../../db/connection';
import type { UiLanguage } from '../vocabulary/enums';
import { method, type HandlerContext } from '../registry/method';
import { Id } from '../children/fields';
import { findChild } from '../children/child-record';
import { representativesOfChild } from '../representatives/as-seen';
import { RepresentativeNotFound } from '../representatives/representative-record';
import { findPassport } from '../health/health-record';
import { readAttachment } from '../vault/attachment-files';
import { readOrgSettings } from '../settings/org-settings';
import { checkPrinter, PrintChoices } from '../printing/print-choices';
import { renderChildCard, type ChildCardHealth } from './child-card';
import { renderConsentForm } from './consent-form';

/**
 * The printed forms of a child (issue 15): the child's card and the consent to personal-data
 * processing. The renderers (child-card.ts, consent-form.ts) are pure; this file reads what
 * they print from the store, as the signed-in role may see it:
 * - the card: identity, group and the representatives' contacts for every role that may open
 *   the child's file (a teacher only her groups' children — the dispatcher's scope check);
 *   the photo only with `portfolio.read` (the child_photo document's family), decrypted in
 *   memory and never written anywhere; the health group and allergies only with `health.read`,
 *   otherwise the card has no health part at all;
 * - the consent form: for the director (`children.write`, who records consents); the
 *   representative's identity document only with `documents.read` (auth/visibility.ts),
 *   otherwise a line to write it on by hand.
 * Both are audited as a read of the child's file. The PDF's file name carries no personal data.
 */

const CardInput = {
  childId: Id,
  /** The card's language: one of the two the app is in. */
  language: z.enum(UI_LANGUAGES),
};
const ConsentInput = {
  childId: Id,
  representativeId: Id,
  /** One language, or both (the Kazakh page, then the Russian one). */
  language: z.enum([...UI_LANGUAGES, 'both']),
};

const day = (ctx: HandlerContext) => ctx.now().slice(0, 10);

/** "KZ" as "Қазақстан" / "Казахстан"; a citizenship typed out in words stays as typed. */
function citizenshipWords(value: string, language: UiLanguage): string {
  if (!/^[A-Z]{2}$/.test(value)) return value;
  try {
    return new Intl.DisplayNames([language], { type: 'region' }).of(value) ?? value;
  } catch {
    return value;
  }
}

/** The child's latest photo (its thumbnail where there is one), decrypted in memory only. */
function childPhoto(store: ReadableStore, dataDir: string, childId: string): Uint8Array | null {
  const photo = store.db
    .select({ attachmentId: documents.attachmentId, thumbnailId: documents.thumbnailId })
    .from(documents)
    .where(and(eq(documents.childId, childId), eq(documents.type, 'child_photo')))
    .orderBy(desc(documents.createdAt), desc(documents.id))
    .get();
  if (!photo) return null;
  return readAttachment(store, dataDir, photo.thumbnailId ?? photo.attachmentId).bytes;
}

function childHealth(store: ReadableStore, childId: string): ChildCardHealth {
  return {
    healthGroup: findPassport(store, childId)?.healthGroup ?? null,
    allergies: store.db
      .select({ kind: allergies.kind, allergen: allergies.allergen, reaction: allergies.reaction })
      .from(allergies)
      .where(eq(allergies.childId, childId))
      .orderBy(asc(allergies.kind), asc(allergies.allergen))
      .all(),
  };
}

async function childCard(ctx: HandlerContext, childId: string, language: UiLanguage) {
  const store = ctx.store();
  const child = findChild(store, childId);
  const group = child.groupId
    ? (store.db.select().from(groups).where(eq(groups.id, child.groupId)).get() ?? null)
    : null;
  const org = readOrgSettings(store);
  const representatives = representativesOfChild(store, ctx.may, childId)
    // The primary representative first: the one to call.
    .sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary));
  const pdf = await renderChildCard({
    language,
    organisation: (language === 'ru' && org.nameRu) || org.nameKk,
    child: { ...child, citizenship: citizenshipWords(child.citizenship, language) },
    group: group && { name: group.name, language: group.language },
    photo: ctx.may('portfolio.read') ? childPhoto(store, ctx.services.dataDir, childId) : null,
    representatives: representatives.map((rep) => ({ ...rep, primary: rep.isPrimary })),
    health: ctx.may('health.read') ? childHealth(store, childId) : null,
    creationDate: new Date(ctx.now()),
  });
  ctx.auditRead(childId);
  return pdf;
}

async function consentForm(
  ctx: HandlerContext,
  { childId, representativeId, language }: z.infer<z.ZodObject<typeof ConsentInput>>,
) {
  const store = ctx.store();
  const child = findChild(store, childId);
  // Only a representative of this child: another child's is as if it did not exist.
  const rep = representativesOfChild(store, ctx.may, childId).find(
    (r) => r.id === representativeId,
  );
  if (!rep) throw RepresentativeNotFound();
  // A form printed again for a consent already recorded carries its date and rules version;
  // a new one has a line for the date.
  const current = store.db
    .select({ givenOn: consents.givenOn, rulesVersion: consents.rulesVersion })
    .from(consents)
    .where(
      and(
        eq(consents.childId, childId),
        eq(consents.representativeId, representativeId),
        isNull(consents.withdrawnOn),
      ),
    )
    .orderBy(desc(consents.givenOn))
    .get();
  const org = readOrgSettings(store);
  const pdf = await renderConsentForm({
    language,
    organisation: {
      name: { kk: org.nameKk, ru: org.nameRu },
      bin: org.bin,
      address: { kk: org.addressKk, ru: org.addressRu },
      city: { kk: org.cityKk, ru: org.cityRu },
    },
    representative: {
      ...rep,
      // Withheld (no documents.read): null, and the form leaves a line to write it on.
      idDocument:
        rep.idDocumentType && rep.idDocumentNumber
          ? {
              type: rep.idDocumentType,
              number: rep.idDocumentNumber,
              issuedOn: rep.idDocumentIssuedOn,
              issuer: rep.idDocumentIssuer,
            }
          : null,
    },
    child,
    date: current?.givenOn ?? null,
    rulesVersion: current?.rulesVersion ?? null,
    creationDate: new Date(ctx.now()),
  });
  ctx.auditRead(childId);
  return pdf;
}

const asFile = (pdf: Uint8Array, fileName: string) => ({
  fileName,
  base64: Buffer.from(pdf).toString('base64'),
});

export const formMethods = {
  /** The child's card as an A4 PDF, holding what the role may see (see above). */
  'reports.childCard': method({
    input: z.object(CardInput).strict(),
    access: 'children.read',
    kind: 'sensitiveRead',
    entity: 'child',
    handler: async (ctx, { childId, language }) =>
      asFile(await childCard(ctx, childId, language), `child-card-${day(ctx)}.pdf`),
  }),

  /** The same card sent to a printer as one job (the print path contracts use). */
  'reports.printChildCard': method({
    input: z.object({ ...CardInput, ...PrintChoices }).strict(),
    access: 'children.read',
    kind: 'sensitiveRead',
    entity: 'child',
    handler: async (ctx, { childId, language, printer, copies, duplex }) => {
      await checkPrinter(ctx.services, printer);
      const pdf = await childCard(ctx, childId, language);
      return ctx.services.printBackend.print(pdf, {
        printer,
        copies,
        duplex,
        jobTitle: 'Child card',
      });
    },
  }),

  /** The consent form a representative signs, filled with their and the child's data. */
  'reports.consentForm': method({
    input: z.object(ConsentInput).strict(),
    access: 'children.write',
    kind: 'sensitiveRead',
    entity: 'child',
    handler: async (ctx, input) =>
      asFile(await consentForm(ctx, input), `consent-form-${day(ctx)}.pdf`),
  }),

  'reports.printConsentForm': method({
    input: z.object({ ...ConsentInput, ...PrintChoices }).strict(),
    access: 'children.write',
    kind: 'sensitiveRead',
    entity: 'child',
    handler: async (ctx, { printer, copies, duplex, ...input }) => {
      await checkPrinter(ctx.services, printer);
      const pdf = await consentForm(ctx, input);
      return ctx.services.printBackend.print(pdf, {
        printer,
        copies,
        duplex,
        jobTitle: 'Consent form',
      });
    },
  }),
};
