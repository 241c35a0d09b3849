import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { z } from 'zod';
import { organisation, staffAccounts, UI_LANGUAGES } from '../../../db/schema';
import { method } from '../registry/method';
import { DisplayName, Login, Password } from '../auth/fields';
import { startSession } from '../auth/sign-in';
import { isValidBin } from '../kz-id/kz-id';
import { writeOrgSettings, OrgSettings } from '../settings/org-settings';
import { AlreadyInitialized } from '../errors/app-error';
import { TextLine } from '../text/human-text';

export const SetupInput = z
  .object({
    orgName: TextLine(300, 2),
    orgBin: z.string().trim().refine(isValidBin),
    adminLogin: Login,
    adminName: DisplayName,
    password: Password,
    /** The language chosen on the set-up screen becomes the director's (default Kazakh). */
    language: z.enum(UI_LANGUAGES).optional(),
  })
  .strict();

export const setupMethods = {
  /**
   * First run: the store key, the director's account and the recovery key, which is
   * returned once here and never stored in readable form.
   */
  'setup.initialize': method({
    input: SetupInput,
    access: 'public',
    kind: 'write',
    entity: 'organisation',
    handler: async (ctx, input) => {
      const { services } = ctx;
      if (services.isInitialized()) throw AlreadyInitialized();
      // A setup interrupted before the store existed left only a keyring: start again.
      mkdirSync(services.dataDir, { recursive: true, mode: 0o700 });
      rmSync(services.storePath, { force: true });
      const { dek, recoveryKey } = await services.keyring.create(input.adminLogin, input.password);
      services.unlock(dek);
      const now = ctx.now();
      const accountId = randomUUID();
      // The director's session starts inside the change, so its audit row names the director.
      const session = ctx.transact('1', (store) => {
        store.db
          .insert(organisation)
          .values({ id: 1, name: input.orgName, bin: input.orgBin, createdAt: now })
          .run();
        store.db
          .insert(staffAccounts)
          .values({
            id: accountId,
            login: input.adminLogin,
            displayName: input.adminName,
            role: 'director',
            language: input.language ?? 'kk',
            createdAt: now,
          })
          .run();
        // The director named here signs the contracts until the settings say otherwise.
        writeOrgSettings(store, OrgSettings.parse({ directorName: input.adminName }));
        return startSession(services, store, input.adminLogin);
      });
      return { recoveryKey, session };
    },
  }),
};
