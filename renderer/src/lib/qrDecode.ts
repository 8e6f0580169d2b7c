// QR codes read from a camera frame in the renderer (jsQR: plain JavaScript, no WebAssembly for the CSP to allow).
import jsQR from 'jsqr';

/** The widest frame decoded: a notice's QR under a document camera is large, and a smaller frame decodes faster. */
export const QR_FRAME_WIDTH = 960;

/** The text of the first QR code in an RGBA frame, or null. */
export function decodeQr(rgba: Uint8ClampedArray, width: number, height: number): string | null {
  const found = jsQR(rgba, width, height, { inversionAttempts: 'dontInvert' });
  return found && found.data.length > 0 ? found.data : null;
}

/** The frame size to draw a video of this size at for decoding (kept in proportion, at most QR_FRAME_WIDTH wide). */
export function frameSize(videoWidth: number, videoHeight: number): { width: number; height: number } {
  const scale = Math.min(1, QR_FRAME_WIDTH / Math.max(1, videoWidth));
  return { width: Math.max(1, Math.round(videoWidth * scale)), height: Math.max(1, Math.round(videoHeight * scale)) };
}
