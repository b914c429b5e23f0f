import fs from 'node:fs';
import type { CreateUserInput, Role } from '@citydesk/shared';
import type { Config } from '../config.js';
import type { UseCaseContext } from '../platform/context.js';
import type { Db } from '../platform/db/connect.js';
import { seedDataPath } from '../platform/paths.js';
import { createUser, getUserByUsername } from '../modules/auth/index.js';
import { importHolidayCsv } from '../modules/calendar/index.js';
import { importCatalogue } from '../modules/catalogue/index.js';
import { importUnits } from '../modules/org/index.js';
import { buildDemoCatalogueCsv } from './demo-catalogue.js';

/** The password of every demo account (printed on first run and listed in the README). */
export const demoPassword = 'Demo@2026!';

export interface DemoAccount {
  username: string;
  displayName: string;
  unitCode: string;
  roles: Role[];
}

/** One account per role, at the units where such people work. */
export const demoAccounts: DemoAccount[] = [
  { username: 'sysadmin', displayName: '系统管理员', unitCode: '440310', roles: ['system_admin'] },
  { username: 'secadmin', displayName: '安全管理员', unitCode: '440310', roles: ['security_admin'] },
  { username: 'auditadmin', displayName: '审计管理员', unitCode: '440310', roles: ['audit_admin'] },
  { username: 'operator', displayName: '王芳（话务员）', unitCode: '440310', roles: ['operator'] },
  { username: 'dispatcher', displayName: '李强（区分拨员）', unitCode: '440310', roles: ['dispatcher'] },
  { username: 'ps.dispatcher', displayName: '陈静（坪山街道分拨员）', unitCode: '440310001', roles: ['dispatcher'] },
  { username: 'ps.handler', displayName: '黄伟（坪山街道处置）', unitCode: '440310001', roles: ['handler'] },
  { username: 'cgj.handler', displayName: '刘洋（城管局处置）', unitCode: 'PS.CGJ', roles: ['handler'] },
  { username: 'supervisor', displayName: '赵敏（督办员）', unitCode: '440310', roles: ['supervisor'] },
  { username: 'leader', displayName: '周军（区领导）', unitCode: '440310', roles: ['leader'] },
  {
    username: 'ldbgs.handler',
    displayName: '吴婷（区领导办公室）',
    unitCode: 'PS.LDBGS',
    roles: ['handler'],
  },
  { username: 'grid01', displayName: '孙丽（网格员）', unitCode: '440310001001001', roles: ['grid_worker'] },
];

export interface DemoSeedResult {
  units: number;
  categories: number;
  calendarYears: number[];
  accounts: DemoAccount[];
}

/**
 * Seeds the demo district (modelled on Shenzhen Pingshan, 440310): calendar 2018–2026, the
 * organisation and grids, the catalogue and one account per role. Every step goes through the
 * same import use cases an administrator uses, so it is audited and safe to run twice.
 */
export async function seedDemo(
  db: Db,
  config: Pick<Config, 'session' | 'login' | 'passwordPolicy'>,
  ctx: UseCaseContext,
): Promise<DemoSeedResult> {
  const calendarYears = await importHolidayCsv(
    db,
    ctx,
    fs.readFileSync(seedDataPath('holidays-cn-2018-2026.csv'), 'utf8'),
    '国务院办公厅节假日安排通知 2018–2026（数据整理：NateScarlet/holiday-cn）',
  );
  const units = await importUnits(db, ctx, fs.readFileSync(seedDataPath('demo-district.geojson')));
  const catalogueCsv = buildDemoCatalogueCsv(fs.readFileSync(seedDataPath('catalogue-taxonomy-teddy2020.csv'), 'utf8'));
  const catalogue = await importCatalogue(db, ctx, Buffer.from(catalogueCsv));
  for (const account of demoAccounts) {
    if (await getUserByUsername(db, account.username)) continue;
    const input: CreateUserInput = {
      username: account.username,
      displayName: account.displayName,
      unitCode: account.unitCode,
      password: demoPassword,
      phone: null,
    };
    await createUser(db, config, ctx, input, account.roles);
  }
  return {
    units: units.created + units.updated + units.unchanged,
    categories: catalogue.items,
    calendarYears,
    accounts: demoAccounts,
  };
}
