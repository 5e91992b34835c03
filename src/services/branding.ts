/**
 * Council branding: Forecare runs on councils' own domains, so its pages carry the council's name
 * and logo (never the Crown or the royal arms, which are GOV.UK's). A council's admins set both
 * on the Settings page; every change is audited.
 *
 * The logo is an uploaded image stored in the database (no file path, no URL to fetch). It is
 * accepted only when its bytes are a PNG, JPEG or WebP image (the type is read from the bytes,
 * never from the file name or the browser's word for it), no larger than MAX_LOGO_BYTES and of a
 * sensible size in pixels. SVG is refused: it is a document that can carry scripts and links.
 * The web serves it under a URL carrying its SHA-256, with the type found here.
 */
import { createHash } from 'node:crypto';
import { imageSize } from 'image-size';
import type { Db } from '../store/database.ts';
import { findCouncil, renameCouncil } from '../store/councils.repository.ts';
import { deleteLogo, findLogo, findLogoInfo, upsertLogo, type StoredLogo } from '../store/branding.repository.ts';
import { type AuditService } from './audit.ts';
import { ADMIN_ROLES, READ_ROLES, assertAccess, type Actor } from './access.ts';
import { UserInputError } from './errors.ts';

/** Largest logo file accepted: 500 KB (a header logo is a few KB to a few tens of KB). */
export const MAX_LOGO_BYTES = 500 * 1024;
/** Smallest and largest side in pixels. */
export const MIN_LOGO_SIDE = 16;
export const MAX_LOGO_SIDE = 4000;
/** Longest council name. */
export const MAX_COUNCIL_NAME = 100;

/** The image types accepted, by image-size's name for them, with the content type they are served as. */
const LOGO_TYPES: Readonly<Record<string, string>> = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' };

/** What a page needs to show the council: its name and, when it has one, its logo's version. */
export interface CouncilBranding {
  readonly laCode: string;
  readonly name: string;
  readonly logo: { readonly sha256: string; readonly width: number; readonly height: number } | null;
}

export interface LogoUpload {
  readonly bytes: Uint8Array;
}

/** How long a council's branding is trusted before it is read again (changes here clear it at once). */
export const BRANDING_TTL_MS = 2000;

/**
 * Checks an uploaded logo and returns what is stored, or throws a UserInputError on field `logo`
 * with a message in the GOV.UK error message style.
 */
export function checkLogo(bytes: Uint8Array): { contentType: string; width: number; height: number } {
  if (bytes.length === 0) throw new UserInputError('logo', 'The selected file is empty');
  if (bytes.length > MAX_LOGO_BYTES) throw new UserInputError('logo', 'The logo must be smaller than 500 KB');
  let size: { type?: string; width?: number; height?: number };
  try {
    size = imageSize(bytes);
  } catch {
    throw new UserInputError('logo', 'The logo must be a PNG, JPEG or WebP image');
  }
  const contentType = size.type ? LOGO_TYPES[size.type] : undefined;
  if (!contentType) {
    throw new UserInputError(
      'logo',
      size.type === 'svg'
        ? 'The logo must be a PNG, JPEG or WebP image, not an SVG: save it as a PNG first'
        : 'The logo must be a PNG, JPEG or WebP image',
    );
  }
  const width = size.width ?? 0;
  const height = size.height ?? 0;
  if (width < MIN_LOGO_SIDE || height < MIN_LOGO_SIDE)
    throw new UserInputError('logo', `The logo must be at least ${MIN_LOGO_SIDE} pixels wide and high`);
  if (width > MAX_LOGO_SIDE || height > MAX_LOGO_SIDE)
    throw new UserInputError('logo', 'The logo must be no more than 4,000 pixels wide and high');
  return { contentType, width, height };
}

/** The council's name as typed, tidied, or a UserInputError on field `councilName`. */
export function checkCouncilName(input: string): string {
  const name = input.replace(/\s+/g, ' ').trim();
  if (name === '') throw new UserInputError('councilName', 'Enter the council’s name');
  if (name.length > MAX_COUNCIL_NAME)
    throw new UserInputError('councilName', `Council name must be ${MAX_COUNCIL_NAME} characters or fewer`);
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f<>]/.test(name))
    throw new UserInputError('councilName', 'Council name must only include letters, numbers, spaces and punctuation');
  return name;
}

export function createBrandingService(db: Db, audit: AuditService, now: () => Date = () => new Date()) {
  const cache = new Map<string, { at: number; value: Promise<CouncilBranding> }>();

  async function read(laCode: string): Promise<CouncilBranding> {
    const [council, logo] = await Promise.all([findCouncil(db, laCode), findLogoInfo(db, laCode)]);
    return {
      laCode,
      name: council?.name ?? laCode,
      logo: logo ? { sha256: logo.sha256, width: logo.width, height: logo.height } : null,
    };
  }

  return {
    /** The council's name and logo version, for every page of the council; any member. */
    async get(actor: Actor, laCode: string): Promise<CouncilBranding> {
      assertAccess(actor, laCode, READ_ROLES);
      const hit = cache.get(laCode);
      const t = Date.now();
      if (hit && t - hit.at < BRANDING_TTL_MS) return hit.value;
      const value = read(laCode);
      cache.set(laCode, { at: t, value });
      value.catch(() => cache.delete(laCode));
      return value;
    },

    /** The stored logo (bytes and type), or undefined; any member. */
    async logo(actor: Actor, laCode: string): Promise<StoredLogo | undefined> {
      assertAccess(actor, laCode, READ_ROLES);
      return findLogo(db, laCode);
    },

    /**
     * Changes the council's name and, when a file is given, its logo (admins only). Both are
     * checked before either is saved. Audited as `branding.updated` with what changed.
     */
    async update(
      actor: Actor,
      laCode: string,
      input: { councilName: string; logo?: LogoUpload | null },
    ): Promise<void> {
      assertAccess(actor, laCode, ADMIN_ROLES);
      const name = checkCouncilName(input.councilName);
      const image = input.logo ? checkLogo(input.logo.bytes) : undefined;
      const before = await read(laCode);
      const detail: Record<string, unknown> = {};
      if (name !== before.name) {
        await renameCouncil(db, laCode, name);
        detail.councilName = { from: before.name, to: name };
      }
      if (input.logo && image) {
        const sha256 = createHash('sha256').update(input.logo.bytes).digest('hex');
        if (sha256 !== before.logo?.sha256) {
          await upsertLogo(db, laCode, {
            ...image,
            image: input.logo.bytes,
            sha256,
            updatedAt: now().toISOString(),
            updatedBy: actor.name,
          });
          detail.logo = {
            contentType: image.contentType,
            width: image.width,
            height: image.height,
            bytes: input.logo.bytes.length,
            sha256,
          };
        }
      }
      cache.delete(laCode);
      if (Object.keys(detail).length > 0) await audit.record(actor, 'branding.updated', detail);
    },

    /** Removes the council's logo (admins only); audited as `branding.logo_removed`. */
    async removeLogo(actor: Actor, laCode: string): Promise<boolean> {
      assertAccess(actor, laCode, ADMIN_ROLES);
      const removed = await deleteLogo(db, laCode);
      cache.delete(laCode);
      if (removed) await audit.record(actor, 'branding.logo_removed', {});
      return removed;
    },
  };
}

export type BrandingService = ReturnType<typeof createBrandingService>;
