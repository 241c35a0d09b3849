import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNcaLayerDouble } from './index';

/**
 * Runs the NCALayer double by hand: `npx tsx test/ncalayer-double/main.ts [--port 13579]`.
 * Prints the wss URL, the root PEM path to trust and how to switch the mode; Ctrl+C stops it.
 */
const portArg = process.argv.indexOf('--port');
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 0;
const dir = mkdtempSync(join(tmpdir(), 'ncalayer-double-'));
const double = await startNcaLayerDouble({ dir, port });
process.stdout.write(
  [
    `NCALayer double: ${double.url}`,
    `root PEM:        ${double.rootPemPath}`,
    `CRL:             ${double.crlUrl}`,
    `director:        ${double.director.name}, IIN ${double.director.iin}`,
    `run the app with BALABAQSHA_NCALAYER_URL=${double.url} BALABAQSHA_TEST_PKI_ROOTS=${double.rootPemPath}`,
    `switch mode:     curl -X POST ${double.modeUrl} -d '{"mode":"cancel"}'`,
    '                 (sign | cancel | wrongKey | expired | brokenSignature | revoked)',
    '',
  ].join('\n'),
);
const stop = () => {
  void double.stop().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
