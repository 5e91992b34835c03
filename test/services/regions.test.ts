/**
 * Regions (issue 11, regional pooling), on SQLite and PostgreSQL: creating a region (all or
 * nothing, audited in each member), who sees it, and the regional forecast on three synthetic
 * councils: each member's figures are its own Forecast page's, the region's runs are the members'
 * runs added run by run (the mean adds up; the median and intervals do not), and a council outside
 * the region is refused. The arithmetic itself is worked by hand in test/engine/pooling.test.ts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hash } from '@node-rs/argon2';
import { AccessDeniedError, cliRegionActor, systemActor, type RegionActor } from '../../src/services/access.ts';
import { createAuditService } from '../../src/services/audit.ts';
import { createDataVersions } from '../../src/services/dataVersions.ts';
import { ConflictError, NotFoundError, UserInputError } from '../../src/services/errors.ts';
import { createForecastService } from '../../src/services/forecast.service.ts';
import {
  createRegion,
  createRegionsService,
  grantRegionAccess,
  type RegionForecast,
} from '../../src/services/regions.service.ts';
import { createUsersService } from '../../src/services/users.ts';
import { capacityView } from '../../src/services/capacity.ts';
import { upsertCapacity } from '../../src/store/sufficiency.repository.ts';
import { ensureCouncil } from '../../src/store/councils.repository.ts';
import { insertUser } from '../../src/store/users.repository.ts';
import { testDialects, type TestDatabase } from '../support/databases.ts';
import { importDemoCouncil } from '../support/demoCouncils.ts';

const NOW = () => new Date('2026-06-02T09:00:00Z');

for (const dialect of await testDialects()) {
  describe(`regions (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestDatabase;
    let rf: RegionForecast;
    const actor: RegionActor = cliRegionActor('NW-COOP', 'tester');

    before(async () => {
      t = await dialect.open();
      // Three synthetic councils; 301 and 302 form the region, 303 stays outside it.
      await importDemoCouncil(t.db, '301', { name: 'Council A', seed: 11 });
      await importDemoCouncil(t.db, '302', { name: 'Council B', seed: 12 });
      await importDemoCouncil(t.db, '303', { name: 'Council C', seed: 13 });
      await ensureCouncil(t.db, '304', 'Council D (no returns)');
    });
    after(() => t?.close());

    test('a region is created whole or not at all, with one clear message per problem', async () => {
      const audit = createAuditService(t.db, NOW);
      const create = (code: string, members: string[], name = 'North West co-operative') =>
        createRegion(t.db, audit, 'tester', { code, name, members }, NOW);
      await assert.rejects(
        create('NW COOP', ['301', '302']),
        (e: unknown) => e instanceof UserInputError && e.field === 'region',
      );
      await assert.rejects(create('NW', ['301']), /two or more member councils/);
      await assert.rejects(create('NW', ['301', '302', '301']), /Each council once: 301 given twice/);
      await assert.rejects(create('NW', ['301', '999', '998']), /No council with code 999, 998/);
      await assert.rejects(
        create('NW', ['301', '302'], ' '),
        (e: unknown) => e instanceof UserInputError && e.field === 'name',
      );
      const service = createRegionsService(t.db, createDataVersions(t.db, NOW));
      await assert.rejects(service.region(cliRegionActor('NW', 'tester'), 'NW'), NotFoundError);

      const made = await create('nw-coop', ['301', '302']);
      assert.equal(made.region.regionCode, 'NW-COOP');
      assert.deepEqual(
        made.members.map((m) => [m.laCode, m.councilName]),
        [
          ['301', 'Council A'],
          ['302', 'Council B'],
        ],
      );
      await assert.rejects(create('NW-COOP', ['301', '303']), ConflictError);
      // The refused attempt added nothing: the members are still 301 and 302.
      const { members } = await service.region(actor, 'NW-COOP');
      assert.deepEqual(
        members.map((m) => m.laCode),
        ['301', '302'],
      );
      // Each member's own log records that it joined; the council outside records nothing.
      for (const la of ['301', '302']) {
        const log = await audit.list(systemActor(la), la, { action: 'region.joined' });
        assert.equal(log.total, 1, la);
        assert.equal(log.entries[0]?.actor, 'cli:tester');
      }
      assert.equal((await audit.list(systemActor('303'), '303', { action: 'region.joined' })).total, 0);
    });

    test('a person is given a region only with an account; they then have it in their session, and a council member does not', async () => {
      const audit = createAuditService(t.db, NOW);
      await assert.rejects(
        grantRegionAccess(t.db, audit, 'tester', { region: 'NW-COOP', email: 'nobody@x.test' }),
        /No account for nobody@x.test/,
      );
      await assert.rejects(
        grantRegionAccess(t.db, audit, 'tester', { region: 'NOPE', email: 'a@x.test' }),
        NotFoundError,
      );
      const passwordHash = await hash('a-password-long-enough');
      const regional = await insertUser(t.db, {
        email: 'regional@x.test',
        passwordHash,
        createdAt: NOW().toISOString(),
      });
      const member = await insertUser(t.db, { email: 'member@a.test', passwordHash, createdAt: NOW().toISOString() });
      const users = createUsersService(t.db, audit, NOW);
      await users.addMember(systemActor('301'), '301', { email: 'member@a.test', role: 'viewer', password: '' });
      await grantRegionAccess(t.db, audit, 'tester', { region: 'nw-coop', email: 'Regional@x.test' });
      const r = await users.sessionUser(regional);
      assert.deepEqual(r?.regions, [{ regionCode: 'NW-COOP', name: 'North West co-operative' }]);
      assert.deepEqual(r?.memberships, [], 'regional access is not membership of the councils');
      const m = await users.sessionUser(member);
      assert.deepEqual(m?.regions, [], "a council's own people do not see its region");
      assert.deepEqual(
        m?.memberships.map((x) => x.laCode),
        ['301'],
      );
      const log = await audit.list(systemActor('302'), '302', { action: 'region.user_added' });
      assert.equal(log.total, 1);
    });

    test(
      "the region's forecast: members as on their own pages, runs added run by run",
      { timeout: 600_000 },
      async () => {
        const dataVersions = createDataVersions(t.db, NOW);
        const regions = createRegionsService(t.db, dataVersions);
        rf = await regions.forecast(actor, 'NW-COOP');
        assert.deepEqual(
          rf.members.map((m) => m.laCode),
          ['301', '302'],
        );
        assert.deepEqual(rf.withoutData, []);
        assert.equal(rf.startsDiffer, false);
        assert.equal(rf.pooled.start, '2026-03-31');
        assert.ok(rf.pooled.months.length === 36);
        // Each member's figures are exactly its own Forecast page's (same function, parameters and seed).
        const forecasts = createForecastService(t.db, dataVersions);
        for (const m of rf.members) {
          const own = await forecasts.forecast(systemActor(m.laCode), m.laCode);
          assert.deepEqual(m.forecast.months, own.months, m.laCode);
          assert.equal(m.forecast.childrenAtStart, own.childrenAtStart);
        }
        const [a, b] = rf.members;
        assert.ok(a && b);
        assert.equal(rf.pooled.childrenAtStart, a.forecast.childrenAtStart + b.forecast.childrenAtStart);
        let medianDiffers = 0;
        rf.pooled.months.forEach((month, i) => {
          const qa = a.forecast.months[i]?.total;
          const qb = b.forecast.months[i]?.total;
          assert.ok(qa && qb);
          // The mean of the sums is the sum of the means (to rounding in the last place).
          assert.ok(Math.abs(month.total.mean - (qa.mean + qb.mean)) < 1e-9, `mean at ${month.month}`);
          if (month.total.p50 !== qa.p50 + qb.p50) medianDiffers++;
          // Adding the members' intervals overstates the region's: its 80% interval is no wider.
          assert.ok(month.total.p90 - month.total.p10 <= qa.p90 - qa.p10 + (qb.p90 - qb.p10) + 1e-9, month.month);
        });
        assert.ok(medianDiffers > 0, 'the median of the sum is not the sum of the medians in general');
        const last = rf.pooled.months[rf.pooled.months.length - 1];
        const la = a.forecast.months[a.forecast.months.length - 1]?.total;
        const lb = b.forecast.months[b.forecast.months.length - 1]?.total;
        assert.ok(last && la && lb);
        assert.ok(
          last.total.p90 - last.total.p10 < la.p90 - la.p10 + (lb.p90 - lb.p10),
          'at the horizon the regional 80% interval is strictly narrower than the sum of the members’',
        );
        // The history and the placement mix add the members' counts (numerator and denominator).
        const h = rf.pooled.history[rf.pooled.history.length - 1];
        const ha = a.forecast.history[a.forecast.history.length - 1];
        const hb = b.forecast.history[b.forecast.history.length - 1];
        assert.ok(h && ha && hb);
        assert.equal(h.total, ha.total + hb.total);
        const mix = rf.mix.fostering[rf.mix.fostering.length - 1];
        assert.ok(mix && a.mix && b.mix);
        assert.equal(mix.inHouse, a.mix.fostering.inHouse + b.mix.fostering.inHouse);
        assert.equal(mix.external, a.mix.fostering.external + b.mix.fostering.external);
        assert.equal(mix.inHouseShare, mix.inHouse / (mix.inHouse + mix.external));
        // Asked again: the same object from the cache.
        assert.equal(await regions.forecast(actor, 'NW-COOP'), rf);
      },
    );

    test('a regional actor is refused other regions and councils outside its region', async () => {
      const regions = createRegionsService(t.db, createDataVersions(t.db, NOW));
      await assert.rejects(regions.memberForecast(actor, 'NW-COOP', '303'), AccessDeniedError);
      await assert.rejects(regions.forecast(cliRegionActor('OTHER', 'x'), 'NW-COOP'), AccessDeniedError);
      await assert.rejects(regions.memberForecast(cliRegionActor('OTHER', 'x'), 'NW-COOP', '301'), AccessDeniedError);
      const member = await regions.memberForecast(actor, 'NW-COOP', '301');
      assert.equal(member.councilName, 'Council A');
      assert.deepEqual(member.forecast.months, rf.members[0]?.forecast.months);
    });

    test(
      "the region's capacity: members as on their own Sufficiency pages, capacity shared beside the members' own gaps",
      { timeout: 600_000 },
      async () => {
        const regions = createRegionsService(t.db, createDataVersions(t.db, NOW));
        // No capacity recorded yet: both members are left out, and the region has no months.
        const none = await regions.capacity(actor, 'NW-COOP');
        assert.deepEqual(none.withoutCapacity, ['301', '302']);
        assert.deepEqual(none.months, []);
        // 301 has little room and 302 a lot (from April 2026, the forecast's first month).
        await upsertCapacity(
          t.db,
          '301',
          { month: '2026-04', fosteringHouseholds: 5, fosteringPlaces: 8, homeBeds: 0 },
          NOW().toISOString(),
        );
        await upsertCapacity(
          t.db,
          '302',
          { month: '2026-04', fosteringHouseholds: 200, fosteringPlaces: 400, homeBeds: 40 },
          NOW().toISOString(),
        );
        const rc = await regions.capacity(actor, 'NW-COOP');
        assert.deepEqual(rc.included, ['301', '302']);
        assert.deepEqual([rc.withoutData, rc.withoutCapacity, rc.startsDiffer], [[], [], false]);
        // Each member's figures are its own Sufficiency page's.
        for (const m of rc.members) {
          const own = await capacityView(t.db, systemActor(m.laCode), m.laCode);
          assert.deepEqual(m.view.months, own.months, m.laCode);
          assert.deepEqual(m.view.years, own.years, m.laCode);
        }
        const [a, b] = rc.members;
        assert.ok(a && b);
        assert.equal(rc.months.length, 36);
        let sharingHelps = 0;
        rc.months.forEach((m, i) => {
          const ma = a.view.months[i];
          const mb = b.view.months[i];
          assert.ok(ma && mb && ma.month === m.month && mb.month === m.month);
          // Regional demand and places are the members' added; the gap is theirs net, never below 0.
          const demand = ma.fosteringDemand + mb.fosteringDemand;
          assert.ok(Math.abs(m.fostering.demand - demand) < 1e-9);
          assert.equal(m.fostering.capacity, 408);
          assert.ok(Math.abs(m.fostering.regionalGap - Math.max(0, demand - 408)) < 1e-9);
          // Beside it, the members' own gaps and their own costs, added.
          assert.ok(Math.abs(m.fostering.membersGap - ((ma.fosteringGap ?? 0) + (mb.fosteringGap ?? 0))) < 1e-9);
          assert.equal(m.fostering.membersGapPence, (ma.fosteringGapPence ?? 0) + (mb.fosteringGapPence ?? 0));
          assert.equal(
            m.fostering.regionalGapPence + m.fostering.sharingSavesPence,
            m.fostering.membersGapPence,
            m.month,
          );
          assert.ok(m.fostering.sharingSaves >= 0 && m.fostering.sharingSavesPence >= 0);
          if (m.fostering.sharingSavesPence > 0) sharingHelps++;
        });
        // 301's children beyond its 8 places fit in 302's spare places.
        assert.ok(sharingHelps > 0, 'sharing 302’s spare places saves what 301 would buy');
        // By financial year: the rounded months added, as the members' pages add theirs.
        const yearsA = a.view.years;
        const yearsB = b.view.years;
        for (const y of rc.years) {
          const fy: number = y.financialYear;
          const ownA = yearsA.find((x) => x.financialYear === fy);
          const ownB = yearsB.find((x) => x.financialYear === fy);
          assert.equal(y.fostering.membersGapPence, (ownA?.fosteringGapPence ?? 0) + (ownB?.fosteringGapPence ?? 0));
          assert.equal(
            y.residential.membersGapPence,
            (ownA?.residentialGapPence ?? 0) + (ownB?.residentialGapPence ?? 0),
          );
        }
        // A regional actor of another region is refused.
        await assert.rejects(regions.capacity(cliRegionActor('OTHER', 'x'), 'NW-COOP'), AccessDeniedError);
      },
    );

    test('a member with no returns is listed and left out of the region', { timeout: 600_000 }, async () => {
      const audit = createAuditService(t.db, NOW);
      await createRegion(
        t.db,
        audit,
        'tester',
        { code: 'WITH-EMPTY', name: 'With an empty member', members: ['301', '304'] },
        NOW,
      );
      const regions = createRegionsService(t.db, createDataVersions(t.db, NOW));
      const r = await regions.forecast(cliRegionActor('WITH-EMPTY', 'tester'), 'WITH-EMPTY');
      assert.deepEqual(r.withoutData, ['304']);
      assert.deepEqual(r.pooled.months, r.members[0]?.forecast.months);
    });
  });
}
