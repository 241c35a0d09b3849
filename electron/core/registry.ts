import { appMethods } from './app/app';
import { authMethods } from './auth/app';
import { setupMethods } from './setup/app';
import { staffMethods } from './staff/app';
import { settingsMethods } from './settings/app';
import { updateMethods } from './updates/app';
import { auditMethods } from './audit/app';
import { maintenanceMethods } from './maintenance/app';
import { backupMethods } from './backup/app';
import { groupMethods } from './groups/app';
import { childrenMethods } from './children/app';
import { representativeMethods } from './representatives/app';
import { privilegeMethods } from './privileges/app';
import { consentMethods } from './consents/app';
import { documentMethods } from './documents/app';
import { healthMethods } from './health/app';
import { portfolioMethods } from './portfolio/app';
import { contractMethods } from './contracts/app';
import { printingMethods } from './printing/app';
import { syncMethods } from './sync/app';
import { referralMethods } from './referrals/app';
import { conflictMethods } from './conflicts/app';
import { noticeMethods } from './notices/app';
import { attendanceMethods } from './attendance/app';
import { feeMethods } from './fees/app';
import { reportMethods } from './reports/app';

/**
 * Every method the core offers, by name. Hosts dispatch into this map only. A method's
 * namespace is its folder: `<namespace>.<verb>` is declared in `<namespace>/app.ts`
 * (test/unit/method-namespaces.test.ts holds every folder to it).
 */
export const registry = {
  ...appMethods,
  ...authMethods,
  ...setupMethods,
  ...staffMethods,
  ...settingsMethods,
  ...auditMethods,
  ...maintenanceMethods,
  ...backupMethods,
  ...groupMethods,
  ...childrenMethods,
  ...representativeMethods,
  ...privilegeMethods,
  ...consentMethods,
  ...documentMethods,
  ...healthMethods,
  ...portfolioMethods,
  ...contractMethods,
  ...printingMethods,
  ...syncMethods,
  ...referralMethods,
  ...conflictMethods,
  ...noticeMethods,
  ...attendanceMethods,
  ...feeMethods,
  ...reportMethods,
  ...updateMethods,
};
