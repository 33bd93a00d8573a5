import { describe, expect, it } from 'vitest';
import { finding, formatFinding, messageKeys } from '../../../src/core/rules/messages.ts';

describe('finding', () => {
  it('fills the message with the quoted text, the parameters and the suggestion, in both languages', () => {
    const f = finding(
      'KND-02',
      'error',
      { path: '$.tree.children[0].statement', nodeId: 'bal.1' },
      'Meningkatkan kualitas layanan',
      { word: 'Meningkatkan' },
      { suggestion: 'Meningkatnya Kualitas Layanan' },
    );
    expect(f).toMatchObject({
      rule: 'KND-02',
      severity: 'error',
      nodeId: 'bal.1',
      path: '$.tree.children[0].statement',
      text: 'Meningkatkan kualitas layanan',
      suggestion: 'Meningkatnya Kualitas Layanan',
    });
    expect(f.message.id).toBe(
      'KND-02: “Meningkatkan kualitas layanan” diawali kata kerja aktif “Meningkatkan”: itu kegiatan, bukan kondisi. Tulis sebagai kondisi: “Meningkatnya Kualitas Layanan”.',
    );
    expect(f.message.en).toContain('Write it as a condition: “Meningkatnya Kualitas Layanan”');
  });

  it('picks the variant message by key rule.variant', () => {
    const f = finding(
      'KND-07',
      'warning',
      { path: '$.tree.statement' },
      'Meningkatnya Kinerja',
      { count: 2 },
      {
        variant: 'short',
      },
    );
    expect(f.rule).toBe('KND-07');
    expect(f.message.id).toContain('terlalu singkat (2 kata)');
    expect(f.nodeId).toBeUndefined();
  });

  it('refuses an unknown message key (a bug in a rule, not a user error)', () => {
    expect(() => finding('KND-99', 'error', { path: '$' }, 'x')).toThrow(/KND-99/);
  });

  it('formats one line with the severity word in the chosen language', () => {
    const f = finding('TRE-04', 'error', { path: '$.tree' }, 'Terwujudnya Infrastruktur TI');
    expect(formatFinding(f, 'id')).toMatch(/^Galat: TRE-04: Outcome “Terwujudnya Infrastruktur TI”/);
    expect(formatFinding(f, 'en')).toMatch(/^Error: TRE-04: The outcome/);
  });

  it('has every message in Bahasa Indonesia and English, with the same placeholders', () => {
    for (const key of messageKeys().filter((k) => !k.startsWith('severity.'))) {
      const dot = key.indexOf('.');
      const rule = dot < 0 ? key : key.slice(0, dot);
      const variant = dot < 0 ? undefined : key.slice(dot + 1);
      const probe = finding(rule, 'warning', { path: '$' }, 'X', {}, { variant });
      const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(placeholders(probe.message.id), key).toEqual(placeholders(probe.message.en));
    }
  });
});
