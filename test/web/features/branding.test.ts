/**
 * Council branding (issue 15): Forecare runs on councils' own domains, so no page carries the
 * Crown, the royal arms, "© Crown copyright" or GOV.UK's crown icons; the header shows the
 * council's own name and logo, set by its admins on the Settings page, checked, audited and served
 * as exactly the image type found in its bytes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { paths } from '../../../src/web/paths.ts';
import { AccessDeniedError, systemActor } from '../../../src/services/access.ts';
import { checkLogo, MAX_LOGO_BYTES } from '../../../src/services/branding.ts';
import { UserInputError } from '../../../src/services/errors.ts';
import { solidPng } from '../../support/images.ts';
import { webTestbed, type Client, type Testbed } from '../support.ts';

const LA = '301';
const settings = paths.settings.build({ la: LA });
const brandingPost = paths.settingsBranding.build({ la: LA });

/** GOV.UK's marks: the Crown (logo and crest), the royal arms, Crown copyright, the OGL and crown icons. */
const GOVUK_ONLY = [
  /Crown copyright/i,
  /govuk-footer__crown|govuk-footer__copyright-logo|govuk-logo|govuk-header__logotype/,
  /Open Government Licence/,
  /govuk-crest|govuk-icon|favicon\.ico|manifest\.json/,
];

function logoForm(name: string, file?: { bytes: Uint8Array; type: string; filename: string }): FormData {
  const form = new FormData();
  form.set('councilName', name);
  if (file) form.set('logo', new Blob([Buffer.from(file.bytes)], { type: file.type }), file.filename);
  return form;
}

