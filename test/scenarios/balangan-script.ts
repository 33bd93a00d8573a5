/**
 * A newcomer's drafting session for Diskominfosan Balangan, Tahap by Tahap: each line as typed in the
 * terminal and a piece of the reply it must get. Shared by the scenario and command tests.
 */
export const TAHAP_1: Array<[string, string]> = [
  ['Mulai', 'Apa nama Perangkat Daerah Anda?'],
  ['Dinas Komunikasi, Informatika, Statistik dan Persandian', 'Di kabupaten/kota/provinsi mana?'],
  ['Kabupaten Balangan', 'Periode Renstra-nya?'],
  ['2025–2029', 'Apa mandat atau tugas-fungsi'],
  ['Urusan komunikasi dan informatika, statistik, dan persandian', 'Sudah (1):'],
  ['Selesai ✓', 'Apa masalah utama di bidang Anda?'],
  ['Rendahnya Tingkat Keamanan Informasi', '• Rendahnya Tingkat Keamanan Informasi'],
  ['Selesai ✓', 'Apa harapan pemangku kepentingan'],
  ['Lewati', 'Apa kondisi akhir (outcome) yang ingin dicapai?'],
  ['Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas', 'Ringkasan Tahap 1:'],
  ['Simpan & lanjut ke Tahap 2', 'Pohon kinerja tersimpan ✓ Tahap 1 selesai.'],
];

export const TAHAP_2_3: Array<[string, string]> = [
  ['Meningkatnya Tingkat Keamanan Informasi', 'Tersimpan ✓ 1 (CSF).'],
  ['Selesai ✓', 'Tahap 2 lolos pemeriksaan ✓'],
  ['Lanjut ke Tahap 3 ▶', '[Tahap 3/5 · Kondisi Antara Utama 1/1]'],
  ['1', 'Tersimpan ✓ 1.1 (Kondisi Antara Utama).'],
  ['Cukup, lanjut ▶', 'agar «Meningkatnya Kualitas Tata Kelola Keamanan Informasi» terwujud?'],
  ['1', 'Tersimpan ✓ 1.1.1 (Kondisi Antara).'],
  ['Cukup, lanjut ▶', '[Tahap 3/5 · Kondisi Operasional 3/3]'],
  ['1', 'Tersimpan ✓ 1.1.1.1 (Kondisi Operasional).'],
  ['Cukup, lanjut ▶', 'Tahap 3 lolos pemeriksaan ✓'],
];

export const TAHAP_4: Array<[string, string]> = [
  ['Lanjut ke Tahap 4 ▶', '[Tahap 4/5 · Indikator 1/5]'],
  ['Indeks Infrastruktur Teknologi Informasi [Indeks]', 'Indikator tersimpan ✓ (0).'],
  ['Lanjut ▶', 'Indikator untuk «Meningkatnya Tingkat Keamanan Informasi» (CSF)?'],
  ['Indeks Keamanan Informasi [Indeks]', 'Indikator tersimpan ✓ (1).'],
  ['Lanjut ▶', '[Tahap 4/5 · Indikator 3/5]'],
  ['1', 'Indikator tersimpan ✓ (1.1).'],
  ['Lanjut ▶', '[Tahap 4/5 · Indikator 4/5]'],
  ['1', 'Indikator tersimpan ✓ (1.1.1).'],
  ['Lanjut ▶', '[Tahap 4/5 · Indikator 5/5]'],
  ['1', 'Indikator tersimpan ✓ (1.1.1.1).'],
  ['Lanjut ▶', 'Tahap 4 lolos pemeriksaan ✓'],
];

export const TAHAP_5: Array<[string, string]> = [
  ['Lanjut ke Tahap 5 ▶', 'Komponen perencanaan untuk «Terwujudnya Infrastruktur'],
  ['1', 'Capaian awal (baseline) 2024 untuk «Indeks Infrastruktur Teknologi Informasi»'],
  ['Lewati', 'Target 2025–2029'],
  ['1', 'Komponen perencanaan untuk «Meningkatnya Tingkat Keamanan Informasi» (CSF)?'],
  ['✓ Sasaran SKPD', 'Jabatannya apa (JPT (Kepala Dinas))?'],
  ['Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian', 'Capaian awal (baseline) 2024'],
  ['3', 'Target 2025–2029 untuk «Indeks Keamanan Informasi» (Indeks)'],
  ['3,2 3,4 3,6 3,8 4', 'Komponen perencanaan untuk «Meningkatnya Kualitas Tata Kelola Keamanan Informasi»'],
  ['✓ Sasaran Program', 'Ketik kata kunci program dari nomenklatur'],
  ['Program Penyelenggaraan Persandian untuk Pengamanan Informasi', 'Jabatannya apa (Administrator'],
  ['Kepala Bidang Persandian', 'Capaian awal (baseline) 2024'],
  ['Lewati', 'Target 2025–2029'],
  ['1', 'Komponen perencanaan untuk «Meningkatnya Pemahaman Aparatur'],
  ['1', 'Ketik kata kunci kegiatan dari nomenklatur'],
  [
    'Penyelenggaraan Persandian untuk Pengamanan Informasi Pemerintah Daerah Kabupaten/Kota',
    'Siapa pemegang Perjanjian Kinerja untuk Sasaran Kegiatan ini?',
  ],
  ['Pengawas (Kasi/Kasubbag)', 'Jabatannya apa (Pengawas'],
  ['Kepala Seksi Persandian', 'Capaian awal (baseline) 2024'],
  ['80', 'Target 2025–2029'],
  ['82 84 86 88 90', 'Komponen perencanaan untuk «Tersusunnya Rencana Aksi Keamanan Informasi»'],
  ['1', 'Ketik kata kunci sub kegiatan dari nomenklatur'],
  [
    'Pelaksanaan Analisis Kebutuhan dan Pengelolaan Sumber Daya Keamanan Informasi',
    'Siapa pemegang Perjanjian Kinerja untuk Sasaran Sub Kegiatan ini?',
  ],
  ['Jabatan Fungsional', 'Jabatannya apa (Jabatan Fungsional)?'],
  ['Sandiman Ahli Pertama', 'Capaian awal (baseline) 2024'],
  ['Lewati', 'Target 2025–2029'],
  ['1', 'Tahap 5 lolos pemeriksaan ✓'],
  ['Selesai ✓', 'Pohon kinerja selesai ✓'],
  ['/ekspor json', 'Ekspor siap:'],
];
