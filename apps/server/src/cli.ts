import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  caseChannels,
  createUserSchema,
  errorCatalogue,
  integrationClientKinds,
  isRole,
  type CaseChannel,
  type IntegrationClientKind,
  type Role,
  type RowIssue,
} from '@citydesk/shared';
import { ConfigError, loadConfig, type Config } from './config.js';
import { systemClock } from './platform/clock.js';
import { systemContext } from './platform/context.js';
import { openDatabase, type DatabaseHandle } from './platform/db/connect.js';
import { migrateToLatest, pendingMigrations } from './platform/db/migrate.js';
import { AppError, parseInput } from './platform/errors.js';
import { parseCsv } from './platform/files/csv.js';
import { seedDataPath } from './platform/paths.js';
import { verifyAuditChain } from './modules/audit/index.js';
import { createApiClient, createUser } from './modules/auth/index.js';
import {
  buildCalendar,
  computeDueAt,
  formatShanghai,
  loadCalendar,
  parseInstant,
  type WorkingCalendar,
} from './modules/calendar/index.js';
import { exportCatalogue, importCatalogue } from './modules/catalogue/index.js';
import { exportUnits, importUnits } from './modules/org/index.js';
import { demoPassword, seedDemo } from './seed/demo.js';

const usage = `citydesk — CityDesk administration

Usage: citydesk <command> [options]

Commands:
  migrate                              apply pending database migrations
  seed-demo                            seed the demo district (safe to repeat)
  create-user --username U --name N --unit CODE [--role R]… [--phone P]
              (password from --password or the CITYDESK_PASSWORD environment variable)
  create-api-client --name N --unit CODE --channel C [--channel C]… [--kind K]
                                       register another system (kind: platform, camera_system,
                                       open311_client, external_unit); prints its API key once
  import-catalogue <file.csv|file.xlsx> [--dry-run]
  export-catalogue <file.csv|file.xlsx>
  import-units <file.geojson|file.csv|file.xlsx> [--dry-run]
  export-units <file.geojson|file.csv|file.xlsx>
  due --from <ISO 8601> (--working-days N | --hours N)
                                       print the deadline (Asia/Shanghai, +08:00)
  verify-audit                         check the audit log's hash chain
  help                                 show this text

The database is DATABASE_URL (default sqlite:<DATA_DIR>/citydesk.db, DATA_DIR default ./data).`;

/** A usage mistake: printed with the usage hint, exit code 2. */
class UsageError extends Error {}

function out(text: string): void {
  process.stdout.write(`${text}\n`);
}

