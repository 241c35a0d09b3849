import { authMethods } from './auth/app';
import { setupMethods } from './setup/app';
import { staffMethods } from './staff/app';
import { settingsMethods } from './settings/app';
import { auditMethods } from './audit/app';
import { maintenanceMethods } from './maintenance/app';

/** Every method the core offers, by name. Hosts dispatch into this map only. */
export const registry = {
  ...authMethods,
  ...setupMethods,
  ...staffMethods,
  ...settingsMethods,
  ...auditMethods,
  ...maintenanceMethods,
};
