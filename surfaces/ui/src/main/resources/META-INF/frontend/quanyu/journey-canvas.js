// The journey canvas: a palette and an AntV X6 graph. The server owns the journey: it sets `graph` (nodes with their
// paths as ports, edges, the selected node), `palette` and `counts`; the canvas reports what the user did as events
// (canvas-drop, canvas-move, canvas-connect, canvas-disconnect, canvas-select) and draws what the server sends back.
import { Graph, Dnd } from '@antv/x6';

const WIDTH = 200;
const HEIGHT = 64;
const COLOURS = {
  entry: '#0f7b6c', wait: '#8a6d00', waitForEvent: '#8a6d00', condition: '#6d3fc0', split: '#6d3fc0',
  tag: '#1676f3', send: '#1676f3', update: '#1676f3', action: '#c2410c', webhook: '#c2410c', end: '#5c6670'
};

Graph.registerNode('quanyu-journey-node', {
  inherit: 'rect',
  width: WIDTH,
  height: HEIGHT,
  markup: [
    { tagName: 'rect', selector: 'body' },
    { tagName: 'rect', selector: 'stripe' },
    { tagName: 'text', selector: 'title' },
    { tagName: 'text', selector: 'detail' },
    { tagName: 'text', selector: 'badge' }
  ],
  attrs: {
    body: { refWidth: '100%', refHeight: '100%', rx: 6, ry: 6, fill: '#ffffff', stroke: '#c4cdd5', strokeWidth: 1 },
    stripe: { width: 6, refHeight: '100%', rx: 3, fill: '#1676f3' },
    title: { refX: 16, refY: 18, fontSize: 13, fontWeight: 600, fill: '#1f2933', textAnchor: 'start', textVerticalAnchor: 'middle' },
    detail: { refX: 16, refY: 40, fontSize: 11, fill: '#52606d', textAnchor: 'start', textVerticalAnchor: 'middle' },
    badge: { refX: '100%', refX2: -8, refY: 18, fontSize: 11, fill: '#0f7b6c', textAnchor: 'end', textVerticalAnchor: 'middle' }
  },
  ports: {
    groups: {
      in: {
        position: 'top',
        attrs: { circle: { r: 6, magnet: 'passive', stroke: '#52606d', strokeWidth: 1, fill: '#ffffff' } }
      },
      out: {
        position: 'bottom',
        label: { position: { name: 'bottom', args: { y: 8 } } },
        attrs: {
          circle: { r: 6, magnet: true, stroke: '#1676f3', strokeWidth: 1, fill: '#ffffff', cursor: 'crosshair' },
          // The label never takes the pointer: pressing on a port always starts a connection.
          text: { fontSize: 10, fill: '#52606d', pointerEvents: 'none' }
        }
      }
    }
  }
}, true);

function truncate(text, max) {
  if (!text) {
    return '';
  }
  return text.length > max ? text.substring(0, max - 1) + '…' : text;
}

class JourneyCanvas extends HTMLElement {
  constructor() {
    super();
    this._graphJson = null;
    this._counts = {};
    this._palette = [];
    this._readonly = false;
    this._drawing = false;
  }

  connectedCallback() {
    if (this.graph) {
      return;
    }
    // Focusable, so a click on the canvas lets its keyboard shortcuts (undo, redo) reach the server.
    if (!this.hasAttribute('tabindex')) {
      this.tabIndex = 0;
    }
    this.style.outline = 'none';
    // Properties the server set before this element was defined shadow the setters: take them through the setters.
    for (const name of ['palette', 'graphJson', 'counts', 'readonly']) {
      if (Object.prototype.hasOwnProperty.call(this, name)) {
        const value = this[name];
        delete this[name];
        this[name] = value;
      }
    }
    this.style.display = 'flex';
    this.style.gap = '8px';
    this.paletteEl = document.createElement('div');
    this.paletteEl.className = 'journey-palette';
    this.paletteEl.style.cssText = 'display:flex;flex-direction:column;gap:6px;width:150px;flex:none';
    this.graphEl = document.createElement('div');
    this.graphEl.className = 'journey-graph';
    this.graphEl.style.cssText = 'flex:1;min-height:520px;border:1px solid #dde3ea;border-radius:6px;background:#f8fafc';
    this.append(this.paletteEl, this.graphEl);
    this.graph = new Graph({
      container: this.graphEl,
      autoResize: true,
      grid: { size: 10, visible: true },
      panning: true,
      mousewheel: { enabled: true, modifiers: ['ctrl', 'meta'] },
      connecting: {
        snap: { radius: 24 },
        allowBlank: false,
        allowLoop: false,
        allowNode: true,
        allowEdge: false,
        allowMulti: true,
        highlight: true,
        router: 'orth',
        connector: { name: 'rounded', args: { radius: 8 } },
        createEdge: () => this.graph.createEdge({ zIndex: 1, attrs: { line: { stroke: '#7b8794', strokeWidth: 1.5 } } }),
        validateMagnet: ({ magnet }) => !this._readonly && magnet.getAttribute('port-group') === 'out',
        validateConnection: ({ sourceCell, targetCell, sourceMagnet }) =>
          !!sourceMagnet && !!targetCell && sourceCell !== targetCell && targetCell.getData()?.type !== 'entry'
      }
    });
    this.dnd = new Dnd({
      target: this.graph,
      getDropNode: (node) => node.clone({ keepId: false }),
      validateNode: (node) => {
        const p = node.getPosition();
        this._emit('canvas-drop', { type: node.getData().type, x: Math.round(p.x), y: Math.round(p.y) });
        return false;
      }
    });
    this.graph.on('node:moved', ({ node }) => {
      const p = node.getPosition();
      this._emit('canvas-move', { id: node.id, x: Math.round(p.x), y: Math.round(p.y) });
    });
    this.graph.on('node:click', ({ node }) => this._emit('canvas-select', { id: node.id }));
    this.graph.on('blank:click', () => this._emit('canvas-select', { id: '' }));
    this.graph.on('edge:connected', ({ edge, isNew }) => {
      if (this._drawing) {
        return;
      }
      const target = edge.getTargetCellId();
      const source = edge.getSourceCellId();
      const port = edge.getSourcePortId();
      if (isNew && target && source && port) {
        this._emit('canvas-connect', { source, port, target });
      }
    });
    this.graph.on('edge:removed', ({ edge }) => {
      if (this._drawing) {
        return;
      }
      const source = edge.getSourceCellId();
      const port = edge.getSourcePortId();
      if (source && port && edge.getTargetCellId()) {
        this._emit('canvas-disconnect', { source, port });
      }
    });
    this.graph.on('edge:dblclick', ({ edge }) => {
      if (!this._readonly) {
        this.graph.removeEdge(edge);
      }
    });
    this._drawPalette();
    this._draw(true);
  }

