/**
 * Every page at 1,280 and 320 px (the checks: test/browser/everyPage.ts), part programmes: savings
 * programmes and their initiatives, the programme form's check-answers page, and permanence
 * projects (the tracker upload and the children picked).
 */
import { describe } from 'node:test';
import { everyPageSuite } from './everyPage.ts';

const suite = everyPageSuite('programmes');
describe(suite.name, suite.options, suite.tests);
