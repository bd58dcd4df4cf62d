import { writeFileSync } from 'node:fs';
import qrcode from 'qrcode-generator';

const WIDTH = 640;
const HEIGHT = 480;
/** Pixels per module of the code: about a third of the picture, as a phone held up to a till camera. */
const MODULE = 8;

/**
 * A Y4M video (what Chromium's fake camera plays with --use-file-for-fake-video-capture) that
 * shows `text` as a QR code, black on white in the middle of a 640×480 picture, as a member
 * holds their phone up to the till's camera. Two identical frames (the file is played in a loop).
 */
export function writeQrVideo(path: string, text: string): void {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const count = qr.getModuleCount();
  const size = count * MODULE;
  const left = Math.floor((WIDTH - size) / 2);
  const top = Math.floor((HEIGHT - size) / 2);
  const luma = Buffer.alloc(WIDTH * HEIGHT, 235);
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) {
      if (!qr.isDark(row, col)) continue;
      for (let y = 0; y < MODULE; y++) {
        const start = (top + row * MODULE + y) * WIDTH + left + col * MODULE;
        luma.fill(16, start, start + MODULE);
      }
    }
  }
  // 4:2:0: a quarter-size plane each for the colour differences, neutral grey.
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(path, Buffer.concat([header, frame, frame]));
}
