// Prints the one line CI reads, "N passed, N failed[, N skipped]", from the Vitest and
// Playwright JSON reports, and exits 1 when anything failed or a report is missing.
import fs from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
const notes = [];

for (const file of process.argv.slice(2)) {
  if (!fs.existsSync(file)) {
    notes.push(`missing report ${file} (its run crashed): counted as 1 failure`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (typeof report.numPassedTests === 'number') {
    // Vitest
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    if (report.numFailedTestSuites > 0 && report.numFailedTests === 0) {
      notes.push(`${file}: ${report.numFailedTestSuites} test file(s) failed to run: counted as failures`);
      failed += report.numFailedTestSuites;
    }
  } else if (report.stats) {
    // Playwright
    passed += (report.stats.expected ?? 0) + (report.stats.flaky ?? 0);
    failed += report.stats.unexpected ?? 0;
    skipped += report.stats.skipped ?? 0;
    if ((report.errors ?? []).length > 0 && (report.stats.unexpected ?? 0) === 0) {
      notes.push(`${file}: the run reported ${report.errors.length} error(s) outside tests: counted as failures`);
      failed += report.errors.length;
    }
  } else {
    notes.push(`${file}: unknown report format: counted as 1 failure`);
    failed += 1;
  }
}

for (const note of notes) process.stdout.write(`${note}\n`);
process.stdout.write(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`);
process.exit(failed > 0 ? 1 : 0);
