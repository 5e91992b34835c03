/**
 * The Programmes pages' use cases for the web, over src/services/programmes.ts: the list, upload
 * of a programme file (YAML, JSON or the Excel layout), the dashboard, an initiative's detail and
 * edit, and the checks report. Any member reads; analysts and admins upload and edit; every
 * change is audited.
 *
 * Initiatives backed by a saved scenario take their forecast saving from the scenario's
 * comparison with the baseline (the median saving by financial year), through the Scenarios
 * service, whose comparisons are cached. Initiatives naming a permanence tracker project take the
 * project's saving to come by financial year.
 */
import { isoDateOf, type IsoDate } from '../domain/dates.ts';
import type { Programme } from '../domain/programme/model.ts';
import type { ScenarioSavingSource } from '../domain/programme/scenarioLink.ts';
import { type AuditService } from './audit.ts';
import { ANALYST_ROLES, READ_ROLES, assertAccess, type Actor } from './access.ts';
import {
  getProgramme,
  initiativeDetailOf,
  initiativeDocument,
  listProgrammes,
  programmeDocument,
  programmeFromEditedDocument,
  ProgrammeFileError,
  programmeChecks,
  programmeFromUpload,
  saveProgramme,
  savingsFromComparison,
  updateInitiative,
  dashboardOf,
  deleteProgramme,
  permanenceTrackerSource,
  type TrackerSavingSource,
  type ChecksReport,
  type InitiativeDetail,
  type ProgrammeDashboard,
  type ProgrammeDocument,
  type ProgrammeSummary,
} from './programmes.ts';
import { NotFoundError, UserInputError } from './errors.ts';
import { programmeWorkbook } from '../io/programmeWorkbook.ts';
import type { Db } from '../store/database.ts';
import { listProjects } from '../store/permanence.repository.ts';
import type { ScenariosService } from './scenarios.service.ts';

/** A programme file or edit that does not validate: every problem, as the file rules word them. */
export class ProgrammeInputError extends UserInputError {
  readonly problems: readonly string[];
  constructor(field: string, problems: readonly string[]) {
    super(field, problems[0] ?? 'The programme is not valid');
    this.name = 'ProgrammeInputError';
    this.problems = problems;
  }
}

function problemsOf(err: ProgrammeFileError): string[] {
  return err.problems.length > 0 ? [...err.problems] : [err.message];
}

/** Short names that are pages of the programmes section (/programmes/new), not programmes. */
const RESERVED_IDS: readonly string[] = ['new', 'upload'];

/** A key for a programme from its name: lower case, digits and hyphens. */
export function programmeIdFrom(name: string): string {
  const id = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return id || 'programme';
}

/** A new initiative's id from its name, not one already in the programme. */
export function freeInitiativeId(base: string, taken: readonly string[]): string {
  const root = base.slice(0, 56) || 'initiative';
  if (!taken.includes(root)) return root;
  for (let n = 2; ; n++) if (!taken.includes(`${root}-${n}`)) return `${root}-${n}`;
}

/** A new programme's document: its settings and one initiative with nothing entered yet. */
export function newProgrammeDocument(
  settings: Record<string, unknown>,
  first: Record<string, unknown>,
): Record<string, unknown> {
  return {
    ...settings,
    // An initiative has at least one year: the first plan year, with nothing entered yet.
    initiatives: [
      { id: programmeIdFrom(String(first.name)).slice(0, 56), ...first, years: { [String(settings.firstYear)]: {} } },
    ],
  };
}

/** The lists of an initiative that are edited a page at a time. */
export type InitiativeList = 'workings' | 'milestones' | 'risks' | 'targets';

