import { describe, expect, it } from 'vitest';
import { sampleFiles } from '../test/account-flows.ts';
import { describeDocumentProblem, describeJpegProblem, describePngProblem } from './document-content.ts';

describe('document content', () => {
  it('accepts a complete PDF, PNG and JPEG', async () => {
    expect(await describeDocumentProblem(sampleFiles.pdf, 'application/pdf')).toBeNull();
    expect(await describeDocumentProblem(sampleFiles.png, 'image/png')).toBeNull();
    expect(await describeDocumentProblem(sampleFiles.jpeg, 'image/jpeg')).toBeNull();
  });

  it('refuses files that only start like a document', async () => {
    // The 45 bytes that passed as a 法人's scans, and the same padded past the size floor.
    expect(await describeDocumentProblem(sampleFiles.fakePdf, 'application/pdf')).toBe(
      '文件过小，不是证件的扫描件',
    );
    const paddedPdf = Buffer.concat([sampleFiles.fakePdf, Buffer.alloc(4096, 0x20)]);
    expect(await describeDocumentProblem(paddedPdf, 'application/pdf')).toContain('不是完整的 PDF');
    expect(describePngProblem(sampleFiles.fakePng)).toContain('不是完整的 PNG');
    const truncatedJpeg = sampleFiles.jpeg.subarray(0, sampleFiles.jpeg.length - 200);
    expect(describeJpegProblem(truncatedJpeg)).toContain('不是完整的 JPEG');
    const headerOnly = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.alloc(2048)]);
    expect(describeJpegProblem(headerOnly)).toContain('不是完整的 JPEG');
  });

  it('refuses images too small to read or too large to be a scan', () => {
    const header = (width: number, height: number) => {
      const png = Buffer.from(sampleFiles.png);
      png.writeUInt32BE(width, 16);
      png.writeUInt32BE(height, 20);
      return png;
    };
    expect(describePngProblem(header(40, 30))).toContain('分辨率过低');
    expect(describePngProblem(header(100_000, 100_000))).toContain('尺寸过大');
  });
});
