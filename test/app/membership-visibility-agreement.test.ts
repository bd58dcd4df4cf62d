import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { checkoutFacts } from '../../src/app/checkout/checkout-context.ts';
import { isMemberSql } from '../../src/app/members/is-member-sql.ts';
import { programVisibleSql, versionSelectedSql } from '../../src/app/program/program-visible-sql.ts';
import { isMember, isMemberJoinedBy } from '../../src/domain/members/is-member.ts';
import { type Membership, wasMemberAt } from '../../src/domain/members/membership.ts';
import {
  type ProgramVisibility,
  programVisible,
  versionSelected,
} from '../../src/domain/program/program-visible.ts';
import { presetSettings } from '../../src/domain/program/settings.ts';
import { type TestDatabase, testDatabase } from '../support/database.ts';

/**
 * Two rules, each with one definition in src/domain and one SQL form built next to it: "the
 * program is visible in this store version" (`programVisible`, `versionSelected`) and "is a member
 * now" (`isMember`). Every combination in the tables below is stored, evaluated by the SQL the
 * checkout runs (the batched form: `json_to_recordset` left joined to programs and members, and
 * `checkoutFacts`' single-row form), and compared with the function. Runs on PGlite, or on
 * PostgreSQL with TEST_DATABASE_URL.
 */

const NOW = new Date('2026-06-15T10:00:00Z');
const at = (iso: string) => new Date(`${iso}T12:00:00Z`);

type Status = 'draft' | 'published' | 'none';
type Selection = 'empty' | 'other' | 'only' | 'among';
type VersionKind = 'plain' | 'requires_login' | 'unknown';

const VERSION_ID: Record<VersionKind, string> = {
  plain: 'web',
  requires_login: 'b2b',
  unknown: 'ghost',
};

function storeVersionIds(selection: Selection, id: string): string[] {
  switch (selection) {
    case 'empty':
      return [];
    case 'other':
      return ['other'];
    case 'only':
      return [id];
    case 'among':
      return ['other', id];
  }
}

interface VisibilityCase {
  name: string;
  shopId: string;
  versionId: string;
  program: ProgramVisibility | null;
}

const visibilityCases: VisibilityCase[] = [];
for (const status of ['draft', 'published', 'none'] as Status[]) {
  for (const selection of ['empty', 'other', 'only', 'among'] as Selection[]) {
    for (const kind of ['plain', 'requires_login', 'unknown'] as VersionKind[]) {
      if (status === 'none' && selection !== 'empty') continue;
      const versionId = VERSION_ID[kind];
      visibilityCases.push({
        name: `program ${status}, version ${selection === 'only' || selection === 'among' ? `selected (${selection})` : `not selected (${selection})`}, version ${kind}`,
        shopId: `v${visibilityCases.length}`,
        versionId,
        program:
          status === 'none'
            ? null
            : {
                status,
                settings: presetSettings('P', { storeVersionIds: storeVersionIds(selection, versionId) }),
              },
      });
    }
  }
}

interface MemberCase {
  name: string;
  membership: Membership | null;
  /** The moment an order is placed, for the two moment rules shown alongside. */
  moment: Date;
  /** Expected from the rules, written out so that the table documents them. */
  joinedBy: boolean;
  wasAt: boolean;
}

/** The table's memberships: joined in February, the same left in April, rejoined in May. */
const JOINED_FEB: Membership = { joinedAt: at('2026-02-01'), leftAt: null };
const LEFT_APRIL: Membership = { joinedAt: at('2026-02-01'), leftAt: at('2026-04-01') };
const REJOINED_MAY: Membership = { joinedAt: at('2026-05-01'), leftAt: null };

// [name, membership, moment, joined by the moment, a member at the moment]
const memberRows: [string, Membership | null, string, boolean, boolean][] = [
  ['never joined', null, '2026-03-01', false, false],
  ['joined, moment after joining', JOINED_FEB, '2026-03-01', true, true],
  ['joined, moment before joining', JOINED_FEB, '2026-01-01', false, false],
  ['joined, moment exactly at joining', JOINED_FEB, '2026-02-01', true, true],
  ['left, moment after leaving', LEFT_APRIL, '2026-05-01', false, false],
  ['left, moment before leaving (a member then, not now)', LEFT_APRIL, '2026-03-01', false, true],
  ['left, moment exactly at leaving', LEFT_APRIL, '2026-04-01', false, false],
  ['rejoined, moment after rejoining', REJOINED_MAY, '2026-06-01', true, true],
  [
    'rejoined, moment in the first membership (the row only knows the last join)',
    REJOINED_MAY,
    '2026-03-01',
    false,
    false,
  ],
];
const memberCases: MemberCase[] = memberRows.map(([name, membership, moment, joinedBy, wasAt]) => ({
  name,
  membership,
  moment: at(moment),
  joinedBy,
  wasAt,
}));

