import { describe, expect, it } from 'vitest';
import messages from '../../../src/adapters/slack/data/messages.json' with { type: 'json' };
import { keyFor } from '../../../src/adapters/slack/keys.ts';
import {
  BLOCKS_PER_MESSAGE,
  escapedLength,
  escapeMrkdwn,
  renderEditorModal,
  renderHome,
  renderOutgoing,
  SECTION_LIMIT,
  splitMrkdwn,
  unescapeMrkdwn,
} from '../../../src/adapters/slack/render.ts';

const Z = '\u200b';

describe('Slack render: Outgoing → Block Kit', () => {
  it('escapes the three control characters and guards every formatting character', () => {
    expect(escapeMrkdwn('<!channel> & <http://x|y>')).toBe('&lt;!channel&gt; &amp; &lt;http://x|y&gt;');
    expect(escapeMrkdwn('*tebal* _miring_')).toBe(`${Z}*${Z}tebal${Z}*${Z} ${Z}_${Z}miring${Z}_${Z}`);
    expect(escapeMrkdwn('Indeks SPBE 3,5')).toBe('Indeks SPBE 3,5');
    const hostile = '<!channel> *x* ~y~ `z` &amp; <@U1> 🌳';
    expect(unescapeMrkdwn(escapeMrkdwn(hostile))).toBe(hostile);
    expect(escapedLength(hostile)).toBe(escapeMrkdwn(hostile).length);
  });

  it('puts progress in a context block, the title in bold, and one actions block per button row', () => {
    const { messages, longValues } = renderOutgoing({
      progress: 'Tahap 2/5 · CSF 1/3',
      title: 'Faktor kunci keberhasilan',
      text: 'Meningkatnya Pengelolaan Informasi dan Komunikasi Perangkat Daerah Sesuai Peraturan yang Berlaku',
      buttons: [
        [
          { label: 'Setuju', value: 'csf:ok' },
          { label: 'Ubah', value: 'csf:ubah' },
        ],
        [{ label: 'Lewati', value: 'csf:lewati' }],
      ],
    });
    expect(longValues.size).toBe(0);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.text).toBe('Faktor kunci keberhasilan');
    expect(messages[0]?.blocks.map((b) => b.type)).toEqual(['context', 'section', 'actions', 'actions']);
    expect(messages[0]?.blocks[1]).toEqual({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: '*Faktor kunci keberhasilan*\nMeningkatnya Pengelolaan Informasi dan Komunikasi Perangkat Daerah Sesuai Peraturan yang Berlaku',
        verbatim: true,
      },
    });
    const ids = messages[0]?.blocks.flatMap((b) =>
      b.type === 'actions' ? b.elements.map((e) => e.action_id) : [],
    );
    expect(ids).toEqual(['pokin:choice:0', 'pokin:choice:1', 'pokin:choice:2']);
  });

  it('splits long text into sections of at most 3,000 characters without losing a character', () => {
    const paragraph =
      'Persentase Perangkat Daerah yang Melaksanakan Pengelolaan Informasi & Komunikasi <sesuai> aturan. ';
    const text = Array.from({ length: 120 }, (_, i) => `${i + 1}. ${paragraph}`).join('\n\n');
    const chunks = splitMrkdwn(text, SECTION_LIMIT);
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(SECTION_LIMIT);
    expect(chunks.map(unescapeMrkdwn).join('\n\n')).toBe(text.replace(/ +$/gm, '').trim());
  });

  it('cuts a word longer than a section between code points, never inside an entity', () => {
    const word = '&'.repeat(1000) + '🌳'.repeat(1000);
    const chunks = splitMrkdwn(word, SECTION_LIMIT);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(SECTION_LIMIT);
      expect(chunk).not.toMatch(/&(?!amp;)|[\ud800-\udbff]$/);
    }
    expect(chunks.map(unescapeMrkdwn).join('')).toBe(word);
  });

  it('keeps every message within 50 blocks, buttons on the last one', () => {
    const text = Array.from({ length: 60 }, (_, i) => `Kondisi ${i + 1}: ${'x'.repeat(2990)}`).join('\n\n');
    const { messages } = renderOutgoing({ text, buttons: [[{ label: 'Lanjut', value: 'lanjut' }]] });
    expect(messages).toHaveLength(2);
    for (const m of messages) expect(m.blocks.length).toBeLessThanOrEqual(BLOCKS_PER_MESSAGE);
    expect(messages[1]?.blocks.at(-1)?.type).toBe('actions');
    expect(messages[0]?.blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('sends a button value over 2,000 characters as a short key, and splits rows over 25 buttons', () => {
    const long = `pilih:${'Meningkatnya Peran KIM '.repeat(100)}`;
    const row = Array.from({ length: 30 }, (_, i) => ({ label: `Desa ${i + 1}`, value: `desa:${i + 1}` }));
    const { messages, longValues } = renderOutgoing({
      text: 'Pilih desa:',
      buttons: [row, [{ label: 'Pilih rumusan panjang', value: long }]],
    });
    const actions = messages[0]?.blocks.filter((b) => b.type === 'actions') ?? [];
    expect(actions.map((b) => (b.type === 'actions' ? b.elements.length : 0))).toEqual([25, 5, 1]);
    const last = actions[2];
    const value = last?.type === 'actions' ? last.elements[0]?.value : undefined;
    expect(value).toBe(keyFor(long));
    expect(longValues.get(value ?? '')).toBe(long);
  });

  it('clips button labels to 75 characters and the modal title to 24', () => {
    const { messages } = renderOutgoing({
      text: 'Pilih',
      buttons: [
        [
          {
            label: 'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas dan Terintegrasi',
            value: 'a',
          },
        ],
      ],
    });
    const actions = messages[0]?.blocks[1];
    const label = actions?.type === 'actions' ? actions.elements[0]?.text.text : '';
    expect(Array.from(label ?? '').length).toBe(75);
    expect(label?.endsWith('…')).toBe(true);
    const modal = renderEditorModal(
      { title: 'Ubah pernyataan kondisi antara 1.1.1', initial: 'Terbentuknya KIM' },
      '#k:abc',
      { submit: 'Simpan', cancel: 'Batal' },
    ) as { title: { text: string }; private_metadata: string };
    expect(Array.from(modal.title.text).length).toBe(24);
    expect(modal.private_metadata).toBe('#k:abc');
  });

  it('renders nothing for an empty reply, and a placeholder section when only buttons are given', () => {
    expect(renderOutgoing({ text: '  ' }).messages).toEqual([]);
    const { messages } = renderOutgoing({ text: '', buttons: [[{ label: 'Ya', value: 'ya' }]] });
    expect(messages[0]?.blocks.map((b) => b.type)).toEqual(['section', 'actions']);
  });

  it('renders App Home: trees with Tahap and findings, at most 40 then a count, and says when the list is unavailable', () => {
    const trees = Array.from({ length: 43 }, (_, i) => ({
      title: `Pohon ${i + 1}`,
      stage: 2,
      findings: { errors: i % 2, warnings: 0 },
    }));
    const home = renderHome({ trees }, messages.id.home);
    const sections = home.blocks
      .filter((b) => b.type === 'section')
      .map((b) => (b.type === 'section' ? b.text.text : ''));
    expect(sections).toHaveLength(41);
    expect(sections[0]).toBe('*Pohon 1*\nTahap 2/5 · Faktor kunci keberhasilan · tanpa temuan');
    expect(sections[1]).toBe('*Pohon 2*\nTahap 2/5 · Faktor kunci keberhasilan · 1 kesalahan, 0 peringatan');
    expect(sections[40]).toBe('… dan 3 pohon lainnya. Ketik /pokin lanjut untuk memilih.');
    expect(home.blocks.length).toBeLessThanOrEqual(100);

    const failed = renderHome(undefined, messages.en.home);
    expect(failed.blocks.at(-1)).toMatchObject({ text: { text: messages.en.home.unavailable } });
    const none = renderHome(null, messages.id.home);
    expect(none.blocks.map((b) => b.type)).toEqual(['header', 'context']);
  });
});
