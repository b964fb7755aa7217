// Carnets' own Jupyter widgets, for fr.carnets.widgets on the Java side: a drawing pad. The learner
// draws a digit with the mouse (or a finger); at each mouse-up the pad sends the kernel the drawing as
// MNIST draws its digits: 28×28 grey bytes, white on black, the digit fitted in a 20×20 box whose
// centre of mass is the frame's centre. One binary buffer of 784 bytes, never JSON numbers.
import { DOMWidgetModel, DOMWidgetView, IJupyterWidgetRegistry } from '@jupyter-widgets/base';
import pkg from '../package.json';

export const MODULE_NAME = pkg.name;
export const MODULE_VERSION = pkg.version;

const SIDE = 28; // MNIST's frame
const BOX = 20; // MNIST's digits fit a 20×20 box
const CANVAS = 280; // ten canvas pixels per MNIST pixel
const STROKE = 22; // about 2 MNIST pixels once a full-height digit is scaled into the box
const INK = 0.1; // grey level above which a pixel counts for the digit's bounding box

/** The bytes of a value as the protocol gives it (a DataView from a buffer) or as we set it. */
function bytesOf(value) {
  if (value && ArrayBuffer.isView(value)) {
    return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  }
  return new Uint8Array(SIDE * SIDE);
}

function sameBytes(a, b) {
  return a && b && a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * The drawing (ImageData, white ink on black) as MNIST's 28×28 grey bytes: the ink's bounding box
 * scaled so that its longer side is 20 pixels, each MNIST pixel the mean of the canvas pixels it
 * covers, placed so that the centre of mass falls on the frame's centre (kept inside the frame).
 */
export function toMnist(image) {
  const { width, height, data } = image;
  const out = new Uint8Array(SIDE * SIDE);
  let x0 = width, y0 = height, x1 = -1, y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (data[(y * width + x) * 4] / 255 > INK) {
        x0 = Math.min(x0, x); x1 = Math.max(x1, x);
        y0 = Math.min(y0, y); y1 = Math.max(y1, y);
      }
    }
  }
  if (x1 < 0) {
    return out; // nothing drawn
  }
  const scale = BOX / Math.max(x1 - x0 + 1, y1 - y0 + 1);
  let mass = 0, mx = 0, my = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const v = data[(y * width + x) * 4] / 255;
      mass += v; mx += v * (x - x0 + 0.5); my += v * (y - y0 + 0.5);
    }
  }
  const clamp = (v, hi) => Math.min(Math.max(v, 0), hi);
  const ox = clamp(SIDE / 2 - (mx / mass) * scale, SIDE - (x1 - x0 + 1) * scale);
  const oy = clamp(SIDE / 2 - (my / mass) * scale, SIDE - (y1 - y0 + 1) * scale);
  const sum = new Float32Array(SIDE * SIDE);
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const tx = Math.floor(ox + (x - x0 + 0.5) * scale);
      const ty = Math.floor(oy + (y - y0 + 0.5) * scale);
      if (tx >= 0 && tx < SIDE && ty >= 0 && ty < SIDE) {
        sum[ty * SIDE + tx] += data[(y * width + x) * 4] / 255;
      }
    }
  }
  // each MNIST pixel gathers about 1/scale² canvas pixels: their mean
  for (let i = 0; i < out.length; i++) {
    out[i] = Math.min(255, Math.round(sum[i] * scale * scale * 255));
  }
  return out;
}

export class DrawingPadModel extends DOMWidgetModel {
  defaults() {
    return {
      ...super.defaults(),
      _model_name: 'DrawingPadModel',
      _view_name: 'DrawingPadView',
      _model_module: MODULE_NAME,
      _view_module: MODULE_NAME,
      _model_module_version: MODULE_VERSION,
      _view_module_version: MODULE_VERSION,
      value: new DataView(new ArrayBuffer(SIDE * SIDE)),
    };
  }
}

// Without a serializer, ipywidgets would send the value through JSON (a DataView becomes {}); a
// DataView is taken out of the message as a binary buffer.
DrawingPadModel.serializers = {
  ...DOMWidgetModel.serializers,
  value: { serialize: value => new DataView(bytesOf(value).slice().buffer) },
};

