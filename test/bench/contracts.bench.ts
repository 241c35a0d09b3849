import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { and, eq } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import { createCore } from '../../electron/core/core';
import { FileDeviceSeal } from '../../electron/core/vault/device-seal';
import { contractToPrint } from '../../electron/core/contracts/to-print';
import {
  renderContractBatchPdf,
  renderContractPdf,
} from '../../electron/core/contracts/contract-pdf';
import { fill, loadTemplate } from '../../electron/core/contracts/template';
import { seedKindergarten } from '../../electron/core/seed/synthetic-kindergarten';
import { childRepresentatives, children } from '../../db/schema';
import { fillContractSettings } from '../helpers/enrolled-child';

const BATCH = 300;
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/** The same text in one font on plain pages, wrapped naively: what pdf-lib costs with no layout of ours. */
async function barePdfLib(text: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const font = await pdf.embedFont(
    readFileSync(join(process.cwd(), 'resources/fonts/DejaVuSans.ttf')),
    { subset: true },
  );
  let page = pdf.addPage([595.28, 841.89]);
  let y = 780;
  for (const line of text.match(/.{1,90}(\s|$)/gsu) ?? []) {
    if (y < 60) {
      page = pdf.addPage([595.28, 841.89]);
      y = 780;
    }
    page.drawText(line.replace(/\n/g, ' '), { x: 50, y, size: 9, font });
    y -= 12;
  }
  return pdf.save();
}

export async function benchContracts(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'bq-bench-contracts-'));
  try {
    const core = createCore({
      dataDir: join(root, 'data'),
      deviceSeal: new FileDeviceSeal(join(root, 'device.key')),
    });
    const { session } = await core.call('setup.initialize', {
      orgName: 'Bench kindergarten «Балапан»',
      orgBin: '150440001236',
      adminLogin: 'bench',
      adminName: 'Bench',
      password: 'bench-password',
    });
    await fillContractSettings(core);
    const store = core.services.store();
    // A group's worth of different children: their names, addresses and documents wrap and
    // break pages differently, as a real batch does.
    await seedKindergarten(store, {
      children: Math.ceil(BATCH * 1.3),
      withDocuments: 0,
      actorId: session.accountId,
      dataDir: core.services.dataDir,
    });
    const enrolled = store.db
      .select({
        childId: childRepresentatives.childId,
        representativeId: childRepresentatives.representativeId,
      })
      .from(childRepresentatives)
      .innerJoin(children, eq(children.id, childRepresentatives.childId))
      .where(and(eq(children.status, 'enrolled'), eq(childRepresentatives.isPrimary, true)))
      .limit(BATCH)
      .all();
    if (enrolled.length < BATCH)
      throw new Error(`only ${enrolled.length} enrolled children seeded`);
    const ids: string[] = [];
    for (const { childId, representativeId } of enrolled) {
      ids.push(
        (
          await core.call('contracts.create', {
            childId,
            representativeId,
            termFrom: '2026-09-01',
            termUntil: '2027-05-31',
          })
        ).id,
      );
    }
    await renderContractPdf(contractToPrint(store, ids[0]!).toRender); // warm-up: fonts read, template parsed

    const singleTimes: number[] = [];
    let single: Uint8Array = new Uint8Array();
    for (let i = 0; i < 15; i++) {
      const start = process.hrtime.bigint();
      single = await renderContractPdf(contractToPrint(store, ids[i]!).toRender);
      singleTimes.push(ms(start));
    }
    singleTimes.sort((a, b) => a - b);

    const batchStart = process.hrtime.bigint();
    const merged = await renderContractBatchPdf(
      ids.map((id) => contractToPrint(store, id).toRender),
    );
    const batchMs = ms(batchStart);

    const { fields } = contractToPrint(store, ids[0]!);
    const template = loadTemplate('contract-v1');
    const text = template.sections
      .flatMap((s) => [fill(s.kk, fields), fill(s.ru, fields)])
      .join('\n');
    const bareTimes: number[] = [];
    let bare: Uint8Array = new Uint8Array();
    for (let i = 0; i < 15; i++) {
      const start = process.hrtime.bigint();
      bare = await barePdfLib(text);
      bareTimes.push(ms(start));
    }
    bareTimes.sort((a, b) => a - b);
    const median = (values: number[]) => values[Math.floor(values.length / 2)]!;
    core.close();

    console.log(
      `contracts: rendered from the store (content, layout, QR, fonts subset) for ${BATCH} different seeded children; ${BATCH} as one PDF (one print job)`,
    );
    console.log('operation                          time         size        target');
    console.log(
      `one contract (median of 15)  ${median(singleTimes).toFixed(1).padStart(9)} ms ${(single.length / 1024).toFixed(0).padStart(7)} KB    ≤ 150 ms, ≤ 150 KB`,
    );
    console.log(
      `${BATCH} contracts, one PDF       ${(batchMs / 1000).toFixed(2).padStart(9)} s  ${(merged.length / 1024 / 1024).toFixed(1).padStart(7)} MB    ≤ 15 s, ${(merged.length / BATCH / 1024).toFixed(0)} KB a contract ≤ 150 KB`,
    );
    console.log(
      `bare pdf-lib, same text+font ${median(bareTimes).toFixed(1).padStart(9)} ms ${(bare.length / 1024).toFixed(0).padStart(7)} KB`,
    );
    console.log(
      `our overhead: time ×${(median(singleTimes) / median(bareTimes)).toFixed(2)}, size ×${(single.length / bare.length).toFixed(2)}`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
