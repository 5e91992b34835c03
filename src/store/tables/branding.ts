/**
 * Council branding: the logo a council's admins upload for the header of its pages (the name is
 * `councils.name`). The image is stored in the database, never as a file path or a URL, so it
 * moves with the data and cannot point anywhere else.
 */
export interface CouncilLogosTable {
  la_code: string;
  /** `image/png`, `image/jpeg` or `image/webp`: the type found in the bytes, not the one declared. */
  content_type: string;
  /** The image file as uploaded. */
  image: Uint8Array;
  /** Hex SHA-256 of `image`: the version in the logo's URL and its ETag. */
  sha256: string;
  width: number;
  height: number;
  /** ISO date-time (UTC). */
  updated_at: string;
  updated_by: string;
}

export interface BrandingTables {
  council_logos: CouncilLogosTable;
}
