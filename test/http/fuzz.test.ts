import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, afterEach, describe, test } from 'node:test';
import fc from 'fast-check';
import { deepArray } from './fuzz/inputs.ts';
import {
  adminSignIns,
  type FuzzRequest,
  headerRequests,
  mutatedBodies,
  pathAndQuery,
  rawBodies,
  unknownRoutes,
  validRequests,
} from './fuzz/requests.ts';
import {
  changedTables,
  fingerprint,
  guideCodes,
  type Operation,
  problemsOf,
  SEED,
  send,
  show,
  world,
} from './fuzz/world.ts';

/**
 * Fuzzing every operation of the server's own /openapi.json: valid requests built from the
 * request schemas, then mutated (fields dropped, wrong types, numbers at and past their bounds,
 * oversized, NUL and lone-surrogate text, deep nesting, bodies of the wrong kind, odd paths,
 * query strings and headers). Every answer must be below 500, every error a problem document
 * with a code its operation documents, a refused request must not change any table, and the
 * server must still answer /health. Runs with a fixed seed (FUZZ_SEED replays another); about
 * 2,500 requests in process, and a few over a real socket for what `inject` cannot send.
 */
const w = await world();
after(() => w.h.close());

const RUNS = { valid: 10, body: 20, raw: 10, pathQuery: 12, headers: 6, unknown: 40, admin: 30 };
const SHRINK = process.env.FUZZ_SHRINK === 'true';
/** FUZZ_SURVEY=true: every property runs to the end and the violations are listed by kind, not thrown. */
const SURVEY = process.env.FUZZ_SURVEY === 'true';
const survey = new Map<string, { count: number; example: string }>();
let requests = 0;
let fingerprintMs = 0;
const started = performance.now();

/**
 * The tables' fingerprint, kept from the last one taken while only refusals came in between: most
 * fuzz requests are refused, so most need one new fingerprint rather than two.
 */
let lastFingerprint: { withIdempotency: boolean; value: Record<string, string> } | undefined;

async function timedFingerprint(withIdempotency: boolean) {
  if (lastFingerprint?.withIdempotency === withIdempotency) return lastFingerprint.value;
  const start = performance.now();
  const value = await fingerprint(w.h, withIdempotency);
  fingerprintMs += performance.now() - start;
  lastFingerprint = { withIdempotency, value };
  return value;
}

const documented = (op: Operation | undefined) => (op ? op.codes : guideCodes());

interface CheckOptions {
  /** Check only for 5xx (the admin answers HTML pages). */
  problems?: boolean;
  /** The status the answer must have. */
  status?: number;
}

/** Sends one request and checks the answer, the refusal it must be and the tables it must not touch. */
async function check(fuzz: FuzzRequest, op: Operation | undefined, options: CheckOptions = {}) {
  if (op?.path === '/v1/checkout/code-checks') w.h.clock.advance(61_000); // past the per-minute limits
  const writes = fuzz.request.method !== 'GET';
  const before = writes ? await timedFingerprint(!fuzz.idempotencyKey) : undefined;
  const sent = await send(w.h, fuzz.request);
  requests++;
  lastFingerprint = undefined;
  const problems =
    options.problems === false
      ? sent.status >= 500
        ? [`answered ${sent.status}`]
        : []
      : problemsOf(sent, documented(op));
  if (fuzz.mustRefuse && sent.status < 400) problems.push(`accepted (${fuzz.mustRefuse})`);
  if (options.status !== undefined && sent.status !== options.status)
    problems.push(`answered ${sent.status}, not ${options.status}`);
  if (before && sent.status >= 400 && sent.status < 500) {
    const changed = changedTables(before, await timedFingerprint(!fuzz.idempotencyKey));
    if (changed.length) problems.push(`refused with ${sent.status} but changed ${changed.join(', ')}`);
  }
  if (!problems.length) return;
  const message = `${problems.join('; ')}\n    ${show(sent)}`;
  if (!SURVEY) throw new Error(message);
  for (const problem of problems) {
    const kind = `${op ? `${op.method} ${op.path}` : fuzz.request.url.split('?')[0]!.slice(0, 40)}: ${problem.replace(/\d{3,}/g, 'N')}`;
    const seen = survey.get(kind);
    if (seen) seen.count++;
    else survey.set(kind, { count: 1, example: show(sent) });
  }
}

function property(
  arbitrary: fc.Arbitrary<FuzzRequest>,
  numRuns: number,
  run: (fuzz: FuzzRequest) => Promise<void>,
) {
  return fc.assert(fc.asyncProperty(arbitrary, run), { seed: SEED, numRuns, endOnFailure: !SHRINK });
}

