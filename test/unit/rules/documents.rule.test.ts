import { describe, expect, it } from '@jest/globals';
import { dataset, find, run, type DocSpec } from '../../factories/dataset.factory.js';

/** §3.6–§3.7: documents on the software; outgoing ones with both digital signatures. */
describe('document_channel and digital_signature', () => {
  const rows: { name: string; doc: DocSpec; channel: string | undefined; signature: string | undefined }[] = [
    { name: 'an electronic incoming document', doc: { id: 'd' }, channel: 'met', signature: undefined },
    {
      name: 'a paper incoming document',
      doc: { id: 'd', channel: 'paper' },
      channel: 'violated',
      signature: undefined,
    },
    {
      name: 'an electronic outgoing document with both signatures',
      doc: { id: 'd', direction: 'outgoing' },
      channel: 'met',
      signature: 'met',
    },
    {
      name: 'an outgoing document without the signer’s signature',
      doc: { id: 'd', direction: 'outgoing', signatures: { agency: true, signer: false } },
      channel: 'met',
      signature: 'violated',
    },
    {
      name: 'a paper outgoing document without signatures',
      doc: { id: 'd', direction: 'outgoing', channel: 'paper', signatures: { agency: false, signer: false } },
      channel: 'violated',
      signature: 'violated',
    },
    {
      name: 'a confidential document',
      doc: { id: 'd', confidentiality: 'confidential' },
      channel: undefined,
      signature: undefined,
    },
    {
      name: 'a secret outgoing document',
      doc: { id: 'd', direction: 'outgoing', confidentiality: 'secret' },
      channel: undefined,
      signature: undefined,
    },
    {
      name: 'a document received after as-of',
      doc: { id: 'd', receivedAt: '2025-03-21 08:00' },
      channel: undefined,
      signature: undefined,
    },
    {
      name: 'a document issued after as-of',
      doc: { id: 'd', direction: 'outgoing', issuedAt: '2025-03-21 08:00' },
      channel: undefined,
      signature: undefined,
    },
  ];
  it.each(rows)('$name', ({ doc, channel, signature }) => {
    const result = run(dataset({ documents: [doc] }), { asOf: '2025-03-20 17:00' });
    expect(find(result, 'document_channel:d')?.status).toBe(channel);
    expect(find(result, 'digital_signature:d')?.status).toBe(signature);
  });

  it('belongs to the handling unit, to no person, in the phase of the receipt date', () => {
    const result = run(
      dataset({
        units: [{ id: 'TT' }],
        documents: [{ id: 'd', unitId: 'TT', receivedAt: '2025-06-02 08:00' }],
      }),
      {
        asOf: '2025-06-20 17:00',
      },
    );
    expect(find(result, 'document_channel:d')).toMatchObject({
      unitId: 'TT',
      personId: null,
      dueDate: null,
      phaseId: '2025-2',
    });
  });

  it('says what dated the receipt it takes as done, when the source said', () => {
    const result = run(
      dataset({
        documents: [
          { id: 'd', receivedAt: '2025-03-10 08:16', timeBasis: 'status' },
          { id: 'e', receivedAt: '2025-03-10 09:40' },
        ],
      }),
      { asOf: '2025-03-20 17:00' },
    );
    expect(find(result, 'document_channel:d')?.details).toEqual({
      direction: 'incoming',
      channel: 'electronic',
      timeBasis: 'status',
    });
    expect(find(result, 'document_channel:e')?.details).toEqual({
      direction: 'incoming',
      channel: 'electronic',
    });
  });

  it('outside every phase (November) has no phase', () => {
    const result = run(dataset({ documents: [{ id: 'd', receivedAt: '2025-11-10 08:00' }] }), {
      asOf: '2025-11-20 17:00',
    });
    expect(find(result, 'document_channel:d')?.phaseId).toBeNull();
  });
});