export class DrawingPadView extends DOMWidgetView {
  render() {
    this.el.classList.add('carnets-drawing-pad');
    this.el.style.display = 'inline-flex';
    this.el.style.flexDirection = 'column';
    this.el.style.gap = '4px';
    this.canvas = document.createElement('canvas');
    this.canvas.width = this.canvas.height = CANVAS;
    Object.assign(this.canvas.style, {
      width: CANVAS + 'px', height: CANVAS + 'px', background: 'black', cursor: 'crosshair',
      touchAction: 'none', border: '1px solid var(--jp-border-color1, #999)',
    });
    this.canvas.title = 'Dessinez un chiffre (blanc sur noir)';
    this.context = this.canvas.getContext('2d', { willReadFrequently: true });
    const clear = document.createElement('button');
    clear.className = 'jupyter-widgets jupyter-button widget-button carnets-drawing-pad-clear';
    clear.textContent = 'Effacer';
    clear.addEventListener('click', () => {
      this.clearCanvas();
      this.send();
    });
    this.el.append(this.canvas, clear);

    // Pointer events: mouse, pen and touch alike; the drawing goes to the kernel at the end of a stroke.
    this.canvas.addEventListener('pointerdown', e => this.strokeStart(e));
    this.canvas.addEventListener('pointermove', e => this.strokeTo(e));
    this.canvas.addEventListener('pointerup', e => this.strokeEnd(e));
    this.canvas.addEventListener('pointercancel', e => this.strokeEnd(e));
    this.listenTo(this.model, 'change:value', this.valueChanged);
    this.clearCanvas();
    this.paint(bytesOf(this.model.get('value')));
  }

  point(e) {
    const c = this.canvas, r = c.getBoundingClientRect(); // r includes the border, client* do not
    return [(e.clientX - r.left - c.clientLeft) * CANVAS / c.clientWidth, (e.clientY - r.top - c.clientTop) * CANVAS / c.clientHeight];
  }

  strokeStart(e) {
    if (e.pointerType === 'mouse' && e.button !== 0) {
      return;
    }
    e.preventDefault();
    this.canvas.setPointerCapture(e.pointerId);
    this.last = this.point(e);
    this.line(this.last, this.last);
  }

  strokeTo(e) {
    if (this.last) {
      const p = this.point(e);
      this.line(this.last, p);
      this.last = p;
    }
  }

  strokeEnd(e) {
    if (this.last) {
      this.last = null;
      this.send();
    }
  }

  line(from, to) {
    const c = this.context;
    c.strokeStyle = 'white';
    c.lineWidth = STROKE;
    c.lineCap = c.lineJoin = 'round';
    c.beginPath();
    c.moveTo(from[0], from[1]);
    c.lineTo(to[0], to[1]);
    c.stroke();
  }

  clearCanvas() {
    this.context.fillStyle = 'black';
    this.context.fillRect(0, 0, CANVAS, CANVAS);
  }

  send() {
    this.sent = toMnist(this.context.getImageData(0, 0, CANVAS, CANVAS));
    this.model.set('value', new DataView(this.sent.buffer));
    this.touch();
  }

  /** A value set by the kernel (an image to show, or clear()); the echo of our own drawing is skipped. */
  valueChanged() {
    const bytes = bytesOf(this.model.get('value'));
    if (!sameBytes(bytes, this.sent)) {
      this.sent = null;
      this.clearCanvas();
      this.paint(bytes);
    }
  }

  /** Shows 28×28 grey bytes on the canvas, smoothed (a blank value leaves it black). */
  paint(bytes) {
    if (bytes.length !== SIDE * SIDE || !bytes.some(v => v > 0)) {
      return;
    }
    const small = document.createElement('canvas');
    small.width = small.height = SIDE;
    const pixels = new ImageData(SIDE, SIDE);
    bytes.forEach((v, i) => pixels.data.set([v, v, v, 255], i * 4));
    small.getContext('2d').putImageData(pixels, 0, 0);
    this.context.imageSmoothingEnabled = true;
    this.context.drawImage(small, 0, 0, CANVAS, CANVAS);
  }
}

/** Registers the module with the widget manager of JupyterLab 4 and Notebook 7. */
const plugin = {
  id: 'carnets-widgets:plugin',
  requires: [IJupyterWidgetRegistry],
  autoStart: true,
  activate: (app, registry) => {
    registry.registerWidget({
      name: MODULE_NAME,
      version: MODULE_VERSION,
      exports: { DrawingPadModel, DrawingPadView },
    });
  },
};

export default plugin;
