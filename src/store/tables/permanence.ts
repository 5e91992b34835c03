/** Permanence trackers (issue 11): projects and their cohorts. Child ids are pseudonyms. */

export interface PermanenceProjectsTable {
  la_code: string;
  name: string;
  /** The project's start (YYYY-MM-DD): every child in its cohort was looked after on this day. */
  tracked_from: string;
  /** ISO date-time of the last change. */
  updated_at: string;
}

export interface PermanenceChildrenTable {
  la_code: string;
  project: string;
  /** The child's pseudonym, as in the stored episodes. */
  child_id: string;
  /** return_home, sgo_cao, adoption or other. */
  planned_route: string;
  /** YYYY-MM. */
  planned_month: string;
  /** in_scope or out_of_scope. */
  status: string;
  /** Why out of scope; null when in scope. */
  reason: string | null;
}

export interface PermanenceTables {
  permanence_projects: PermanenceProjectsTable;
  permanence_children: PermanenceChildrenTable;
  permanence_lists: PermanenceListsTable;
  permanence_notes: PermanenceNotesTable;
  permanence_targets: PermanenceTargetsTable;
  placement_mix_targets: PlacementMixTargetsTable;
  inhouse_capacity: InhouseCapacityTable;
}

/**
 * In-house capacity (issue 11): the council's approved fostering households, their places and its
 * own homes' beds, from a month until the next record.
 */
export interface InhouseCapacityTable {
  la_code: string;
  /** YYYY-MM. */
  month: string;
  fostering_households: number;
  fostering_places: number;
  home_beds: number;
  updated_at: string;
}

/** Placement mix targets (issue 11): the in-house share a council aims for by a date. */
export interface PlacementMixTargetsTable {
  la_code: string;
  /** fostering or residential. */
  kind: string;
  /** YYYY-MM-DD. */
  by_date: string;
  /** 0 to 1, as text (stored exactly as entered). */
  in_house_share: string;
  updated_at: string;
}

/** A council's own list item: a reason a child is out of scope, or a note code. */
export interface PermanenceListsTable {
  la_code: string;
  /** reason or note. */
  kind: string;
  label: string;
  /** Order shown (the order added). */
  position: number;
  /** 1 when retired: not offered any more, still shown where used. */
  retired: number;
  updated_at: string;
}

/** A coded note on a project's child: a code from the council's list and a date. */
export interface PermanenceNotesTable {
  la_code: string;
  project: string;
  child_id: string;
  code: string;
  /** YYYY-MM-DD. */
  note_date: string;
  added_at: string;
  added_by: string;
}

/** A project's stated target for a month and measure (src/domain/permanence/targets.ts). */
export interface PermanenceTargetsTable {
  la_code: string;
  project: string;
  /** looked_after_end, project_exits or cumulative_exits. */
  measure: string;
  /** YYYY-MM. */
  month: string;
  value: number;
  updated_at: string;
}
