/**
 * The database schema as Kysely sees it: the intersection of each feature's tables (declared in
 * ./tables/*.ts). Every table carries `la_code`, the council it belongs to.
 */

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- composed from feature table interfaces below
export interface Database {}