describe('council branding', () => {
  let bed: Testbed;
  let admin: Client;
  before(async () => {
    bed = await webTestbed();
    for (const role of ['admin', 'analyst', 'viewer'] as const)
      await bed.addUser(LA, `${role}@a.test`, role, 'Council A');
    await bed.addUser('302', 'admin@b.test', 'admin', 'Council B');
    admin = await bed.signedIn('admin@a.test');
  });
  after(() => bed.close());

  test('no page carries the Crown, the royal arms, Crown copyright or GOV.UK icons', async () => {
    const signIn = await bed.client().get(paths.signIn.build());
    const overview = await admin.get(paths.overview.build({ la: LA }));
    const notFound = await admin.get('/no-such-page');
    for (const page of [signIn, overview, await admin.get(settings)]) {
      for (const mark of GOVUK_ONLY) assert.doesNotMatch(page.text, mark);
      assert.match(page.text, /<link rel="icon" sizes="any" href="\/assets\/images\/forecare-icon\.svg"/);
      assert.match(page.text, /govuk-service-navigation__service-name[\s\S]*?Forecare/, 'the service name');
    }
    assert.equal(notFound.status, 404);
    for (const mark of GOVUK_ONLY) assert.doesNotMatch(notFound.text, mark);
    // The council's name in its own header (GOV.UK Frontend's generic header), linking to its overview.
    assert.match(overview.text, /class="govuk-generic-header app-council-header"/);
    assert.match(
      overview.text,
      new RegExp(`href="${paths.overview.build({ la: LA })}" class="govuk-generic-header__homepage-link"`),
    );
    assert.match(overview.text, /class="app-council-header__name">Council A</);
    assert.doesNotMatch(overview.text, /app-council-header__logo/, 'no logo until one is uploaded');
    // Forecare's own icon is served.
    const icon = await bed.client().getBytes('/assets/images/forecare-icon.svg');
    assert.equal(icon.status, 200);
    assert.match(icon.headers.get('content-type') ?? '', /^image\/svg\+xml/);
  });

  test('an admin sets the council name and logo: shown on every page, served safely, audited', async () => {
    const png = solidPng(120, 30, [0x1d, 0x70, 0xb8]);
    const res = await admin.postMultipart(
      brandingPost,
      logoForm('  Council   A  Borough ', { bytes: png, type: 'application/octet-stream', filename: 'crest.png' }),
      { tokenFrom: settings },
    );
    assert.equal(res.status, 302);
    assert.equal(res.location, settings);
    const page = await admin.get(settings);
    assert.match(page.text, /Council name and logo saved/);
    assert.match(page.text, /value="Council A Borough"/, 'spaces tidied');

    const overview = await admin.get(paths.overview.build({ la: LA }));
    assert.match(overview.text, /class="app-council-header__name">Council A Borough</);
    const m = /<img class="app-council-header__logo" src="([^"]+)" alt="" height="40">/.exec(overview.text);
    assert.ok(m?.[1], 'the logo in the header, decorative beside the name');
    const logoUrl = m[1];
    assert.match(logoUrl, new RegExp(`^/c/${LA}/logo/[0-9a-f]{16}$`));
    assert.match(overview.text, /<title>Overview – Council A Borough – Forecare<\/title>/);

    // The logo: the stored bytes, typed by what they are (not what the browser said), unable to run anything.
    const viewer = await bed.signedIn('viewer@a.test');
    const logo = await viewer.getBytes(logoUrl);
    assert.equal(logo.status, 200);
    assert.deepEqual(new Uint8Array(logo.body), png);
    assert.equal(logo.headers.get('content-type'), 'image/png');
    assert.equal(logo.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(logo.headers.get('content-security-policy'), "default-src 'none'; sandbox");
    assert.equal(logo.headers.get('content-disposition'), 'inline; filename="logo.png"');
    assert.match(logo.headers.get('cache-control') ?? '', /^private, max-age=31536000/);
    // An old version's URL is sent on to the current one; another council's members never get it.
    const stale = await viewer.get(paths.councilLogo.build({ la: LA, version: '0000000000000000' }));
    assert.equal(stale.status, 302);
    assert.equal(stale.location, logoUrl);
    const other = await bed.signedIn('admin@b.test');
    assert.equal((await other.getBytes(logoUrl)).status, 403);
    assert.equal((await bed.client().get(logoUrl)).status, 302, 'signed out: to the sign-in page');

    const audit = await bed.services.audit.list(systemActor(LA), LA, { action: 'branding.updated' });
    assert.equal(audit.entries.length, 1);
    const detail = audit.entries[0]?.detail as Record<string, unknown>;
    assert.deepEqual(detail.councilName, { from: 'Council A', to: 'Council A Borough' });
    assert.deepEqual(
      { ...(detail.logo as Record<string, unknown>), sha256: undefined },
      { contentType: 'image/png', width: 120, height: 30, bytes: png.length, sha256: undefined },
    );
    assert.ok(audit.entries[0]?.requestId, 'with the web request that made it');

    // Saving the name alone keeps the logo; the same name and no file changes nothing (nothing audited).
    await admin.postMultipart(brandingPost, logoForm('Council A Borough'), { tokenFrom: settings });
    assert.match((await admin.get(settings)).text, /Council name saved/);
    assert.match((await admin.get(paths.overview.build({ la: LA }))).text, new RegExp(logoUrl));
    assert.equal((await bed.services.audit.list(systemActor(LA), LA, { action: 'branding.updated' })).total, 1);

    // Removing the logo: audited, gone from the header, its URL 404s.
    await admin.post(paths.settingsLogoRemove.build({ la: LA }), {}, { tokenFrom: settings });
    assert.match((await admin.get(settings)).text, /Logo removed/);
    assert.doesNotMatch((await admin.get(paths.overview.build({ la: LA }))).text, /app-council-header__logo/);
    assert.equal((await viewer.get(logoUrl)).status, 404);
    assert.equal((await bed.services.audit.list(systemActor(LA), LA, { action: 'branding.logo_removed' })).total, 1);
    await bed.services.branding.update(systemActor(LA), LA, { councilName: 'Council A' });
  });

  test('a logo that is not a PNG, JPEG or WebP image, too big or empty, and a blank name, are refused with GOV.UK messages', async () => {
    const svg = new TextEncoder().encode(
      '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><script>alert(1)</script></svg>',
    );
    const cases: Array<[FormData, RegExp, string]> = [
      [
        logoForm('Council A', { bytes: svg, type: 'image/svg+xml', filename: 'logo.svg' }),
        /The logo must be a PNG, JPEG or WebP image, not an SVG: save it as a PNG first/,
        'logo',
      ],
      [
        logoForm('Council A', { bytes: new TextEncoder().encode('hello'), type: 'image/png', filename: 'logo.png' }),
        /The logo must be a PNG, JPEG or WebP image/,
        'logo',
      ],
      [
        logoForm('Council A', {
          bytes: new Uint8Array(MAX_LOGO_BYTES + 1),
          type: 'image/png',
          filename: 'big.png',
        }),
        /The logo must be smaller than 500 KB/,
        'logo',
      ],
      [
        logoForm('Council A', { bytes: solidPng(8, 8, [0, 0, 0]), type: 'image/png', filename: 'tiny.png' }),
        /The logo must be at least 16 pixels wide and high/,
        'logo',
      ],
      [logoForm('   '), /Enter the council’s name/, 'councilName'],
      [logoForm('x'.repeat(101)), /Council name must be 100 characters or fewer/, 'councilName'],
    ];
    const audited = (await bed.services.audit.list(systemActor(LA), LA, { action: 'branding.updated' })).total;
    for (const [form, message, field] of cases) {
      const res = await admin.postMultipart(brandingPost, form, { tokenFrom: settings });
      assert.equal(res.location, settings);
      const page = await admin.get(settings);
      assert.match(page.text, /There is a problem/);
      assert.match(page.text, message);
      assert.match(page.text, new RegExp(`href="#${field}"`), 'the summary links to the field');
    }
    assert.equal(
      (await bed.services.audit.list(systemActor(LA), LA, { action: 'branding.updated' })).total,
      audited,
      'nothing saved',
    );
    assert.doesNotMatch((await admin.get(paths.overview.build({ la: LA }))).text, /app-council-header__logo/);
  });

  test('the checks by themselves: the type is read from the bytes; JPEG and WebP pass', () => {
    assert.deepEqual(checkLogo(solidPng(16, 16, [1, 2, 3])), { contentType: 'image/png', width: 16, height: 16 });
    // A minimal JPEG header (SOI, APP0, SOF0 with 20 x 30 pixels): image-size reads the size from SOF0.
    const jpeg = Uint8Array.from([
      0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00,
      0x00, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x1e, 0x00, 0x14, 0x01, 0x01, 0x11, 0x00, 0xff, 0xd9,
    ]);
    assert.deepEqual(checkLogo(jpeg), { contentType: 'image/jpeg', width: 20, height: 30 });
    // A lossless WebP header (RIFF....WEBPVP8L) of 64 x 32 pixels: width-1 and height-1 in 14 bits each.
    const w = 64 - 1;
    const h = 32 - 1;
    const bits = w | (h << 14);
    const webp = Uint8Array.from([
      ...Buffer.from('RIFF'),
      0x1a,
      0,
      0,
      0,
      ...Buffer.from('WEBPVP8L'),
      0x0d,
      0,
      0,
      0,
      0x2f,
      bits & 0xff,
      (bits >> 8) & 0xff,
      (bits >> 16) & 0xff,
      (bits >> 24) & 0xff,
      0,
      0,
      0,
      0,
      0,
    ]);
    assert.deepEqual(checkLogo(webp), { contentType: 'image/webp', width: 64, height: 32 });
    assert.throws(() => checkLogo(new Uint8Array(0)), UserInputError);
    assert.throws(() => checkLogo(solidPng(4001, 16, [0, 0, 0])), /no more than 4,000 pixels/);
  });

  test('only admins change the branding, in their own council; the services check again', async () => {
    for (const email of ['analyst@a.test', 'viewer@a.test', 'admin@b.test']) {
      const client = await bed.signedIn(email);
      const res = await client.postMultipart(brandingPost, logoForm('Taken over'), {
        tokenFrom: paths.overview.build({ la: email.endsWith('b.test') ? '302' : LA }),
      });
      assert.equal(res.status, 403, email);
      assert.equal(
        (
          await client.post(
            paths.settingsLogoRemove.build({ la: LA }),
            {},
            { tokenFrom: paths.overview.build({ la: email.endsWith('b.test') ? '302' : LA }) },
          )
        ).status,
        403,
      );
    }
    const analyst = { ...systemActor(LA), role: 'analyst' as const };
    await assert.rejects(bed.services.branding.update(analyst, LA, { councilName: 'X' }), AccessDeniedError);
    await assert.rejects(bed.services.branding.update(systemActor('302'), LA, { councilName: 'X' }), AccessDeniedError);
    await assert.rejects(bed.services.branding.logo(systemActor('302'), LA), AccessDeniedError);
    assert.match((await admin.get(paths.overview.build({ la: LA }))).text, /app-council-header__name">Council A</);
  });

  test('a failing branding service shows the error page', async () => {
    const service = bed.services.branding;
    const original = service.get;
    service.get = async () => {
      throw new Error('database gone');
    };
    try {
      const res = await admin.get(settings);
      assert.equal(res.status, 500);
      assert.match(res.text, /Sorry, there is a problem with the service/);
    } finally {
      service.get = original;
    }
  });
});
