/**
 * Every page at 1,280 and 320 px (the checks: test/browser/everyPage.ts), part figures: the
 * council's figures (overview, forecast, costs, monitoring, sufficiency, indicators, workforce,
 * front door, CIN), its data, a returns upload and a children in need census upload refused, administration, the sign-in page, and the check
 * that every page of the navigation is visited.
 */
import { describe } from 'node:test';
import { everyPageSuite } from './everyPage.ts';

const suite = everyPageSuite('figures');
describe(suite.name, suite.options, suite.tests);
