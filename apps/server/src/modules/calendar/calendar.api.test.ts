import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestEnv, signInAs, type ErrorBody, type TestEnv } from '../../../test/support/app.js';
import { describeEachDatabase } from '../../../test/support/databases.js';

/** The 2027 calendar as an administrator would enter it (test data, not the official notice). */
const days2027 = [
  { date: '2027-01-01', isOffDay: true, name: '元旦' },
  { date: '2027-02-06', isOffDay: true, name: '春节' },
  { date: '2027-02-07', isOffDay: true, name: '春节' },
  { date: '2027-02-08', isOffDay: true, name: '春节' },
  { date: '2027-02-20', isOffDay: false, name: '春节' },
];

describeEachDatabase('the working-day calendar API', (dialect) => {
  let env: TestEnv;
  let sys: string;
  let operator: string;
  beforeAll(async () => {
    env = await createTestEnv(dialect);
    sys = await signInAs(env.app, 'sysadmin');
    operator = await signInAs(env.app, 'operator');
  });
  afterAll(async () => env.close());

  it('lists the seeded official years 2018–2026 and reports 2027 as missing', async () => {
    const years = await env.app.inject({ url: '/api/calendar/years', headers: { cookie: operator } });
    expect(years.json<{ items: { year: number; days: number }[] }>().items.map((y) => [y.year, y.days])).toEqual([
      [2018, 29],
      [2019, 31],
      [2020, 37],
      [2021, 38],
      [2022, 38],
      [2023, 34],
      [2024, 36],
      [2025, 33],
      [2026, 39],
    ]);
    const status = await env.app.inject({ url: '/api/calendar/status', headers: { cookie: operator } });
    expect(status.json()).toMatchObject({ missingYears: [2027] });
  });

  it('computes deadlines and flags a year without data', async () => {
    const due = await env.app.inject({
      url: '/api/calendar/due?from=2026-12-30T10:00:00%2B08:00&workingDays=3',
      headers: { cookie: operator },
    });
    expect(due.json()).toEqual({
      from: '2026-12-30T10:00:00+08:00',
      dueAt: '2027-01-04T23:59:59+08:00',
      missingYears: [2027],
    });
    const bad = await env.app.inject({
      url: '/api/calendar/due?from=soon&hours=2&workingDays=1',
      headers: { cookie: operator },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('lets an administrator add a year, which deadlines then use', async () => {
    expect(
      (
        await env.app.inject({
          method: 'PUT',
          url: '/api/calendar/years/2027',
          headers: { cookie: operator },
          payload: { days: days2027 },
        })
      ).statusCode,
    ).toBe(403);
    const put = await env.app.inject({
      method: 'PUT',
      url: '/api/calendar/years/2027',
      headers: { cookie: sys },
      payload: { days: days2027, source: '测试' },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json<{ days: unknown[] }>().days).toHaveLength(5);
    const due = await env.app.inject({
      url: '/api/calendar/due?from=2026-12-30T10:00:00%2B08:00&workingDays=3',
      headers: { cookie: operator },
    });
    // Jan 1 2027 is now an off day: Dec 31, Jan 4, Jan 5.
    expect(due.json()).toMatchObject({ dueAt: '2027-01-05T23:59:59+08:00', missingYears: [] });
    const status = await env.app.inject({ url: '/api/calendar/status', headers: { cookie: operator } });
    expect(status.json<{ missingYears: number[] }>().missingYears).not.toContain(2027);
    const audit = await env.database.handle.db
      .selectFrom('audit_event')
      .select(['action', 'actor_name'])
      .where('subject_type', '=', 'calendar_year')
      .where('subject_id', '=', '2027')
      .execute();
    expect(audit).toEqual([{ action: 'calendar_year.created', actor_name: 'sysadmin' }]);
  });

  it('refuses days of another year or listed twice, naming each', async () => {
    const response = await env.app.inject({
      method: 'PUT',
      url: '/api/calendar/years/2028',
      headers: { cookie: sys },
      payload: {
        days: [
          { date: '2027-05-01', isOffDay: true },
          { date: '2028-05-01', isOffDay: true },
          { date: '2028-05-01', isOffDay: true },
          { date: '2028-02-30', isOffDay: true },
          { date: '2027-12-31', isOffDay: true },
        ],
      },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json<ErrorBody>().error.code).toBe('CALENDAR_INVALID');
    expect((response.json<ErrorBody>().error.details.fields as { field: string }[]).map((f) => f.field)).toEqual([
      'days.0.date',
      'days.2.date',
      'days.3.date',
    ]);
  });
});
