/** Council branding: the stored logo (the council's name is in councils.repository.ts). */
import type { Db } from './database.ts';

export interface StoredLogo {
  readonly contentType: string;
  readonly image: Uint8Array;
  readonly sha256: string;
  readonly width: number;
  readonly height: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** The logo's version (its SHA-256) and size, without the image. */
export type LogoInfo = Omit<StoredLogo, 'image'>;

export async function findLogoInfo(db: Db, laCode: string): Promise<LogoInfo | undefined> {
  const r = await db
    .selectFrom('council_logos')
    .select(['content_type', 'sha256', 'width', 'height', 'updated_at', 'updated_by'])
    .where('la_code', '=', laCode)
    .executeTakeFirst();
  return (
    r && {
      contentType: r.content_type,
      sha256: r.sha256,
      width: r.width,
      height: r.height,
      updatedAt: r.updated_at,
      updatedBy: r.updated_by,
    }
  );
}

export async function findLogo(db: Db, laCode: string): Promise<StoredLogo | undefined> {
  const r = await db.selectFrom('council_logos').selectAll().where('la_code', '=', laCode).executeTakeFirst();
  return (
    r && {
      contentType: r.content_type,
      image: new Uint8Array(r.image),
      sha256: r.sha256,
      width: r.width,
      height: r.height,
      updatedAt: r.updated_at,
      updatedBy: r.updated_by,
    }
  );
}

export async function upsertLogo(db: Db, laCode: string, logo: StoredLogo): Promise<void> {
  const values = {
    content_type: logo.contentType,
    image: Buffer.from(logo.image),
    sha256: logo.sha256,
    width: logo.width,
    height: logo.height,
    updated_at: logo.updatedAt,
    updated_by: logo.updatedBy,
  };
  await db
    .insertInto('council_logos')
    .values({ la_code: laCode, ...values })
    .onConflict((oc) => oc.column('la_code').doUpdateSet(values))
    .execute();
}

/** True when there was a logo to delete. */
export async function deleteLogo(db: Db, laCode: string): Promise<boolean> {
  const r = await db.deleteFrom('council_logos').where('la_code', '=', laCode).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
