/**
 * Every page at 1,280 and 320 px (the checks: test/browser/everyPage.ts), part scenarios: scenarios
 * (their pages, forms and comparisons), a forecast still being calculated, and regions.
 */
import { describe } from 'node:test';
import { everyPageSuite } from './everyPage.ts';

const suite = everyPageSuite('scenarios');
describe(suite.name, suite.options, suite.tests);
