import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('gives a working SQLite install with no variables set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.host).toBe('127.0.0.1');
    expect(config.dataDir).toBe(path.resolve('./data'));
    expect(config.databaseUrl).toBe(`sqlite:${path.resolve('./data/citydesk.db')}`);
    expect(config.logLevel).toBe('info');
    expect(config.login).toEqual({ maxFailures: 5, failureWindowMinutes: 15, lockMinutes: 15 });
  });

  it('reads PostgreSQL URLs and numbers', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@db/citydesk', PORT: '9000', LOGIN_MAX_FAILURES: '3' });
    expect(config.databaseUrl).toBe('postgres://u@db/citydesk');
    expect(config.port).toBe(9000);
    expect(config.login.maxFailures).toBe(3);
  });

  it('fails listing every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', PASSWORD_MIN_LENGTH: '4' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'PASSWORD_MIN_LENGTH']) expect(problems).toContain(name);
    expect((error as ConfigError).problems).toHaveLength(4);
  });
});
