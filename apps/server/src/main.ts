import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { systemClock } from './platform/clock.js';
import { systemContext } from './platform/context.js';
import { openDatabase } from './platform/db/connect.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { hasAnyUnit } from './modules/org/index.js';
import { demoPassword, seedDemo } from './seed/demo.js';

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`CityDesk cannot start.\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** Migrates, seeds the demo district on an empty database, serves, and drains on SIGTERM. */
async function main(): Promise<void> {
  const config = readConfig();
  const database = openDatabase(config.databaseUrl, {
    poolSize: config.databasePoolSize,
    onIdleClientError: (error) => process.stderr.write(`database connection lost (will reconnect): ${error.message}\n`),
  });
  const applied = await migrateToLatest(database.db);
  let seeded: Awaited<ReturnType<typeof seedDemo>> | null = null;
  if (config.seedDemo && !(await hasAnyUnit(database.db))) {
    seeded = await seedDemo(database.db, config, systemContext(systemClock));
  }
  const app = await buildApp({ config, database, startWorkers: true });
  if (applied.length > 0) app.log.info({ migrations: applied }, 'migrations applied');

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: draining requests');
    const force = setTimeout(() => {
      app.log.error('drain timed out; exiting');
      process.exit(1);
    }, 25_000);
    force.unref();
    app
      .close()
      .then(() => database.close())
      .then(() => {
        app.log.info('stopped cleanly');
        process.exit(0);
      })
      .catch((error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  const address = await app.listen({ port: config.port, host: config.host });
  const url = address.replace('[::1]', 'localhost');
  app.log.info({ url, dialect: database.dialect, dataDir: config.dataDir }, 'listening');
  if (seeded) {
    const lines = [
      '',
      `CityDesk demo district seeded: ${seeded.units} units, ${seeded.categories} catalogue items, calendar ${seeded.calendarYears[0]}–${seeded.calendarYears.at(-1)}.`,
      `Console: ${url}/    Portal: ${url}/portal/`,
      `Demo accounts (password ${demoPassword}):`,
      ...seeded.accounts.map((a) => `  ${a.username.padEnd(14)} ${a.roles.join(',').padEnd(15)} ${a.displayName}`),
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `CityDesk failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
