/**
 * Imported first by a test bundle (scripts/test-bundles.ts) whose files loop over the dialects:
 * asks once whether PostgreSQL answers, before any of the bundle's tests start. A file's own
 * `await testDialects()` then gets the answer kept for the process. Asked later, while another
 * file's tests keep the event loop busy for seconds (an engine run), the probe's 2 s connection
 * timeout fired late and PostgreSQL looked unreachable: its suites skipped.
 */
import { testDialects } from './databases.ts';

await testDialects();
