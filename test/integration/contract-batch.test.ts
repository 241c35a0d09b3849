import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/core';
import { FileDeviceSeal } from '../../electron/core/vault/device-seal';
import { extractPdfText } from '../../electron/core/pdf/read-back';
import { tempFolder } from '../helpers/temp';
import { RecordingPrinter } from '../helpers/recording-printer';
import { DIRECTOR, ORG } from '../helpers/store-fixture';
import { enrolledChild, fillContractSettings } from '../helpers/enrolled-child';

describe('batch printing in steps', () => {
  const root = tempFolder();
  const printer = new RecordingPrinter();
  let core: Core;
  let groupId = '';
  const contractIds: string[] = [];

  beforeAll(async () => {
    core = createCore({
      dataDir: join(root, 'data'),
      deviceSeal: new FileDeviceSeal(join(root, 'device.key')),
      printBackend: printer,
    });
    await core.call('setup.initialize', {
      orgName: ORG.name,
      orgBin: ORG.bin,
      adminLogin: DIRECTOR.login,
      adminName: DIRECTOR.name,
      password: DIRECTOR.password,
    });
    await fillContractSettings(core);
    for (const serial of ['0101', '0102', '0103', '0104', '0105']) {
      const child = await enrolledChild(core, { iinSerial: serial, ...(groupId && { groupId }) });
      groupId = child.groupId;
      const { id } = await core.call('contracts.create', {
        childId: child.childId,
        representativeId: child.representativeId,
        date: '2026-09-01',
        termFrom: '2026-09-01',
        termUntil: '2027-05-31',
      });
      contractIds.push(id);
    }
  });

  const drafts = async () =>
    (await core.call('contracts.list', { groupId, status: 'draft' })).map((c) => c.id);

  it('offers the backend printers, names with spaces and backslashes included', async () => {
    expect(await core.call('printing.printers', undefined)).toEqual({
      printers: ['Office Printer (A4)', '\\\\server\\Кабинет'],
      backend: 'cups',
    });
  });

  it('a cancelled batch sends nothing and changes no contract', async () => {
    const { batchId, total } = await core.call('contracts.batchStart', { contractIds });
    expect(total).toBe(5);
    const step = await core.call('contracts.batchStep', { batchId });
    expect(step.done).toBeGreaterThanOrEqual(1);
    expect(await core.call('contracts.batchCancel', { batchId })).toEqual({ cancelled: true });
    const afterCancel = await core.dispatch('contracts.batchStep', { batchId });
    expect(afterCancel).toMatchObject({ ok: false, error: { code: 'contractBatchNotFound' } });
    expect(printer.jobs).toHaveLength(0);
    expect(await drafts()).toHaveLength(5);
  });

  it('refuses to print before every contract is laid out, and refuses an unknown printer', async () => {
    const { batchId } = await core.call('contracts.batchStart', { contractIds });
    // No step taken yet: nothing is laid out.
    const early = await core.dispatch('contracts.batchPrint', {
      batchId,
      printer: 'Office Printer (A4)',
    });
    expect(early).toMatchObject({ ok: false, error: { code: 'contractBatchNotReady' } });
    let done = 0;
    const seen: number[] = [];
    while (done < 5) {
      ({ done } = await core.call('contracts.batchStep', { batchId }));
      seen.push(done);
    }
    expect(seen.at(-1)).toBe(5);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen); // progress only moves forward
    const unknown = await core.dispatch('contracts.batchPrint', { batchId, printer: 'Nope' });
    expect(unknown).toMatchObject({
      ok: false,
      error: { code: 'printFailed', params: { reason: 'noSuchPrinter' } },
    });
    expect(printer.jobs).toHaveLength(0);
    await core.call('contracts.batchCancel', { batchId });
  });

  it('prints all drafts of a group as ONE job, then records each as printed', async () => {
    const ids = await drafts();
    const { batchId, numbers } = await core.call('contracts.batchStart', { contractIds: ids });
    expect(numbers).toEqual(['2026-0001', '2026-0002', '2026-0003', '2026-0004', '2026-0005']);
    for (let done = 0; done < ids.length;)
      ({ done } = await core.call('contracts.batchStep', { batchId }));
    printer.failNext = true; // a failed job keeps the batch for another try
    const failed = await core.dispatch('contracts.batchPrint', {
      batchId,
      printer: 'Office Printer (A4)',
    });
    expect(failed).toMatchObject({ ok: false, error: { code: 'printFailed' } });
    expect(await drafts()).toHaveLength(5);
    const pendingBefore = (await core.call('sync.status', undefined)).pending;
    const result = await core.call('contracts.batchPrint', {
      batchId,
      printer: '\\\\server\\Кабинет',
      copies: 2,
      duplex: true,
    });
    expect(result).toEqual({ jobId: 'job-1', printed: 5 });
    expect(printer.jobs).toHaveLength(1);
    const job = printer.jobs[0]!;
    expect(job.options).toEqual({
      printer: '\\\\server\\Кабинет',
      copies: 2,
      duplex: true,
      jobTitle: 'Contracts x5',
    });
    const pages = await extractPdfText(job.pdf);
    const text = pages.join('\n');
    for (const number of numbers) expect(text).toContain(`BQC1|${number}|`);
    expect(await drafts()).toHaveLength(0);
    const listed = await core.call('contracts.list', { groupId });
    expect(listed.map((c) => c.status)).toEqual(Array(5).fill('printed'));
    // Each printed contract goes to the portal's outbox, as with contracts.print.
    expect((await core.call('sync.status', undefined)).pending).toBe(pendingBefore + 5);
    // The job is gone with the batch: printing it again is refused.
    const again = await core.dispatch('contracts.batchPrint', {
      batchId,
      printer: 'Office Printer (A4)',
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'contractBatchNotFound' } });
    const verified = await core.call('contracts.verify', {
      qrPayload: /BQC1\|2026-0003\|[0-9a-f]{64}/.exec(text)![0],
    });
    expect(verified.matches).toBe(true);
  });

  it('with duplex each contract starts on a new sheet (odd page), without duplex nothing is padded', async () => {
    const prepared = async () => {
      const { batchId, numbers } = await core.call('contracts.batchStart', { contractIds });
      for (let done = 0; done < contractIds.length;)
        ({ done } = await core.call('contracts.batchStep', { batchId }));
      return { batchId, numbers };
    };
    /** Each contract's pages as read back: its number (from its title), first page, length. */
    const contractsIn = (pages: string[], numbers: string[]) =>
      numbers.map((number) => {
        const first = pages.findIndex((page) => page.includes(`№ ${number}`));
        const footer = /(\d+) \/ (\d+)\s*$/.exec(pages[first]!.trim());
        expect(footer?.[1], `contract ${number} starts with its page 1`).toBe('1');
        return { number, first, pages: Number(footer![2]) };
      });
    const text = (pdf: Uint8Array) => extractPdfText(pdf);
    const jobsBefore = printer.jobs.length;

    // Two-sided: a failed job first, then another printer with the same choice.
    const duplexBatch = await prepared();
    printer.failNext = true;
    await core.dispatch('contracts.batchPrint', {
      batchId: duplexBatch.batchId,
      printer: 'Office Printer (A4)',
      duplex: true,
    });
    await core.call('contracts.batchPrint', {
      batchId: duplexBatch.batchId,
      printer: '\\\\server\\Кабинет',
      duplex: true,
    });
    const duplexPages = await text(printer.jobs.at(-1)!.pdf);
    const laidOut = contractsIn(duplexPages, duplexBatch.numbers);
    // The contract's own length is odd here, so the padding is really exercised.
    expect(laidOut.some((c) => c.pages % 2 === 1)).toBe(true);
    let next = 0;
    for (const contract of laidOut) {
      expect(contract.first, `contract ${contract.number} starts a sheet`).toBe(next);
      expect(contract.first % 2, `contract ${contract.number} is on an odd page`).toBe(0);
      const padded = contract.pages + (contract.pages % 2);
      // The padding page is blank: no text, not even a footer.
      if (padded > contract.pages)
        expect(duplexPages[contract.first + contract.pages]!.trim()).toBe('');
      next = contract.first + padded;
    }
    expect(duplexPages).toHaveLength(next);

    // One-sided: the same contracts back to back, no blank page anywhere; a failed two-sided
    // job before it leaves no padding behind in the kept batch.
    const simplexBatch = await prepared();
    printer.failNext = true;
    await core.dispatch('contracts.batchPrint', {
      batchId: simplexBatch.batchId,
      printer: 'Office Printer (A4)',
      duplex: true,
    });
    await core.call('contracts.batchPrint', {
      batchId: simplexBatch.batchId,
      printer: 'Office Printer (A4)',
      duplex: false,
    });
    const simplexPages = await text(printer.jobs.at(-1)!.pdf);
    expect(simplexPages.filter((page) => page.trim() === '')).toEqual([]);
    const backToBack = contractsIn(simplexPages, simplexBatch.numbers);
    expect(simplexPages).toHaveLength(backToBack.reduce((sum, c) => sum + c.pages, 0));
    expect(printer.jobs.length).toBe(jobsBefore + 2);
    expect(printer.jobs.at(-1)!.options.duplex).toBe(false);
  });

  it('signing out drops an open batch with everything laid out in it', async () => {
    const { batchId } = await core.call('contracts.batchStart', { contractIds });
    await core.call('contracts.batchStep', { batchId });
    await core.call('auth.signOut', undefined);
    const locked = await core.dispatch('contracts.batchStep', { batchId });
    expect(locked).toMatchObject({ ok: false, error: { code: 'storeLocked' } });
    await core.call('auth.signIn', { login: DIRECTOR.login, password: DIRECTOR.password });
    const gone = await core.dispatch('contracts.batchStep', { batchId });
    expect(gone).toMatchObject({ ok: false, error: { code: 'contractBatchNotFound' } });
  });

  it('a contract terminated while its batch is prepared stays terminated after printing', async () => {
    const [contractId] = contractIds;
    const { batchId } = await core.call('contracts.batchStart', { contractIds: [contractId!] });
    await core.call('contracts.batchStep', { batchId });
    await core.call('contracts.terminate', { contractId: contractId!, on: '2026-10-01' });
    await core.call('contracts.batchPrint', { batchId, printer: 'Office Printer (A4)' });
    const [listed] = (await core.call('contracts.list', { groupId })).filter(
      (contract) => contract.id === contractId,
    );
    expect(listed?.status).toBe('terminated');
  });
});