function report() {
  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  console.log(
    `fuzz: ${requests} requests in ${seconds(performance.now() - started)} s (${seconds(fingerprintMs)} s of table fingerprints), seed ${SEED}`,
  );
  if (!SURVEY) return;
  for (const [kind, { count, example }] of [...survey].sort(([a], [b]) => a.localeCompare(b)))
    console.log(`${kind} (${count}x)\n    ${example}`);
}

afterEach(async () => {
  const health = await w.h.app.inject({ method: 'GET', url: '/health' });
  assert.equal(health.statusCode, 200, 'the server still answers /health');
});

for (const op of w.operations) {
  describe(`fuzz ${op.method} ${op.path}`, () => {
    const run = (fuzz: FuzzRequest) => check(fuzz, op);
    test('valid requests', () => property(validRequests(w, op), RUNS.valid, run));
    const withBody = op.body ? { ...op, body: op.body } : undefined;
    if (withBody) test('mutated bodies', () => property(mutatedBodies(w, withBody), RUNS.body, run));
    test('bodies of the wrong kind', () => property(rawBodies(w, op), RUNS.raw, run));
    if (op.params.length || op.query.length)
      test('path ids and query parameters', () => property(pathAndQuery(w, op), RUNS.pathQuery, run));
    test('keys and headers', () => property(headerRequests(w, op), RUNS.headers, run));
  });
}

describe('fuzz outside the described routes', () => {
  test('an unknown path is 404 route_not_found whatever its method and body', () =>
    property(unknownRoutes(w), RUNS.unknown, (fuzz) => check(fuzz, undefined, { status: 404 })));

  test('the admin sign-in takes any form or JSON body without failing or writing', () =>
    property(adminSignIns(), RUNS.admin, (fuzz) => check(fuzz, undefined, { problems: false })));
});

/** One raw HTTP/1.1 exchange: the status line, headers and body of the answer. */
function exchange(
  port: number,
  raw: Buffer | string,
): Promise<{ status: number; type: string; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer within 10 s')));
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
      const type = /\r\ncontent-type: *([^\r\n]*)/i.exec(head)?.[1] ?? '';
      resolve({ status, type, text: rest.join('\r\n\r\n') });
    });
    socket.end(raw);
  });
}

describe('fuzz over a real socket', () => {
  const auth = `Authorization: Bearer ${w.h.keys.full}\r\n`;
  const deep = deepArray(10_000);
  const big = 'x'.repeat(2_000_000);
  const cases: { name: string; raw: Buffer | string }[] = [
    {
      name: 'bad percent-encoding',
      raw: `GET /v1/orders/%E0%A4%A HTTP/1.1\r\nHost: x\r\n${auth}Connection: close\r\n\r\n`,
    },
    {
      name: 'raw non-ASCII bytes in the path',
      raw: Buffer.concat([
        Buffer.from('GET /v1/orders/'),
        Buffer.from([0xff, 0xfe, 0xed, 0xa0, 0x80]),
        Buffer.from(` HTTP/1.1\r\nHost: x\r\n${auth}Connection: close\r\n\r\n`),
      ]),
    },
    {
      name: 'a path longer than the header limit',
      raw: `GET /v1/orders/${'x'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n${auth}Connection: close\r\n\r\n`,
    },
    {
      name: 'a chunked body over 1 MB',
      raw: `POST /v1/orders HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${big.length.toString(16)}\r\n${big}\r\n0\r\n\r\n`,
    },
    {
      name: 'a bad chunk size',
      raw: `POST /v1/orders HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
    },
    {
      name: 'deep JSON',
      raw: `POST /v1/orders HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: ${deep.length}\r\nConnection: close\r\n\r\n${deep}`,
    },
    {
      name: 'a body shorter than its Content-Length',
      raw: `POST /v1/orders HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: 10\r\nConnection: close\r\n\r\n{}`,
    },
  ];
  let port = 0;
  test('the server listens', async () => {
    await w.h.app.listen({ port: 0, host: '127.0.0.1' });
    const address = w.h.app.server.address();
    port = typeof address === 'object' && address ? address.port : 0;
    assert.ok(port);
  });
  for (const c of cases) {
    test(c.name, async () => {
      const answer = await exchange(port, c.raw);
      requests++;
      const shown = `${c.name} -> ${answer.status} ${answer.type} ${answer.text.slice(0, 160)}`;
      const problems = problemsOf({ ...answer, request: { method: 'RAW', url: c.name } }, undefined);
      if (answer.status < 400) problems.push('accepted');
      if (problems.length && SURVEY)
        survey.set(`socket: ${c.name}: ${problems.join('; ')}`, { count: 1, example: shown });
      else assert.deepEqual(problems, [], shown);
    });
  }
  test('the process still answers over the socket', async () => {
    const answer = await exchange(port, 'GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.equal(answer.status, 200);
    report();
  });
});
