import { createHash } from 'node:crypto';
import { decodeGlobalId, encodeGlobalId, planGlobalId } from '../../src/schema/ids';
import { keyFingerprint } from '../../src/tenant/fingerprint';

const ORG = '0b8e6a3e-6a53-4c53-9b87-0d1f6c1a2b3c';
const PLAN = '5f0c2d8e-1a2b-4c3d-8e9f-0a1b2c3d4e5f';

describe('global ids', () => {
  it('a bare UUID is never a global id, in either case', () => {
    expect(decodeGlobalId(ORG)).toBeNull();
    expect(decodeGlobalId(ORG.toUpperCase())).toBeNull();
  });

  it('the shortest global id is longer than a UUID, so the shortcut never hides one', () => {
    const shortest = encodeGlobalId('PartnerPlan', [ORG, 'p']);
    expect(shortest.length).toBeGreaterThan(36);
    expect(decodeGlobalId(shortest)).toEqual({ type: 'PartnerPlan', parts: [ORG, 'p'] });
    expect(decodeGlobalId(planGlobalId(ORG, PLAN))).toEqual({ type: 'CommitmentPlan', parts: [ORG, PLAN] });
  });
});

describe('keyFingerprint', () => {
  const expected = (key: string): string =>
    createHash('sha256').update(`archera-graphql:${key}`).digest('hex').slice(0, 16);

  it('is the salted SHA-256 prefix, the same on every call', () => {
    expect(keyFingerprint('key-a')).toBe(expected('key-a'));
    expect(keyFingerprint('key-a')).toBe(expected('key-a'));
    expect(keyFingerprint('key-b')).not.toBe(keyFingerprint('key-a'));
  });

  it('stays right for keys beyond what it remembers', () => {
    for (let i = 0; i < 3000; i++) keyFingerprint(`many-${i}`);
    expect(keyFingerprint('many-0')).toBe(expected('many-0'));
    expect(keyFingerprint('many-2999')).toBe(expected('many-2999'));
    expect(keyFingerprint('key-a')).toBe(expected('key-a'));
  });
});