  set palette(json) {
    this._palette = json ? JSON.parse(json) : [];
    this._drawPalette();
  }

  set graphJson(json) {
    this._graphJson = json ? JSON.parse(json) : null;
    this._draw(false);
  }

  set counts(json) {
    this._counts = json ? JSON.parse(json) : {};
    this._drawCounts();
  }

  set readonly(value) {
    this._readonly = !!value;
    this._drawPalette();
  }

  /** Fits the journey into view. */
  fit() {
    // After layout, so the container has its size: the journey's top left at the padding, at 100 % unless it
    // needs less to fit.
    requestAnimationFrame(() => {
      const width = this.graphEl.clientWidth;
      const height = this.graphEl.clientHeight;
      const area = this.graph.getContentBBox();
      if (!width || !height || !area.width) {
        return;
      }
      const scale = Math.max(0.2, Math.min(1, (width - 48) / area.width, (height - 48) / area.height));
      this.graph.scale(scale, scale);
      this.graph.translate(24 - area.x * scale, 24 - area.y * scale);
    });
  }

  _emit(name, detail) {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true }));
  }

  _drawPalette() {
    if (!this.paletteEl) {
      return;
    }
    this.paletteEl.replaceChildren();
    this.paletteEl.style.display = this._readonly ? 'none' : 'flex';
    for (const item of this._palette) {
      const el = document.createElement('div');
      el.className = 'journey-palette-item';
      el.dataset.type = item.type;
      el.textContent = item.label;
      el.title = item.hint || item.label;
      el.style.cssText = 'padding:8px 10px;border:1px solid #c4cdd5;border-left:4px solid ' + (COLOURS[item.type] || '#1676f3')
        + ';border-radius:4px;background:#fff;cursor:grab;user-select:none;font-size:13px';
      el.addEventListener('mousedown', (e) => {
        const node = this.graph.createNode({
          shape: 'quanyu-journey-node',
          data: { type: item.type },
          attrs: { title: { text: item.label }, stripe: { fill: COLOURS[item.type] || '#1676f3' } }
        });
        this.dnd.start(node, e);
      });
      this.paletteEl.append(el);
    }
  }

  _draw(first) {
    if (!this.graph || !this._graphJson) {
      return;
    }
    const data = this._graphJson;
    const cells = [];
    for (const n of data.nodes) {
      const selected = n.id === data.selected;
      cells.push({
        id: n.id,
        shape: 'quanyu-journey-node',
        zIndex: 2, // above the edges, so a port under an edge's end still starts a new connection
        x: n.x,
        y: n.y,
        data: { type: n.type },
        attrs: {
          body: {
            stroke: n.problem ? '#e5484d' : selected ? '#1676f3' : '#c4cdd5',
            strokeWidth: n.problem || selected ? 2 : 1,
            'data-node': n.id
          },
          stripe: { fill: COLOURS[n.type] || '#1676f3' },
          title: { text: truncate(n.title, 24) },
          detail: { text: truncate(n.detail, 30) },
          badge: { text: this._counts[n.id] || '' }
        },
        ports: {
          items: (n.in ? [{ id: 'in', group: 'in' }] : []).concat((n.ports || []).map((p) => ({
            id: p.id, group: 'out', attrs: { text: { text: truncate(p.label, 14) } }
          })))
        }
      });
    }
    for (const e of data.edges) {
      cells.push({
        shape: 'edge',
        zIndex: 1,
        source: { cell: e.source, port: e.port },
        target: { cell: e.target, port: 'in' },
        router: { name: 'manhattan', args: { padding: 12, step: 10 } },
        connector: { name: 'rounded', args: { radius: 8 } },
        attrs: { line: { stroke: '#7b8794', strokeWidth: 1.5 } }
      });
    }
    this._drawing = true;
    try {
      this.graph.fromJSON({ cells });
    } finally {
      this._drawing = false;
    }
    this.setAttribute('data-nodes', String(data.nodes.length));
    this.setAttribute('data-edges', String(data.edges.length));
    if (first || data.fit) {
      this.fit();
    }
  }

  _drawCounts() {
    if (!this.graph) {
      return;
    }
    for (const node of this.graph.getNodes()) {
      node.setAttrByPath('badge/text', this._counts[node.id] || '');
    }
    this.setAttribute('data-counts', JSON.stringify(this._counts));
  }
}

customElements.define('quanyu-journey-canvas', JourneyCanvas);
