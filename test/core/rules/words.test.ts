import { describe, expect, it } from 'vitest';
import {
  classifyStart,
  editDistance,
  fold,
  isStativeShape,
  laterConditionWords,
  nearestConditionWord,
  titleCase,
  toCondition,
} from '../../../src/core/rules/words.ts';

describe('toCondition', () => {
  it.each([
    ['Meningkatkan kualitas layanan', 'Meningkatnya Kualitas Layanan'],
    ['Menyediakan jaringan internet di desa blankspot', 'Tersedianya Jaringan Internet di Desa Blankspot'],
    ['Melaksanakan monitoring dan evaluasi KIM', 'Terlaksananya Monitoring dan Evaluasi KIM'],
    ['Rendahnya Pemanfaatan Data Sektoral', 'Meningkatnya Pemanfaatan Data Sektoral'],
    ['Rendahnya Akses/Jangkauan Layanan TIK', 'Meningkatnya Akses/Jangkauan Layanan TIK'],
    ['Belum optimalnya pengelolaan arsip daerah', 'Meningkatnya Pengelolaan Arsip Daerah'],
    ['Masih tingginya gangguan keamanan informasi', 'Menurunnya Gangguan Keamanan Informasi'],
    ['Tidak adanya SOP pengaduan masyarakat', 'Tersedianya SOP Pengaduan Masyarakat'],
    ['Belum terintegrasinya aplikasi perangkat daerah', 'Terintegrasinya Aplikasi Perangkat Daerah'],
    ['Pengelolaan Informasi dan Komunikasi Publik', 'Terkelolanya Informasi dan Komunikasi Publik'],
    ['Program Penyelenggaraan Statistik Sektoral', 'Terselenggaranya Statistik Sektoral'],
    [
      'Terlaksanannya Monitoring dan Evaluasi Kelompok Informasi Masyarakat (KIM)',
      'Terlaksananya Monitoring dan Evaluasi Kelompok Informasi Masyarakat (KIM)',
    ],
  ])('%s → %s', (input, expected) => {
    expect(toCondition(input)).toBe(expected);
  });

  it('has nothing to offer for a statement that already is a condition, or for plain nouns', () => {
    expect(toCondition('Tersedianya Media Publikasi Data')).toBeUndefined();
    expect(toCondition('Program')).toBeUndefined();
    expect(toCondition('Kualitas Layanan Publik')).toBeUndefined();
  });
});

describe('classifyStart', () => {
  it('tells condition words, unlisted stative words, verbs, problems and program names apart', () => {
    expect(classifyStart('Tersedianya Media Publikasi Data')).toMatchObject({
      kind: 'condition',
      listed: 'Tersedianya',
    });
    expect(classifyStart('MENINGKATNYA KUALITAS DATA')).toMatchObject({
      kind: 'condition',
      listed: 'Meningkatnya',
    });
    expect(classifyStart('Terkondisikannya Wilayah Rawan Bencana')).toMatchObject({
      kind: 'stative',
      listed: undefined,
    });
    expect(classifyStart('Mensosialisasikan keterbukaan informasi publik')).toEqual({
      kind: 'activeVerb',
      word: 'Mensosialisasikan',
      rest: 'keterbukaan informasi publik',
    });
    expect(classifyStart('Media Publikasi Data yang Tersedia')).toMatchObject({
      kind: 'other',
      word: 'Media',
    });
    expect(classifyStart('Menurunnya kualitas jaringan')).toMatchObject({ kind: 'problem' });
    expect(classifyStart('Sub Kegiatan Pengelolaan Nama Domain')).toMatchObject({
      kind: 'nomenclature',
      word: 'Sub Kegiatan',
      condition: 'Terkelolanya',
    });
  });
});

describe('word helpers', () => {
  it('recognises the stative shape', () => {
    expect(isStativeShape('Optimalnya')).toBe(true);
    expect(isStativeShape('Terkondisikannya')).toBe(true);
    expect(isStativeShape('Media')).toBe(false);
    expect(isStativeShape('nya')).toBe(false);
  });

  it('measures edit distance and finds the listed word a misspelling means', () => {
    expect(editDistance('terlaksanannya', 'terlaksananya')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
    expect(nearestConditionWord('Terlaksanannya')).toBe('Terlaksananya');
    expect(nearestConditionWord('Meningkatnnya')).toBe('Meningkatnya');
    expect(nearestConditionWord('Terkondisikannya')).toBeUndefined();
  });

  it('writes title case the way statements are written', () => {
    expect(titleCase('kualitas layanan dan pengamanan informasi yang berbasis SPBE')).toBe(
      'Kualitas Layanan dan Pengamanan Informasi yang Berbasis SPBE',
    );
    expect(titleCase('akses layanan TIK Dan e-Government')).toBe('Akses Layanan TIK dan e-Government');
  });

  it('folds case, spacing and punctuation', () => {
    expect(fold('  Meningkatnya  Akses Data Sektoral. ')).toBe(fold('meningkatnya akses data, sektoral'));
  });

  it('finds condition words after the first', () => {
    expect(laterConditionWords('Meningkatnya Kualitas Data dan Menurunnya Gangguan Jaringan')).toEqual([
      'Menurunnya',
    ]);
    expect(
      laterConditionWords('Meningkatnya Jumlah Data Sektoral yang Terpublikasikan pada Portal Satu Data'),
    ).toEqual([]);
  });
});
