// A live preview: op.preview events' gray8 frames (a binary WebSocket frame
// each, never base64) drawn on a canvas, with the rate measured in the page.
import { t } from './i18n.js';
import { el } from './dom.js';

export function livePreview() {
  const canvas = el('canvas', { id: 'preview', width: 320, height: 300, class: 'preview' });
  const rate = el('p', { id: 'preview-rate', class: 'muted' });
  const arrivals = [];

  const drawGray = (bytes, width, height) => {
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d');
    const image = context.createImageData(width, height);
    for (let source = 0, target = 0; source < width * height; source++, target += 4) {
      const value = bytes[source];
      image.data[target] = value;
      image.data[target + 1] = value;
      image.data[target + 2] = value;
      image.data[target + 3] = 255;
    }
    context.putImageData(image, 0, 0);
  };

  return {
    element: el('div', { class: 'preview-box' }, canvas, rate),
    reset() { arrivals.length = 0; rate.textContent = ''; delete rate.dataset.fps; },
    // An op.preview event (header + its one blob).
    frame(event) {
      const { data, blobs } = event;
      const image = data.image;
      if (!image || image.format !== 'gray8' || !blobs[0]) return;
      drawGray(new Uint8Array(blobs[0]), image.width, image.height);
      arrivals.push(performance.now());
      if (arrivals.length >= 2) {
        const fps = (arrivals.length - 1) / ((arrivals.at(-1) - arrivals[0]) / 1000);
        rate.dataset.fps = fps.toFixed(2);
        rate.dataset.frames = String(arrivals.length);
        rate.textContent = t('preview.rate', { fps: fps.toFixed(1), frames: arrivals.length });
      }
    },
    // The full-resolution sample from the reply, shrunk to the canvas's width.
    sample(bytes, width, height) { drawGray(bytes, width, height); },
  };
}
