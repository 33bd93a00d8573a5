import { describe, expect, it } from 'vitest';
import { callbackDataFor, KEY_PREFIX } from '../../../src/adapters/telegram/callback-keys.ts';
import {
  escapeHtml,
  MESSAGE_LIMIT,
  renderOutgoing,
  splitHtml,
} from '../../../src/adapters/telegram/render.ts';

/** What a reader sees: the HTML with our own tags removed and entities decoded. */
function visible(html: string): string {
  return html
    .replace(/<\/?(b|i)>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

describe('render: Outgoing → Bot API calls', () => {
  it('puts progress in italics, the title in bold and escapes all app text', () => {
    const { ops } = renderOutgoing({
      progress: 'Tahap 1/5 · Outcome',
      title: 'Rumusan <outcome> & mandat',
      text: 'Usulan: <b>Meningkatnya</b> *kualitas* _layanan_ [informasi] 🇮🇩 & statistik',
    });
    expect(ops).toEqual([
      {
        method: 'sendMessage',
        params: {
          text:
            '<i>Tahap 1/5 · Outcome</i>\n<b>Rumusan &lt;outcome&gt; &amp; mandat</b>\n' +
            'Usulan: &lt;b&gt;Meningkatnya&lt;/b&gt; *kualitas* _layanan_ [informasi] 🇮🇩 &amp; statistik',
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
        },
      },
    ]);
  });

  it('turns button rows into an inline keyboard on the last message', () => {
    const { ops, longValues } = renderOutgoing({
      text: 'Apakah rumusan ini sudah tepat?',
      buttons: [
        [
          { label: 'Ya, simpan', value: 'ya' },
          { label: 'Ubah', value: 'ubah' },
        ],
        [{ label: 'Batal', value: 'batal' }],
      ],
    });
    expect(ops[0]).toMatchObject({
      method: 'sendMessage',
      params: {
        reply_markup: {
          inline_keyboard: [
            [
              { text: 'Ya, simpan', callback_data: 'ya' },
              { text: 'Ubah', callback_data: 'ubah' },
            ],
            [{ text: 'Batal', callback_data: 'batal' }],
          ],
        },
      },
    });
    expect(longValues.size).toBe(0);
  });

  it('sends values over 64 bytes as a short stable key and reports the pair to store', () => {
    const long =
      'pilih:kondisi:Meningkatnya kualitas layanan informasi publik yang terintegrasi dan akuntabel';
    const { ops, longValues } = renderOutgoing({ text: 'Pilih', buttons: [[{ label: 'Ini', value: long }]] });
    const data = (
      ops[0] as { params: { reply_markup: { inline_keyboard: Array<Array<{ callback_data: string }>> } } }
    ).params.reply_markup.inline_keyboard[0]?.[0]?.callback_data;
    expect(data?.startsWith(KEY_PREFIX)).toBe(true);
    expect(Buffer.byteLength(data ?? '', 'utf8')).toBeLessThanOrEqual(64);
    expect(data).toBe(callbackDataFor(long));
    expect([...longValues]).toEqual([[data, long]]);
    // 64 bytes of multi-byte text is fewer than 64 characters: still measured in bytes.
    const emoji = '🌳'.repeat(17);
    expect(callbackDataFor(emoji).startsWith(KEY_PREFIX)).toBe(true);
    expect(callbackDataFor('🌳'.repeat(16))).toBe('🌳'.repeat(16));
  });

  it('edits the question in place when asked to', () => {
    const { ops } = renderOutgoing({ text: 'Tersimpan ✅', editsMessageId: '5003' });
    expect(ops).toEqual([
      {
        method: 'editMessageText',
        params: {
          message_id: 5003,
          text: 'Tersimpan ✅',
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
        },
      },
    ]);
  });

  it('sends files as documents and the diagram as a photo, with escaped captions', () => {
    const data = new Uint8Array([1, 2, 3]);
    const { ops } = renderOutgoing({
      text: '',
      files: [
        {
          filename: 'cascading.xlsx',
          mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          data,
          caption: 'Tabel <cascading>',
        },
        { filename: 'pohon.png', mimeType: 'image/png', data, asImage: true },
      ],
    });
    expect(ops.map((op) => op.method)).toEqual(['sendDocument', 'sendPhoto']);
    expect(ops[0]?.params).toEqual({ parse_mode: 'HTML', caption: 'Tabel &lt;cascading&gt;' });
  });
});

describe('splitting long text', () => {
  it('keeps every message within 4,096 characters, splits at paragraphs and loses nothing', () => {
    const paragraphs = Array.from({ length: 30 }, (_, i) =>
      `${i + 1}. Meningkatnya kualitas layanan <${i}> & data. `.repeat(8).trim(),
    );
    const text = paragraphs.join('\n\n');
    const chunks = splitHtml(text, MESSAGE_LIMIT);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
    expect(chunks.map(visible).join('\n\n')).toBe(text);
  });

  it('cuts a single huge word between code points, never inside an entity or emoji', () => {
    const text = `${'<&>'.repeat(1500)}${'🇮🇩'.repeat(600)}`;
    const chunks = splitHtml(text, MESSAGE_LIMIT);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
      expect(chunk).not.toMatch(/&(?!(amp|lt|gt);)/);
      expect(chunk).not.toMatch(/[\uD800-\uDBFF]$/);
    }
    expect(chunks.map(visible).join('')).toBe(text);
  });

  it('puts the buttons on the last part and the header on the first', () => {
    const text = 'kata '.repeat(1000).trim();
    const { ops } = renderOutgoing({
      progress: 'Tahap 2/5',
      text,
      buttons: [[{ label: 'Lanjut', value: 'lanjut' }]],
    });
    expect(ops.length).toBe(2);
    const [first, second] = ops as Array<{ params: { text: string; reply_markup?: unknown } }>;
    expect(first?.params.text.startsWith('<i>Tahap 2/5</i>\n')).toBe(true);
    expect(first?.params.reply_markup).toBeUndefined();
    expect(second?.params.reply_markup).toBeDefined();
  });

  it('escapes nothing twice', () => {
    expect(escapeHtml('&amp; <b>')).toBe('&amp;amp; &lt;b&gt;');
  });
});