export function createProgrammesService(
  db: Db,
  audit: AuditService,
  scenarios: ScenariosService,
  now: () => Date = () => new Date(),
) {
  const today = (): IsoDate => isoDateOf(now());

  /** Scenario-backed forecasts: the median saving by financial year of the named saved scenario, with its range. */
  function scenarioSource(actor: Actor, laCode: string): ScenarioSavingSource {
    return {
      async savingsByYear(name: string) {
        const detail = await scenarios.get(actor, laCode, name);
        if (!detail) return null;
        const c = await scenarios.compare(actor, laCode, detail.scenario);
        if (!c) return null;
        // The median with the 10th and 90th percentiles: the range the scenario's own page shows.
        return savingsFromComparison(c.years);
      },
    };
  }

  /** Tracker-backed forecasts: the named permanence project's saving to come by financial year. */
  function trackerSource(actor: Actor, laCode: string): TrackerSavingSource {
    return permanenceTrackerSource(db, actor, laCode);
  }

  function validated(doc: unknown, source: string): Programme {
    try {
      return programmeFromEditedDocument(doc, source);
    } catch (err) {
      if (err instanceof ProgrammeFileError) throw new ProgrammeInputError('programme', problemsOf(err));
      throw err;
    }
  }

  /** Stores a programme; a tracker project the council does not have is a ProgrammeInputError naming the field. */
  async function save(laCode: string, id: string, programme: Programme, actor: Actor, field: string): Promise<void> {
    try {
      await saveProgramme(db, laCode, id, programme, { now: now().toISOString(), user: actor.name });
    } catch (err) {
      if (err instanceof ProgrammeFileError) throw new ProgrammeInputError(field, problemsOf(err));
      throw err;
    }
  }

  async function stored(laCode: string, programmeId: string): Promise<Programme | null> {
    return getProgramme(db, laCode, programmeId);
  }

  return {
    /** The council's permanence tracker projects' names, for an initiative's forecast. */
    async trackerProjects(actor: Actor, laCode: string): Promise<string[]> {
      assertAccess(actor, laCode, ANALYST_ROLES);
      return (await listProjects(db, laCode)).map((p) => p.name);
    },

    async list(actor: Actor, laCode: string): Promise<ProgrammeSummary[]> {
      assertAccess(actor, laCode, READ_ROLES);
      return listProgrammes(db, laCode);
    },

    /** Stores an uploaded programme under `id` (from its name when blank), replacing any with that id. */
    async upload(
      actor: Actor,
      laCode: string,
      file: { bytes: Uint8Array; name: string } | null,
      idText: string,
    ): Promise<{ id: string; programme: Programme; replaced: boolean }> {
      assertAccess(actor, laCode, ANALYST_ROLES);
      if (!file || file.bytes.length === 0)
        throw new UserInputError('file', 'Select a programme file (.yaml, .yml, .json or .xlsx)');
      if (!/\.(ya?ml|json|xlsx)$/i.test(file.name))
        throw new UserInputError('file', 'The programme file must be a .yaml, .yml, .json or .xlsx file');
      let programme: Programme;
      try {
        programme = await programmeFromUpload(file.bytes, file.name);
      } catch (err) {
        if (err instanceof ProgrammeFileError) throw new ProgrammeInputError('file', problemsOf(err));
        throw err;
      }
      const id = idText.trim() === '' ? programmeIdFrom(programme.name) : idText.trim();
      if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(id))
        throw new UserInputError(
          'id',
          'The short name must be lower-case letters, digits and hyphens, like savings-2025',
        );
      if (RESERVED_IDS.includes(id))
        throw new UserInputError('id', `The short name cannot be ${id} (a page of its own): choose another`);
      const replaced = (await stored(laCode, id)) !== null;
      await save(laCode, id, programme, actor, 'file');
      await audit.record(actor, replaced ? 'programme.replaced' : 'programme.uploaded', {
        programme: id,
        name: programme.name,
        file: file.name,
        initiatives: programme.initiatives.length,
      });
      return { id, programme, replaced };
    },

    async dashboard(actor: Actor, laCode: string, programmeId: string): Promise<ProgrammeDashboard | null> {
      assertAccess(actor, laCode, READ_ROLES);
      const p = await stored(laCode, programmeId);
      return p
        ? dashboardOf(programmeId, p, {
            asOf: today(),
            scenarioSource: scenarioSource(actor, laCode),
            trackerSource: trackerSource(actor, laCode),
          })
        : null;
    },

    async initiative(
      actor: Actor,
      laCode: string,
      programmeId: string,
      initiativeId: string,
    ): Promise<InitiativeDetail | null> {
      assertAccess(actor, laCode, READ_ROLES);
      const p = await stored(laCode, programmeId);
      return p
        ? initiativeDetailOf(programmeId, p, initiativeId, {
            asOf: today(),
            scenarioSource: scenarioSource(actor, laCode),
            trackerSource: trackerSource(actor, laCode),
          })
        : null;
    },

    /**
     * Checks a new programme written in the browser (a document, amounts in pounds) before it is
     * created: the short name (from the name when blank) must be free, and the document valid as a
     * file is. Nothing is stored. Throws ProgrammeInputError / UserInputError naming the field.
     */
    async checkNew(
      actor: Actor,
      laCode: string,
      idText: string,
      doc: Record<string, unknown>,
    ): Promise<{ id: string; programme: Programme }> {
      assertAccess(actor, laCode, ANALYST_ROLES);
      const programme = validated(doc, 'programme');
      const id = idText.trim() === '' ? programmeIdFrom(programme.name) : idText.trim();
      if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(id))
        throw new UserInputError(
          'id',
          'The short name must be lower-case letters, digits and hyphens, like savings-2025',
        );
      if (RESERVED_IDS.includes(id))
        throw new UserInputError('id', `The short name cannot be ${id} (a page of its own): choose another`);
      if ((await stored(laCode, id)) !== null)
        throw new UserInputError(
          'id',
          `There is already a programme with the short name ${id}: choose another (or change that programme)`,
        );
      return { id, programme };
    },

    /** Creates a programme written in the browser (checked as `checkNew`), audited as programme.created. */
    async create(
      actor: Actor,
      laCode: string,
      idText: string,
      doc: Record<string, unknown>,
    ): Promise<{ id: string; programme: Programme }> {
      const { id, programme } = await this.checkNew(actor, laCode, idText, doc);
      await save(laCode, id, programme, actor, 'programme');
      await audit.record(actor, 'programme.created', {
        programme: id,
        name: programme.name,
        initiatives: programme.initiatives.length,
      });
      return { id, programme };
    },

    /** The whole programme as a file writes it (amounts in pounds), to fill the edit forms; analysts and admins. */
    async document(
      actor: Actor,
      laCode: string,
      programmeId: string,
    ): Promise<{ programme: Programme; doc: ProgrammeDocument } | null> {
      assertAccess(actor, laCode, ANALYST_ROLES);
      const p = await stored(laCode, programmeId);
      return p ? { programme: p, doc: programmeDocument(p) } : null;
    },

    /**
     * Changes a stored programme: `edit` receives its document (amounts in pounds) and returns the
     * changed one, which is validated as a file is and stored; audited as programme.changed with
     * the part changed (settings, initiative added or removed, an initiative's details, years,
     * workings, milestones, risks, targets or monitoring). Null when the programme is not there.
     */
    async change(
      actor: Actor,
      laCode: string,
      programmeId: string,
      what: { readonly part: string; readonly initiative?: string },
      edit: (doc: ProgrammeDocument) => Record<string, unknown>,
    ): Promise<Programme | null> {
      assertAccess(actor, laCode, ANALYST_ROLES);
      const current = await stored(laCode, programmeId);
      if (!current) return null;
      const programme = validated(edit(programmeDocument(current)), `programme ${programmeId}`);
      await save(laCode, programmeId, programme, actor, 'programme');
      await audit.record(actor, 'programme.changed', {
        programme: programmeId,
        part: what.part,
        ...(what.initiative ? { initiative: what.initiative } : {}),
      });
      return programme;
    },

    /** Changes the programme's settings (`fields`: name, unit, plan years, discount rate, stated profile, RAG). */
    async changeSettings(
      actor: Actor,
      laCode: string,
      programmeId: string,
      fields: Record<string, unknown>,
    ): Promise<Programme | null> {
      return this.change(actor, laCode, programmeId, { part: 'settings' }, (doc) => ({ ...doc, ...fields }));
    },

    /**
     * Adds an initiative (`fields`: its details) with the short name typed, or one made from its
     * name when `idText` is blank; it starts with the first plan year and nothing entered. Throws
     * ProgrammeInputError (field id) when the short name is taken. Null when the programme is not there.
     */
    async addInitiative(
      actor: Actor,
      laCode: string,
      programmeId: string,
      idText: string,
      fields: Record<string, unknown>,
    ): Promise<{ initiativeId: string; programme: Programme } | null> {
      let initiativeId = '';
      const programme = await this.change(actor, laCode, programmeId, { part: 'initiative added' }, (doc) => {
        const taken = doc.initiatives.map((i) => i.id);
        if (idText && taken.includes(idText))
          throw new ProgrammeInputError('id', [
            `The programme already has an initiative with the short name ${idText}`,
          ]);
        initiativeId = idText || freeInitiativeId(programmeIdFrom(String(fields.name)), taken);
        // An initiative has at least one year: the first plan year, with nothing entered yet.
        const years = { [String(doc.firstYear)]: {} };
        return { ...doc, initiatives: [...doc.initiatives, { id: initiativeId, ...fields, years }] };
      });
      return programme ? { initiativeId, programme } : null;
    },

    /** Removes an initiative (the programme must keep one: validation says so). NotFoundError when it is not there. */
    async removeInitiative(
      actor: Actor,
      laCode: string,
      programmeId: string,
      initiativeId: string,
    ): Promise<Programme | null> {
      return this.change(
        actor,
        laCode,
        programmeId,
        { part: 'initiative removed', initiative: initiativeId },
        (doc) => {
          if (!doc.initiatives.some((i) => i.id === initiativeId)) throw new NotFoundError('Initiative not found');
          return { ...doc, initiatives: doc.initiatives.filter((i) => i.id !== initiativeId) };
        },
      );
    },

    /** Replaces one of an initiative's lists (workings, milestones, risks or targets) with `entries`. */
    async replaceList(
      actor: Actor,
      laCode: string,
      programmeId: string,
      initiativeId: string,
      list: InitiativeList,
      entries: readonly Record<string, unknown>[],
    ): Promise<Programme | null> {
      return this.change(actor, laCode, programmeId, { part: list, initiative: initiativeId }, (doc) => ({
        ...doc,
        initiatives: doc.initiatives.map((i) => (i.id === initiativeId ? { ...i, [list]: entries } : i)),
      }));
    },

    /** The initiative as a programme file writes it (amounts in pounds), to fill the edit form. */
    async initiativeDocument(actor: Actor, laCode: string, programmeId: string, initiativeId: string) {
      assertAccess(actor, laCode, ANALYST_ROLES);
      const p = await stored(laCode, programmeId);
      if (!p) return null;
      const doc = initiativeDocument(p, initiativeId);
      return doc ? { programme: p, doc } : null;
    },

    /** Replaces an initiative with its edited document form, validated as a file is. */
    async updateInitiative(
      actor: Actor,
      laCode: string,
      programmeId: string,
      initiativeId: string,
      edited: Record<string, unknown>,
    ): Promise<Programme | null> {
      assertAccess(actor, laCode, ANALYST_ROLES);
      let saved: Programme | null;
      try {
        saved = await updateInitiative(db, laCode, programmeId, initiativeId, edited, {
          now: now().toISOString(),
          user: actor.name,
        });
      } catch (err) {
        if (err instanceof ProgrammeFileError) throw new ProgrammeInputError('name', problemsOf(err));
        throw err;
      }
      if (saved)
        await audit.record(actor, 'programme.initiative_changed', { programme: programmeId, initiative: initiativeId });
      return saved;
    },

    /**
     * The programme as a workbook laid out as councils lay them out (years as columns, negatives
     * in brackets): the plan as entered with its appraisal; it uploads back unchanged.
     */
    async workbook(actor: Actor, laCode: string, programmeId: string): Promise<{ name: string; bytes: Buffer } | null> {
      assertAccess(actor, laCode, READ_ROLES);
      const p = await stored(laCode, programmeId);
      if (!p) return null;
      const wb = programmeWorkbook(p);
      return { name: p.name, bytes: Buffer.from(await wb.xlsx.writeBuffer()) };
    },

    /** Deletes a stored programme; analysts and admins. */
    async remove(actor: Actor, laCode: string, programmeId: string): Promise<boolean> {
      assertAccess(actor, laCode, ANALYST_ROLES);
      const removed = await deleteProgramme(db, laCode, programmeId);
      if (removed) await audit.record(actor, 'programme.deleted', { programme: programmeId });
      return removed;
    },

    async checks(actor: Actor, laCode: string, programmeId: string): Promise<ChecksReport | null> {
      assertAccess(actor, laCode, READ_ROLES);
      return programmeChecks(db, laCode, programmeId);
    },
  };
}

export type ProgrammesService = ReturnType<typeof createProgrammesService>;
