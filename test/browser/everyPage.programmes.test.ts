/**
 * Every page at 1,280 and 320 px (the checks: test/browser/everyPage.ts), part programmes: savings
 * programmes and their initiatives, the programme form's check-answers page, and permanence
 * projects (the tracker upload and the children picked).
 */
import { everyPageTests } from './everyPage.ts';

everyPageTests('programmes');
