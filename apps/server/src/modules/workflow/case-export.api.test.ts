import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestEnv, signInAs, type ErrorBody, type TestEnv } from '../../../test/support/app.js';
import { createCaseOk, pointInGrid } from '../../../test/support/cases.js';
import { describeEachDatabase } from '../../../test/support/databases.js';

/** The sheets of an .xlsx answer as arrays of text rows (first row = headers). */
async function readSheets(body: Buffer): Promise<Record<string, string[][]>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheets: Record<string, string[][]> = {};
  for (const sheet of workbook.worksheets) {
    const rows: string[][] = [];
    sheet.eachRow({ includeEmpty: false }, (row) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        cells[col - 1] = cell.text;
      });
      rows.push(Array.from(cells, (c) => c ?? ''));
    });
    sheets[sheet.name] = rows;
  }
  return sheets;
}

describeEachDatabase('exporting a search to Excel', (dialect) => {
  let env: TestEnv;
  const c: Record<string, string> = {};
  const numbers: Record<string, string> = {};

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    for (const user of ['operator', 'ps.dispatcher', 'sysadmin']) c[user] = await signInAs(env.app, user);
    const pingshan = await pointInGrid(env, '440310001001001');
    const biling = await pointInGrid(env, '440310003001001');
    const create = async (key: string, body: Record<string, unknown>) => {
      const created = await createCaseOk(env.app, c.operator as string, {
        channel: 'hotline',
        requestType: 'complaint',
        ...body,
      });
      numbers[key] = created.number;
      env.clock.advance(60_000);
    };
    await create('pingshan', {
      description: '导出测试：坪山街道路灯不亮，晚上出行不便。',
      location: pingshan,
      reporter: { name: '张三丰', phone: '13800138001' },
    });
    await create('biling', {
      description: '导出测试：碧岭街道路灯不亮，影响通行。',
      location: biling,
      reporter: { name: '李四', phone: '13800138002' },
    });
    await create('anonymous', {
      description: '导出测试：坪山街道路灯闪烁，匿名反映。',
      channel: 'web',
      location: pingshan,
      reporter: { anonymous: true },
    });
  });
  afterAll(async () => env.close());

  const exportAs = (cookie: string | undefined, query: string, language = 'zh-CN') =>
    env.app.inject({
      url: `/api/cases/export?${query}`,
      headers: { ...(cookie ? { cookie } : {}), 'accept-language': language },
    });

  it('writes the search page columns in Chinese, with full contacts for a user allowed to see them, and logs it', async () => {
    const response = await exportAs(c.operator, `q=${encodeURIComponent('路灯')}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="cases-\d{8}\.xlsx"$/);
    expect(response.headers['x-export-rows']).toBe('3');
    expect(response.headers['x-export-capped']).toBe('false');
    const sheets = await readSheets(response.rawPayload);
    const rows = sheets['工单'] ?? [];
    expect(rows[0]).toEqual([
      '工单编号',
      '标题',
      '事项分类',
      '状态',
      '期限状态',
      '办理时限',
      '街道',
      '主办单位',
      '来源渠道',
      '受理时间',
      '诉求人',
      '联系电话',
    ]);
    // Newest first, as the search lists them.
    expect(rows.slice(1).map((r) => r[0])).toEqual([numbers.anonymous, numbers.biling, numbers.pingshan]);
    const pingshan = rows.find((r) => r[0] === numbers.pingshan) ?? [];
    expect(pingshan[6]).toBe('坪山街道');
    expect(pingshan[8]).toBe('12345热线');
    expect(pingshan[9]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(pingshan.slice(10)).toEqual(['张三丰', '13800138001']);
    const anonymous = rows.find((r) => r[0] === numbers.anonymous) ?? [];
    expect(anonymous[10]).toBe('匿名');
    expect(anonymous[11] ?? '').toBe('');
    expect((sheets['导出说明'] ?? []).map((r) => r[0])).toContain('个人信息');

    const logged = await env.database.handle.db
      .selectFrom('audit_event')
      .select(['action', 'after_json', 'actor_name'])
      .where('action', '=', 'case.contacts_exported')
      .execute();
    expect(logged).toHaveLength(1);
    expect(logged[0]?.actor_name).toBe('operator');
    expect(JSON.parse(logged[0]?.after_json ?? '{}')).toMatchObject({
      rows: 3,
      capped: false,
      fields: ['name', 'phone'],
    });
  });

  it('masks personal data for a user without case.reveal_pii, keeps to their scope, and speaks English when asked', async () => {
    const response = await exportAs(c['ps.dispatcher'], `q=${encodeURIComponent('路灯')}`, 'en-US');
    expect(response.statusCode).toBe(200);
    const sheets = await readSheets(response.rawPayload);
    const rows = sheets.Cases ?? [];
    expect(rows[0]?.slice(0, 4)).toEqual(['Number', 'Title', 'Category', 'State']);
    expect(rows[0]?.slice(10)).toEqual(['Reporter', 'Phone']);
    // 碧岭's case is outside 坪山 street's scope.
    expect(rows.slice(1).map((r) => r[0])).toEqual([numbers.anonymous, numbers.pingshan]);
    const pingshan = rows.find((r) => r[0] === numbers.pingshan) ?? [];
    expect(pingshan[8]).toBe('12345 hotline');
    expect(pingshan[10]).toBe('张**');
    expect(pingshan[11]).not.toContain('138001');
    expect(pingshan[11]).toMatch(/\*/);
    const masked = await env.database.handle.db
      .selectFrom('audit_event')
      .select('action')
      .where('actor_name', '=', 'ps.dispatcher')
      .where('action', 'in', ['case.exported', 'case.contacts_exported'])
      .execute();
    expect(masked.map((e) => e.action)).toEqual(['case.exported']);
  });

  it('takes the search filters and says when the result was cut', async () => {
    const one = await exportAs(c.operator, `phone=13800138002`);
    const oneRows = (await readSheets(one.rawPayload))['工单'] ?? [];
    expect(oneRows.slice(1).map((r) => r[0])).toEqual([numbers.biling]);
    // The searched number is masked in the audit log.
    const logged = await env.database.handle.db
      .selectFrom('audit_event')
      .select('after_json')
      .where('action', '=', 'case.contacts_exported')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(logged.after_json).not.toContain('13800138002');

    const cut = await exportAs(c.operator, `q=${encodeURIComponent('路灯')}&limit=2`);
    expect(cut.headers['x-export-rows']).toBe('2');
    expect(cut.headers['x-export-capped']).toBe('true');
    const sheets = await readSheets(cut.rawPayload);
    expect((sheets['工单'] ?? []).slice(1).map((r) => r[0])).toEqual([numbers.anonymous, numbers.biling]);
    expect((sheets['导出说明'] ?? []).find((r) => r[0] === '已截断')?.[1]).toContain('2');
  });

  it('refuses without a session, without case.read, and with a bad filter', async () => {
    const anonymous = await exportAs(undefined, 'q=x');
    expect(anonymous.statusCode).toBe(401);
    const admin = await exportAs(c.sysadmin, 'q=x');
    expect(admin.statusCode).toBe(403);
    expect(admin.json<ErrorBody>().error.code).toBe('FORBIDDEN');
    const bad = await exportAs(c.operator, 'limit=10001');
    expect(bad.statusCode).toBe(400);
    expect(bad.json<ErrorBody>().error.code).toBe('VALIDATION_FAILED');
  });
});
