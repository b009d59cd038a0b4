// The tab's WebSocket to ktpel-console. A request is {"id", "op", "args"}
// (the gateway adds the session's token; a page never sees one). Replies
// and events are JSON text frames; when a header says "blobs": n, the next
// n frames are its binary blobs (images, PDFs), in order.

export class Connection extends EventTarget {
  constructor() {
    super();
    this.nextId = 1;
    this.pending = new Map();
    this.waiting = null; // a header still collecting its binary frames
  }

  open() {
    return new Promise((resolve, reject) => {
      const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
      this.socket = new WebSocket(`${scheme}://${location.host}/ws`);
      this.socket.binaryType = 'arraybuffer';
      this.socket.onmessage = (message) => this.receive(message.data);
      this.socket.onclose = (close) => {
        for (const { reject: fail } of this.pending.values()) fail({ code: 'cancelled', details: {} });
        this.pending.clear();
        this.dispatchEvent(new CustomEvent('closed', { detail: { code: close.code, reason: close.reason } }));
        reject(new Error('closed'));
      };
      this.addEventListener('welcome', (event) => resolve(event.detail), { once: true });
    });
  }

  close() { this.socket?.close(1000, 'bye'); }

  // Resolves with {result, blobs}; rejects with the error object {code, message, details}.
  request(op, args = {}) {
    const id = String(this.nextId++);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.socket.send(JSON.stringify({ id, op, args }));
    });
  }

  receive(data) {
    if (data instanceof ArrayBuffer) {
      if (!this.waiting) return; // a blob without its header: ignore
      this.waiting.blobs.push(data);
      if (this.waiting.blobs.length === this.waiting.header.blobs) this.deliver();
      return;
    }
    const header = JSON.parse(data);
    this.waiting = { header, blobs: [] };
    if (!header.blobs) this.deliver();
  }

  deliver() {
    const { header, blobs } = this.waiting;
    this.waiting = null;
    switch (header.type) {
      case 'welcome':
        this.dispatchEvent(new CustomEvent('welcome', { detail: header }));
        break;
      case 'reply': {
        const pending = this.pending.get(header.id);
        if (!pending) return;
        this.pending.delete(header.id);
        if (header.ok) pending.resolve({ result: header.result, blobs });
        else pending.reject(header.error);
        break;
      }
      case 'event':
        this.dispatchEvent(new CustomEvent('daemon-event', { detail: { ...header, blobs } }));
        break;
      case 'session_ended':
        this.dispatchEvent(new CustomEvent('session-ended', { detail: header }));
        break;
      default:
        break;
    }
  }
}