describe('program visibility and membership: the SQL agrees with the rules', () => {
  let database: TestDatabase;
  const MEMBER_SHOP = 'members';

  before(async () => {
    database = await testDatabase();
    const db = database.db;
    const shopIds = [...visibilityCases.map((c) => c.shopId), MEMBER_SHOP];
    await db
      .insertInto('shops')
      .values(shopIds.map((id) => ({ id, name: id, created_at: NOW })))
      .execute();
    await db
      .insertInto('store_versions')
      .values(
        shopIds.flatMap((shop_id) => [
          { shop_id, id: VERSION_ID.plain, name: 'Web', requires_login: false, created_at: NOW },
          { shop_id, id: VERSION_ID.requires_login, name: 'B2B', requires_login: true, created_at: NOW },
          { shop_id, id: 'other', name: 'Other', requires_login: false, created_at: NOW },
        ]),
      )
      .execute();
    const programs = visibilityCases.filter((c) => c.program !== null);
    await db
      .insertInto('programs')
      .values([
        ...programs.map((c) => ({
          shop_id: c.shopId,
          settings: JSON.stringify(c.program!.settings),
          status: c.program!.status,
          created_at: NOW,
          updated_at: NOW,
        })),
        {
          shop_id: MEMBER_SHOP,
          settings: JSON.stringify(presetSettings('P', { storeVersionIds: [VERSION_ID.plain] })),
          status: 'published' as const,
          created_at: NOW,
          updated_at: NOW,
        },
      ])
      .execute();
    await db
      .insertInto('customers')
      .values(
        memberCases.map((_, i) => ({
          shop_id: MEMBER_SHOP,
          id: `c${i}`,
          registered_at: NOW,
          created_at: NOW,
          updated_at: NOW,
        })),
      )
      .execute();
    const members = memberCases.flatMap((c, i) =>
      c.membership?.joinedAt
        ? [
            {
              shop_id: MEMBER_SHOP,
              customer_id: `c${i}`,
              join_source: 'admin' as const,
              joined_at: c.membership.joinedAt,
              left_at: c.membership.leftAt,
            },
          ]
        : [],
    );
    await db.insertInto('members').values(members).execute();
  });
  after(() => database.close());

  test('every case of the visibility table, batched as the code check runs it', async () => {
    const keys = visibilityCases.map((c, idx) => ({ idx, shop_id: c.shopId, version_id: c.versionId }));
    const { rows } = await sql<{ idx: number; visible: boolean; selected: boolean }>`
      select i.idx,
             ${programVisibleSql('p', sql.ref('i.version_id'))} as visible,
             ${versionSelectedSql('p', sql.ref('i.version_id'))} as selected
      from json_to_recordset(${JSON.stringify(keys)}::json) as i(idx int, shop_id text, version_id text)
      left join programs p on p.shop_id = i.shop_id
      order by i.idx`.execute(database.db);
    assert.equal(rows.length, visibilityCases.length);
    for (const [i, c] of visibilityCases.entries()) {
      assert.deepEqual(
        { visible: rows[i]!.visible, selected: rows[i]!.selected },
        {
          visible: programVisible(c.program, c.versionId),
          selected: versionSelected(c.program?.settings ?? null, c.versionId),
        },
        c.name,
      );
    }
    // The table does reach both answers.
    assert.ok(visibilityCases.some((c) => programVisible(c.program, c.versionId)));
    assert.ok(visibilityCases.some((c) => !programVisible(c.program, c.versionId)));
  });

  test('every case of the visibility table, one at a time as checkoutFacts reads it', async () => {
    for (const c of visibilityCases) {
      if (c.program === null) {
        await assert.rejects(checkoutFacts(database.db, c.shopId, c.versionId, 'nobody'), {
          code: 'program_not_found',
        });
        continue;
      }
      const facts = await checkoutFacts(database.db, c.shopId, c.versionId, 'nobody');
      assert.equal(facts.programVisible, programVisible(c.program, c.versionId), c.name);
      assert.equal(facts.isMember, false, c.name);
    }
  });

  test('every case of the membership table, batched and one at a time', async () => {
    const keys = [
      ...memberCases.map((_, idx) => ({ idx, customer_id: `c${idx}` })),
      { idx: memberCases.length, customer_id: 'not-a-customer' },
    ];
    const { rows } = await sql<{ idx: number; is_member: boolean }>`
      select i.idx, ${isMemberSql('m')} as is_member
      from json_to_recordset(${JSON.stringify(keys)}::json) as i(idx int, customer_id text)
      left join members m on m.shop_id = ${MEMBER_SHOP} and m.customer_id = i.customer_id
      order by i.idx`.execute(database.db);
    assert.equal(rows.length, keys.length);
    for (const [i, c] of memberCases.entries()) {
      assert.equal(rows[i]!.is_member, isMember(c.membership), c.name);
      const facts = await checkoutFacts(database.db, MEMBER_SHOP, VERSION_ID.plain, `c${i}`);
      assert.deepEqual(facts, { programVisible: true, isMember: isMember(c.membership) }, c.name);
      // The moment rules built on it, as the table states them.
      assert.equal(isMemberJoinedBy(c.membership, c.moment), c.joinedBy, `${c.name}: joined by`);
      assert.equal(wasMemberAt(c.membership ?? { joinedAt: null, leftAt: null }, c.moment), c.wasAt, c.name);
    }
    assert.equal(rows[memberCases.length]!.is_member, isMember(null), 'unknown customer');
    assert.ok(memberCases.some((c) => isMember(c.membership)));
    assert.ok(memberCases.some((c) => !isMember(c.membership)));
  });
});
