import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { detectSeparator } from '../../../connectors/csv/detect-separator.js';
import { inspectFile } from '../../../connectors/csv/inspect-file.js';

async function fileWith(content: Buffer): Promise<string> {
  const p = join(await mkdtemp(join(tmpdir(), 'siei-inspect-')), 'f.csv');
  await writeFile(p, content);
  return p;
}

describe('inspectFile', () => {
  it('keeps UTF-8 when a multi-byte letter straddles the 1 MiB read boundary', async () => {
    const prefix = 'A'.repeat((1 << 20) - 1);
    const r = await inspectFile(await fileWith(Buffer.from(prefix + 'é;Ü\n')));
    expect(r.encoding).toBe('utf-8');
    expect(r.binary).toBe(false);
    expect(r.endsWithNewline).toBe(true);
  });
  it('detects Windows-1252, ISO-8859-15, BOM, binary content', async () => {
    expect((await inspectFile(await fileWith(iconv.encode('NOM\nLÉA’S\n', 'win1252')))).encoding).toBe('windows-1252');
    expect((await inspectFile(await fileWith(iconv.encode('NOM\nŒUVRE\n', 'iso-8859-15')))).encoding).toBe('iso-8859-15');
    expect(await inspectFile(await fileWith(Buffer.from('\uFEFFNOM\nx', 'utf8')))).toMatchObject({ encoding: 'utf-8', hasBom: true, endsWithNewline: false });
    expect((await inspectFile(await fileWith(Buffer.from([0x4e, 0x00, 0x4d, 0x00])))).binary).toBe(true);
  });
  it('a UTF-8 sequence cut at the end of the file is not UTF-8', async () => {
    expect((await inspectFile(await fileWith(Buffer.from([0x41, 0xc3])))).encoding).toBe('windows-1252');
  });
});

describe('detectSeparator', () => {
  it('prefers ; and accepts , and tab, ignoring quoted separators', () => {
    expect(detectSeparator('A;B;C')).toBe(';');
    expect(detectSeparator('A,B,C')).toBe(',');
    expect(detectSeparator('A\tB\tC')).toBe('\t');
    expect(detectSeparator('"A;B";C,D,E')).toBe(',');
  });
});
