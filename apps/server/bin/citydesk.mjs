#!/usr/bin/env node
// The `citydesk` command: builds the server bundle if it is missing or older than the sources,
// then runs the CLI.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureBuilt } from '../../../scripts/build-lib.mjs';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await ensureBuilt(['server'], { quiet: true });
await import(pathToFileURL(path.join(serverDir, 'dist', 'cli.js')).href);
