import { describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { receiptQrText } from '../../../shared/print/qr';
import { decodeQr, frameSize, QR_FRAME_WIDTH } from './qrDecode';

/** A camera frame: the printed QR (as the printouts draw it) small on a grey desk, slightly out of focus. */
async function frame(text: string, width: number, height: number): Promise<{ data: Uint8ClampedArray; width: number; height: number }> {
  const qr = await QRCode.toBuffer(text, { errorCorrectionLevel: 'M', margin: 2, width: 180 });
  const { data, info } = await sharp({ create: { width, height, channels: 3, background: '#b8b4ac' } })
    .composite([{ input: qr, left: Math.round(width * 0.55), top: Math.round(height * 0.3) }])
    .blur(0.8)
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

describe('QR codes from a camera frame', () => {
  it('reads a receipt QR laid under the document camera, scaled to the decoding width as the page does', async () => {
    const text = receiptQrText('379901-A01-20260702-0007', 'K7Q2M9');
    const f = await frame(text, 1280, 720);
    const size = frameSize(f.width, f.height);
    expect(size).toEqual({ width: QR_FRAME_WIDTH, height: 540 });
    const scaled = await sharp(Buffer.from(f.data.buffer), { raw: { width: f.width, height: f.height, channels: 4 } }).resize(size.width, size.height).raw().toBuffer();
    expect(decodeQr(new Uint8ClampedArray(scaled.buffer, scaled.byteOffset, scaled.length), size.width, size.height)).toBe(text);
  });

  it('finds nothing in a frame without a code', async () => {
    const { data, info } = await sharp({ create: { width: 640, height: 480, channels: 4, background: '#b8b4ac' } }).raw().toBuffer({ resolveWithObject: true });
    expect(decodeQr(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height)).toBeNull();
  });

  it('keeps a small frame as it is and the proportions of a large one', () => {
    expect(frameSize(640, 480)).toEqual({ width: 640, height: 480 });
    expect(frameSize(4096, 3072)).toEqual({ width: QR_FRAME_WIDTH, height: 720 });
  });
});
