import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestEnv, signInAs, type ErrorBody, type TestEnv } from '../../../test/support/app.js';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { squarePolygon } from '../../../test/support/geometry.js';

const square = (lon: number, lat: number, size = 0.002) => JSON.stringify(squarePolygon(lon, lat, size));
