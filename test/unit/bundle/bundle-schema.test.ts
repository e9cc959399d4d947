import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { RECORD_KINDS } from '../../../src/domain/model.js';
import { bundle, incoming, outgoing, secretDocument } from './bundle.factory.js';

/**
 * The published schema is what other systems validate their exports with, using off-the-shelf
 * tooling: it must stand on its own, in plain ajv with the standard formats.
 */
const schema = JSON.parse(
  readFileSync(new URL('../../../schemas/bundle.v1.json', import.meta.url), 'utf8'),
) as {
  $defs: Record<string, unknown>;
};
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);
const validate = ajv.compile(schema);
const example = JSON.parse(
  readFileSync(new URL('../../fixtures/examples/2024-basic/bundle.json', import.meta.url), 'utf8'),
) as unknown;

describe('schemas/bundle.v1.json', () => {
  it('has a definition for every record kind and for tombstones', () => {
    for (const kind of [...RECORD_KINDS, 'tombstone']) expect(Object.keys(schema.$defs)).toContain(kind);
  });

  it('accepts the worked example and the test factory bundle', () => {
    expect(validate(example)).toBe(true);
    expect(validate(bundle())).toBe(true);
  });

  it.each([
    ['another format', bundle({ format: 'dunghan.bundle.v2' })],
    ['no format', bundle({ format: undefined })],
    ['an incoming document without receivedAt', bundle({ documents: [incoming({ receivedAt: null })] })],
    ['an outgoing document without issuedAt', bundle({ documents: [outgoing({ issuedAt: undefined })] })],
    ['a document without a channel', bundle({ documents: [incoming({ channel: undefined })] })],
    [
      'a timestamp without an offset',
      bundle({ documents: [incoming({ receivedAt: '2025-03-10T08:05:00' })] }),
    ],
    ['a date off the calendar', bundle({ documents: [incoming({ date: '2025-02-30' })] })],
    ['a tombstone for a schedule', bundle({ deleted: [{ kind: 'weeklySchedule', id: 'x' }] })],
  ])('rejects %s', (_name, b) => {
    expect(validate(b)).toBe(false);
  });

  it('asks nothing of a confidential document beyond id, direction, confidentiality and date', () => {
    expect(
      validate(
        bundle({
          documents: [{ id: 's1', direction: 'incoming', confidentiality: 'secret', date: '2025-03-05' }],
        }),
      ),
    ).toBe(true);
    expect(
      validate(bundle({ documents: [secretDocument({ channel: undefined, receivedAt: undefined })] })),
    ).toBe(true);
  });

  it('allows fields it does not name', () => {
    expect(
      validate({ ...bundle(), exporter: { version: 3 }, documents: [incoming({ bookNumber: 12 })] }),
    ).toBe(true);
  });
});
