// Technician: the station's devices with state, identity and reason,
// updated live from the daemon's device.* events.
import { t, errorText } from '../i18n.js';
import { el, replace } from '../dom.js';
import { livePreview } from '../preview.js';

export function render(container, { connection, show, officer }) {
  const devices = new Map();
  const body = el('tbody', { id: 'device-rows' });
  const message = el('div', { class: 'error', role: 'alert', hidden: true });

  const draw = () => replace(body, [...devices.values()].map((device) => el('tr', { 'data-device': device.id },
    el('td', {}, el('strong', {}, device.id), el('div', { class: 'muted' }, t(`device.class.${device.class}`))),
    el('td', {}, el('span', { class: `state state-${device.state}`, 'data-state': device.state }, t(`device.state.${device.state}`))),
    el('td', { class: 'reason' }, device.reason ? reasonText(device.reason) : ''),
    el('td', {}, identityText(device.identity)),
    el('td', {}, device.simulated ? t('device.simulated') : ''))));

  // The printer's own status (condition, ribbon, hopper): technicians and
  // SIAK operators may ask; refreshed when a printer's device state changes.
  const printer = el('dl', { id: 'printer-status', class: 'facts' });
  const printerMessage = el('div', { class: 'error', role: 'alert', hidden: true });
  const printerCard = el('section', { class: 'card', hidden: true },
    el('h2', {}, t('printer.heading')), printer,
    el('button', { type: 'button', class: 'primary', id: 'printer-refresh', onclick: () => refreshPrinter() }, t('printer.refresh')),
    printerMessage);
  const refreshPrinter = () => {
    const id = [...devices.values()].find((device) => device.class === 'card_printer')?.id;
    if (!id) return;
    printerCard.hidden = false;
    connection.request('printer.status', { device: id }).then(({ result }) => {
      printerMessage.hidden = true;
      const fact = (key, value) => [el('dt', {}, t(key)), el('dd', { 'data-fact': key }, value)];
      replace(printer,
        fact('printer.device', `${result.device} (${result.serial ?? ''})`),
        fact('printer.condition', wordText('printer.condition', result.condition)),
        fact('printer.ribbon', String(result.ribbon_panels_left ?? '')),
        fact('printer.hopper', String(result.cards_in_hopper ?? '')));
    }).catch((error) => { printerMessage.hidden = false; printerMessage.textContent = errorText(error); });
  };

  // The technician's diagnostic capture (no application): the live preview
  // from op.preview events, then the sample's score and the daemon's prompt.
  const preview = livePreview();
  const captureResult = el('div', { id: 'capture-result', role: 'status' });
  const captureButton = el('button', { type: 'button', class: 'primary', id: 'capture-start', onclick: async () => {
    captureButton.disabled = true;
    preview.reset();
    replace(captureResult);
    try {
      // Quality 100 is never reached: the scanner streams until the timeout
      // and the best frame comes back, so the preview runs for the whole time.
      const { result, blobs } = await connection.request('fingerprint.capture', {
        slot: 'left_four', timeout_ms: Number(captureTime.value) * 1000, quality: Number(captureQuality.value) });
      const image = result.image;
      if (blobs[image.frame - 1]) preview.sample(new Uint8Array(blobs[image.frame - 1]), image.width, image.height);
      captureResult.className = 'ok';
      replace(captureResult, t('capture.result', { score: result.score, found: result.found, expected: result.expected }),
        ' ', t(`capture.prompt.${result.prompt?.action ?? 'none'}`));
    } catch (error) {
      captureResult.className = 'error';
      captureResult.textContent = errorText(error);
    }
    captureButton.disabled = false;
  } }, t('capture.start'));
  const captureTime = el('input', { type: 'text', id: 'capture-seconds', value: '4', size: 3, inputmode: 'numeric' });
  const captureQuality = el('input', { type: 'text', id: 'capture-quality', value: '100', size: 3, inputmode: 'numeric' });
  const captureCard = el('section', { class: 'card', hidden: !officer.roles.includes('technician') },
    el('h2', {}, t('capture.heading')),
    el('label', { for: 'capture-seconds' }, t('capture.seconds')), captureTime,
    el('label', { for: 'capture-quality' }, t('capture.quality')), captureQuality,
    el('div', {}, captureButton), preview.element, captureResult);

  const onEvent = (event) => {
    const { topic, data } = event.detail;
    if (topic === 'op.preview' && data.op === 'fingerprint.capture') preview.frame(event.detail);
    // Not on busy <-> ready: asking the printer's status makes it busy for
    // a moment, and refreshing on that would ask again, for ever.
    if (topic.startsWith('device.') && devices.get(data.device ?? data.id)?.class === 'card_printer' &&
        data.state !== 'busy' && data.previous !== 'busy') refreshPrinter();
    if (topic === 'device.status' && devices.has(data.device)) {
      Object.assign(devices.get(data.device), { state: data.state, reason: data.reason ?? '' });
    } else if (topic === 'device.added') {
      devices.set(data.id, data);
    } else if (topic === 'device.removed' && devices.has(data.device)) {
      Object.assign(devices.get(data.device), { state: 'absent', reason: data.reason ?? '' });
    } else {
      return;
    }
    draw();
  };
  // Listen first, then list: a change during the listing is not lost.
  connection.addEventListener('daemon-event', onEvent);
  connection.request('device.list').then(({ result }) => {
    for (const device of result.devices) devices.set(device.id, device);
    draw();
    refreshPrinter();
  }).catch((error) => { message.hidden = false; message.textContent = errorText(error); });

  container.append(
    el('p', {}, el('button', { type: 'button', class: 'link-dark', onclick: () => show('home') }, t('app.back_home'))),
    el('section', { class: 'card' },
      el('h1', {}, t('screen.devices.title')),
      el('table', { id: 'devices' },
        el('thead', {}, el('tr', {}, ['device.column.device', 'device.column.state', 'device.column.reason',
          'device.column.identity', 'device.column.kind'].map((key) => el('th', {}, t(key))))),
        body),
      message),
    printerCard,
    captureCard);
  return () => connection.removeEventListener('daemon-event', onEvent);
}

// A device's own word through the catalogue; a word it does not know yet
// is shown as the device said it rather than as a missing key.
function wordText(prefix, word) {
  const key = `${prefix}.${word}`;
  const text = t(key);
  return text === key ? word : text;
}

function reasonText(reason) {
  return wordText('device.reason', reason);
}

function identityText(identity = {}) {
  return [identity.manufacturer, identity.model, identity.serial && `${t('device.serial')} ${identity.serial}`,
    identity.firmware && `${t('device.firmware')} ${identity.firmware}`].filter(Boolean).join(' · ');
}
