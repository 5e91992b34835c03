/**
 * Every page at 1,280 and 320 px (the checks: test/browser/everyPage.ts), part scenarios: scenarios
 * (their pages, forms and comparisons), a forecast still being calculated, and regions.
 */
import { everyPageTests } from './everyPage.ts';

everyPageTests('scenarios');
