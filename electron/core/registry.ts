import { authMethods } from './auth/app';
import { setupMethods } from './setup/app';
import { staffMethods } from './staff/app';
import { settingsMethods } from './settings/app';
import { auditMethods } from './audit/app';
import { maintenanceMethods } from './maintenance/app';
import { childrenMethods } from './children/app';
import { representativeRemovalMethods } from './children/representative-removal';
import { consentWithdrawalMethods } from './children/consent-withdrawal';
import { documentMethods } from './documents/app';
import { healthMethods } from './health/app';
import { portfolioMethods } from './portfolio/app';
import { contractMethods } from './contracts/app';
import { syncMethods } from './sync/app';

/** Every method the core offers, by name. Hosts dispatch into this map only. */
export const registry = {
  ...authMethods,
  ...setupMethods,
  ...staffMethods,
  ...settingsMethods,
  ...auditMethods,
  ...maintenanceMethods,
  ...childrenMethods,
  ...representativeRemovalMethods,
  ...consentWithdrawalMethods,
  ...documentMethods,
  ...healthMethods,
  ...portfolioMethods,
  ...contractMethods,
  ...syncMethods,
};
