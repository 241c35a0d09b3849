/**
 * `npm run portal [-- --port N --db FILE --referrals N --code CODE --access-ttl S]`: the portal
 * emulator as its own process on loopback. Prints its URL and an enrolment code; the first
 * device that enrols with the code binds it to that device's BIN, and the emulator seeds
 * `--referrals` referrals (default 25) for that organisation.
 */
import { parseArgs } from 'node:util';
import { startPortalEmulator } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    db: { type: 'string', default: ':memory:' },
    referrals: { type: 'string', default: '25' },
    code: { type: 'string' },
    'access-ttl': { type: 'string' },
  },
});

function int(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) {
    console.error(`--${name} must be a non-negative integer`);
    process.exit(2);
  }
  return n;
}

const emulator = await startPortalEmulator({
  port: int('port', values.port),
  host: values.host,
  dbPath: values.db,
  seed: int('referrals', values.referrals),
  enrollmentCode: values.code,
  accessTtlSeconds: int('access-ttl', values['access-ttl']),
});

console.log(`portal emulator (protocol v1) listening on`);
console.log(emulator.url);
console.log(`enrolment code: ${emulator.enrollmentCode}`);
console.log(
  `admin: ${emulator.url}/__emulator/faults, /__emulator/mutation-log (see test/portal-emulator/README.md)`,
);

let closing = false;
const stop = () => {
  if (closing) return;
  closing = true;
  void emulator.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
