import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { addStaff } from '../helpers/staff';
import { DIRECTOR, newStore } from '../helpers/store-fixture';
import { tempFolder } from '../helpers/temp';

/**
 * The groups a role is offered (the register's and the children list's group choice): a
 * teacher her own groups only, as the attendance methods and the children list scope her;
 * everyone else every active group.
 */
describe('groups.list by role', () => {
  const root = tempFolder('bq-groups-scope-');
  let core: Core;
  const ids: string[] = [];

  beforeAll(async () => {
    ({ core } = await newStore(root));
    for (const name of ['Ортаңғы «Балапан»', 'Ересек «Күншуақ»', 'Кіші «Бөбек»'])
      ids.push((await core.call('groups.create', { name, ageGroup: 'middle', language: 'kk' })).id);
    await addStaff(
      core,
      { login: 'gulnar', displayName: 'Гүлнар Әлиева', role: 'teacher', password: 'gulnar-own-7' },
      [ids[0]!, ids[2]!],
    );
    await addStaff(core, {
      login: 'aruzhan',
      displayName: 'Аружан Сәкен',
      role: 'teacher',
      password: 'aruzhan-own-7',
    });
    await addStaff(core, {
      login: 'saule',
      displayName: 'Сәуле Нұрова',
      role: 'methodist',
      password: 'saule-own-77',
    });
  });
  afterAll(() => core?.close());

  const names = async (login: string, password: string) => {
    await core.call('auth.signIn', { login, password });
    return (await core.call('groups.list', undefined)).map((group) => group.name);
  };

  it('offers a teacher her own groups, a teacher without groups none', async () => {
    expect(await names('gulnar', 'gulnar-own-7')).toEqual(['Кіші «Бөбек»', 'Ортаңғы «Балапан»']);
    expect(await names('aruzhan', 'aruzhan-own-7')).toEqual([]);
  });

  it('offers the director and the methodist every group', async () => {
    const all = ['Ересек «Күншуақ»', 'Кіші «Бөбек»', 'Ортаңғы «Балапан»'];
    expect(await names('saule', 'saule-own-77')).toEqual(all);
    expect(await names(DIRECTOR.login, DIRECTOR.password)).toEqual(all);
  });
});
