import { asc, eq } from 'drizzle-orm';
import type { Store } from '../../../db/connection';
import {
  auditLog,
  contracts,
  documents,
  portfolioEntries,
  staffAccounts,
} from '../../../db/schema';
import { PdfDocumentBuilder } from '../pdf/document';
import { formatDate } from '../contracts/content';
import { readAttachment } from '../vault/attachment-files';

const row = (label: string, value: unknown): [string, string] => [
  label,
  value === null || value === undefined || value === '' ? '—' : String(value),
];

/**
 * Everything held about one child, for the subject-access request a parent may make:
 * registry data, representatives, privileges, consents, documents (photos included),
 * health records, portfolio, contracts, and who accessed the file when. In Kazakh with
 * Russian labels; no personal data in the PDF's title.
 */
export async function subjectAccessReport(
  store: Store,
  dataDir: string,
  file: {
    child: Record<string, unknown> & { id: string };
    group: { name: string } | null;
    representatives: Record<string, unknown>[];
    privileges: Record<string, unknown>[];
    consents: Record<string, unknown>[];
  },
  health: Record<string, unknown[] | Record<string, unknown> | null>,
  generatedAt: Date,
): Promise<Uint8Array> {
  const { child } = file;
  const doc = await PdfDocumentBuilder.create({
    title: 'Дербес деректер туралы анықтама / Справка о персональных данных',
    language: 'kk',
    creationDate: generatedAt,
  });
  doc.heading(
    'Баланың дербес деректері туралы анықтама / Справка о персональных данных ребёнка',
    1,
  );
  doc.paragraph(`Құрылған күні / Дата: ${formatDate(generatedAt.toISOString())}`, { size: 9 });

  doc.heading('Бала / Ребёнок', 2);
  doc.keyValueTable([
    row(
      'Тегі, аты, әкесінің аты / ФИО',
      [child.lastName, child.firstName, child.patronymic].filter(Boolean).join(' '),
    ),
    row('ЖСН / ИИН', child.iin),
    row('Туған күні / Дата рождения', formatDate(child.birthDate as string)),
    row('Жынысы / Пол', child.sex === 'male' ? 'ер / муж.' : 'әйел / жен.'),
    row('Азаматтығы / Гражданство', child.citizenship),
    row(
      'Туу туралы куәлік / Свидетельство о рождении',
      [
        child.birthCertificateNumber,
        formatDate(child.birthCertificateDate as string),
        child.birthCertificateIssuer,
      ]
        .filter(Boolean)
        .join(', '),
    ),
    row('Тіркелген мекенжайы / Адрес регистрации', child.registeredAddress),
    row('Нақты мекенжайы / Фактический адрес', child.actualAddress),
    row('Мәртебесі / Статус', child.status),
    row('Тобы / Группа', file.group?.name),
    row('Жолдама / Направление', child.referralNumber),
  ]);

  doc.heading('Заңды өкілдер / Законные представители', 2);
  for (const rep of file.representatives) {
    doc.keyValueTable([
      row(
        'Тегі, аты / ФИО',
        [rep.lastName, rep.firstName, rep.patronymic].filter(Boolean).join(' '),
      ),
      row('ЖСН / ИИН', rep.iin),
      row('Кім болып келеді / Кем приходится', rep.relation),
      row(
        'Құжат / Документ',
        [
          rep.idDocumentType,
          rep.idDocumentNumber,
          formatDate(rep.idDocumentIssuedOn as string),
          rep.idDocumentIssuer,
        ]
          .filter(Boolean)
          .join(', '),
      ),
      row('Өкілеттік құжаты / Документ о полномочиях', rep.authorityDocument),
      row('Телефон', [rep.phone, rep.phoneExtra].filter(Boolean).join(', ')),
      row('Эл. пошта / Эл. почта', rep.email),
      row(
        'Жұмыс орны, лауазымы / Место работы, должность',
        [rep.workplace, rep.position].filter(Boolean).join(', '),
      ),
    ]);
  }

  doc.heading('Жеңілдіктер және келісімдер / Льготы и согласия', 2);
  doc.keyValueTable(
    [
      ...file.privileges.map((p) =>
        row(
          String(p.nameKk),
          `${p.documentNumber ?? ''} ${formatDate(p.validFrom as string)}–${formatDate(p.validUntil as string)} (${p.confirmation})`,
        ),
      ),
      ...file.consents.map((c) =>
        row('Келісім / Согласие', `${c.rulesVersion}, ${formatDate(c.givenOn as string)}`),
      ),
    ].concat(file.privileges.length + file.consents.length ? [] : [row('—', '—')]),
  );

  doc.heading('Денсаулық / Здоровье', 2);
  for (const [section, value] of Object.entries(health)) {
    const items = Array.isArray(value) ? value : value ? [value] : [];
    if (!items.length) continue;
    doc.paragraph(section, { bold: true });
    for (const item of items) {
      const fields = Object.entries(item as Record<string, unknown>).filter(
        ([key]) => !['id', 'childId', 'recordedBy'].includes(key),
      );
      doc.paragraph(fields.map(([key, v]) => `${key}: ${v ?? '—'}`).join('; '), { size: 9 });
    }
  }

  doc.heading('Портфолио / Портфолио', 2);
  for (const entry of store.db
    .select()
    .from(portfolioEntries)
    .where(eq(portfolioEntries.childId, child.id))
    .orderBy(asc(portfolioEntries.date))
    .all()) {
    doc.paragraph(
      `${formatDate(entry.date)} · ${entry.area} · ${entry.title}${entry.text ? ` — ${entry.text}` : ''}`,
      { size: 9 },
    );
  }

  doc.heading('Шарттар / Договоры', 2);
  for (const contract of store.db
    .select()
    .from(contracts)
    .where(eq(contracts.childId, child.id))
    .all()) {
    doc.paragraph(`№ ${contract.number}, ${formatDate(contract.date)}, ${contract.status}`, {
      size: 9,
    });
  }

  doc.heading('Құжаттар / Документы', 2);
  for (const document of store.db
    .select()
    .from(documents)
    .where(eq(documents.childId, child.id))
    .all()) {
    doc.paragraph(`${document.type}: ${document.title} (${formatDate(document.createdAt)})`, {
      size: 9,
    });
    if (document.type === 'child_photo' && document.thumbnailId) {
      await doc.image(readAttachment(store, dataDir, document.thumbnailId).bytes, { widthMm: 30 });
    }
  }

  doc.heading('Кім қашан қарады және өзгертті / Кто и когда просматривал и изменял', 2);
  const accesses = store.db
    .select({ at: auditLog.at, action: auditLog.action, who: staffAccounts.displayName })
    .from(auditLog)
    .leftJoin(staffAccounts, eq(staffAccounts.id, auditLog.actorId))
    .where(eq(auditLog.entityId, child.id))
    .orderBy(asc(auditLog.seq))
    .all();
  for (const access of accesses)
    doc.paragraph(
      `${access.at.slice(0, 19).replace('T', ' ')} · ${access.action} · ${access.who ?? '—'}`,
      { size: 8 },
    );
  return doc.finish();
}
