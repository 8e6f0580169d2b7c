import { describe, expect, it } from 'vitest';
import { cameraError } from './keys';

describe('camera errors', () => {
  it('name the cause the clerk can act on', () => {
    expect(cameraError(new DOMException('Could not start video source', 'NotReadableError'))).toMatch(/正被其他程序占用/);
    expect(cameraError(new DOMException('Permission denied', 'NotAllowedError'))).toMatch(/未获得摄像头权限/);
    expect(cameraError(new DOMException('Requested device not found', 'NotFoundError'))).toMatch(/未发现摄像头或高拍仪/);
    expect(cameraError(new Error('boom'))).toMatch(/摄像头无法打开：boom/);
  });
});