function describeError(error: unknown): string {
  if (error instanceof AppError) {
    const entry = errorCatalogue[error.code];
    const lines = [`${error.code}: ${entry.zh} / ${entry.en}`];
    const rows = error.details.rows as RowIssue[] | undefined;
    const fields = error.details.fields as { field: string; reason: string }[] | undefined;
    const reasons = error.details.reasons as string[] | undefined;
    for (const r of rows ?? []) lines.push(`  line ${r.line}, ${r.field}: ${r.reason}`);
    for (const f of fields ?? []) lines.push(`  ${f.field}: ${f.reason}`);
    for (const r of reasons ?? []) lines.push(`  ${r}`);
    return lines.join('\n');
  }
  if (error instanceof ConfigError || error instanceof UsageError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

async function withDatabase<T>(config: Config, work: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  const database = openDatabase(config.databaseUrl, { poolSize: 2 });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

async function requireMigrated(database: DatabaseHandle): Promise<void> {
  const pending = await pendingMigrations(database.db);
  if (pending.length > 0)
    throw new Error(`the database is not migrated (pending: ${pending.join(', ')}); run "citydesk migrate" first`);
}

function fileFormat(file: string, allowed: readonly string[]): string {
  const ext = path.extname(file).slice(1).toLowerCase();
  const format = ext === 'json' ? 'geojson' : ext;
  if (!allowed.includes(format)) throw new UsageError(`${file}: expected a .${allowed.join(' / .')} file`);
  return format;
}

function readFile(file: string | undefined): Buffer {
  if (!file) throw new UsageError('give the file to read');
  if (!fs.existsSync(file)) throw new UsageError(`no such file: ${file}`);
  return fs.readFileSync(file);
}

/** The stored calendar, or the bundled official one when the database has none. */
async function calendarFor(config: Config): Promise<{ calendar: WorkingCalendar; source: string }> {
  const stored = await withDatabase(config, async (database) => {
    if ((await pendingMigrations(database.db)).length > 0) return null;
    const calendar = await loadCalendar(database.db);
    return calendar.years.size > 0 ? calendar : null;
  }).catch(() => null);
  if (stored) return { calendar: stored, source: 'database' };
  const table = parseCsv(fs.readFileSync(seedDataPath('holidays-cn-2018-2026.csv'), 'utf8'));
  return {
    calendar: buildCalendar(
      table.rows.map((r) => ({ date: r.cells.date ?? '', isOffDay: r.cells.is_off_day === 'true' })),
    ),
    source: 'bundled official calendar 2018–2026',
  };
}

const positiveNumber = (text: string | undefined, name: string, integer: boolean): number => {
  const n = Number(text);
  if (text === undefined || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new UsageError(`--${name} needs a positive ${integer ? 'whole ' : ''}number, got ${text ?? 'nothing'}`);
  }
  return n;
};

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    out(usage);
    return command ? 0 : 2;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      username: { type: 'string' },
      name: { type: 'string' },
      unit: { type: 'string' },
      role: { type: 'string', multiple: true },
      channel: { type: 'string', multiple: true },
      kind: { type: 'string' },
      phone: { type: 'string' },
      password: { type: 'string' },
      'dry-run': { type: 'boolean' },
      from: { type: 'string' },
      'working-days': { type: 'string' },
      hours: { type: 'string' },
    },
  });
  const config = loadConfig();
  const ctx = systemContext(systemClock, 'cli');

  switch (command) {
    case 'migrate': {
      const applied = await withDatabase(config, (d) => migrateToLatest(d.db));
      out(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'the database is up to date');
      return 0;
    }
    case 'seed-demo': {
      const result = await withDatabase(config, async (d) => {
        await migrateToLatest(d.db);
        return seedDemo(d.db, config, ctx);
      });
      out(
        `seeded: ${result.units} units, ${result.categories} catalogue items, calendar ${result.calendarYears.join(', ')}`,
      );
      out(`demo accounts (password ${demoPassword}): ${result.accounts.map((a) => a.username).join(', ')}`);
      return 0;
    }
    case 'create-user': {
      const password = values.password ?? process.env.CITYDESK_PASSWORD;
      if (!password) throw new UsageError('give the password with --password or CITYDESK_PASSWORD');
      const roles = (values.role ?? []).map((r) => {
        if (!isRole(r)) throw new UsageError(`unknown role ${r}`);
        return r satisfies Role;
      });
      const input = parseInput(createUserSchema, {
        username: values.username,
        displayName: values.name,
        unitCode: values.unit,
        phone: values.phone ?? null,
        password,
      });
      const user = await withDatabase(config, async (d) => {
        await requireMigrated(d);
        return createUser(d.db, config, ctx, input, roles);
      });
      out(`created ${user.username} (${user.roles.join(', ') || 'no roles'}) in ${user.unit?.name ?? '?'}`);
      return 0;
    }
    case 'create-api-client': {
      if (!values.name || !values.unit) throw new UsageError('give --name and --unit');
      const channels = (values.channel ?? []).map((ch) => {
        if (!(caseChannels as readonly string[]).includes(ch)) throw new UsageError(`unknown channel ${ch}`);
        return ch as CaseChannel;
      });
      const kindName = values.kind ?? 'platform';
      if (!(integrationClientKinds as readonly string[]).includes(kindName)) {
        throw new UsageError(`unknown kind ${kindName} (${integrationClientKinds.join(', ')})`);
      }
      const kind = kindName as IntegrationClientKind;
      const client = await withDatabase(config, async (d) => {
        await requireMigrated(d);
        return createApiClient(d.db, ctx, {
          name: values.name as string,
          unitCode: values.unit as string,
          channels,
          kind,
        });
      });
      out(`created API client ${client.name} for ${client.channels.join(', ')}`);
      out(`key (shown once; send it as "Authorization: Bearer <key>"): ${client.key}`);
      return 0;
    }
    case 'import-catalogue':
    case 'import-units': {
      const body = readFile(positionals[0]);
      const dryRun = values['dry-run'] === true;
      const outcome = await withDatabase(config, async (d) => {
        await requireMigrated(d);
        return command === 'import-units'
          ? importUnits(d.db, ctx, body, { dryRun })
          : importCatalogue(d.db, ctx, body, { dryRun });
      });
      out(dryRun ? `checked: no errors (${JSON.stringify(outcome)})` : `imported: ${JSON.stringify(outcome)}`);
      return 0;
    }
    case 'export-catalogue': {
      const file = positionals[0];
      if (!file) throw new UsageError('give the file to write');
      const format = fileFormat(file, ['csv', 'xlsx']) as 'csv' | 'xlsx';
      const result = await withDatabase(config, async (d) => {
        await requireMigrated(d);
        return exportCatalogue(d.db, format);
      });
      fs.writeFileSync(file, result.body);
      out(`wrote ${file} (${result.body.length} bytes)`);
      return 0;
    }
    case 'export-units': {
      const file = positionals[0];
      if (!file) throw new UsageError('give the file to write');
      const format = fileFormat(file, ['geojson', 'csv', 'xlsx']) as 'geojson' | 'csv' | 'xlsx';
      const result = await withDatabase(config, async (d) => {
        await requireMigrated(d);
        return exportUnits(d.db, format, null);
      });
      fs.writeFileSync(file, result.body);
      out(`wrote ${file} (${result.body.length} bytes)`);
      return 0;
    }
    case 'due': {
      if (!values.from) throw new UsageError('give --from <ISO 8601 date-time>');
      const start = parseInstant(values.from);
      if (!start) throw new UsageError(`--from: not an ISO 8601 date-time: ${values.from}`);
      const hasDays = values['working-days'] !== undefined;
      if (hasDays === (values.hours !== undefined))
        throw new UsageError('give exactly one of --working-days N or --hours N');
      const limit = hasDays
        ? { workingDays: positiveNumber(values['working-days'], 'working-days', true) }
        : { hours: positiveNumber(values.hours, 'hours', false) };
      const { calendar, source } = await calendarFor(config);
      const result = computeDueAt(start, limit, calendar);
      if (result.missingYears.length > 0) {
        process.stderr.write(
          `warning: no working-day calendar for ${result.missingYears.join(', ')} (${source}); Monday–Friday assumed\n`,
        );
      }
      out(formatShanghai(result.dueAt));
      return 0;
    }
    case 'verify-audit': {
      const result = await withDatabase(config, async (d) => {
        await requireMigrated(d);
        return verifyAuditChain(d.db);
      });
      if (result.ok) {
        out(`audit chain intact: ${result.checked} events verified`);
        return 0;
      }
      const b = result.firstBroken;
      out(
        `audit chain BROKEN at event seq ${b?.seq} (id ${b?.id}): ${b?.reason}; ${result.checked} events before it verified`,
      );
      return 1;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`citydesk: ${describeError(error)}\n`);
    if (error instanceof UsageError) process.stderr.write('run "citydesk help" for usage\n');
    process.exit(error instanceof UsageError || (error instanceof TypeError && 'code' in error) ? 2 : 1);
  },
);
