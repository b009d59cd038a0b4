// Technician: the station's devices with state, identity and reason,
// updated live from the daemon's device.* events.
import { t, errorText } from '../i18n.js';
import { el, replace } from '../dom.js';

export function render(container, { connection, show }) {
  const devices = new Map();
  const body = el('tbody', { id: 'device-rows' });
  const message = el('div', { class: 'error', role: 'alert', hidden: true });

  const draw = () => replace(body, [...devices.values()].map((device) => el('tr', { 'data-device': device.id },
    el('td', {}, el('strong', {}, device.id), el('div', { class: 'muted' }, t(`device.class.${device.class}`))),
    el('td', {}, el('span', { class: `state state-${device.state}`, 'data-state': device.state }, t(`device.state.${device.state}`))),
    el('td', { class: 'reason' }, device.reason ? reasonText(device.reason) : ''),
    el('td', {}, identityText(device.identity)),
    el('td', {}, device.simulated ? t('device.simulated') : ''))));

  const onEvent = (event) => {
    const { topic, data } = event.detail;
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
  }).catch((error) => { message.hidden = false; message.textContent = errorText(error); });

  container.append(
    el('p', {}, el('button', { type: 'button', class: 'link-dark', onclick: () => show('home') }, t('app.back_home'))),
    el('section', { class: 'card' },
      el('h1', {}, t('screen.devices.title')),
      el('table', { id: 'devices' },
        el('thead', {}, el('tr', {}, ['device.column.device', 'device.column.state', 'device.column.reason',
          'device.column.identity', 'device.column.kind'].map((key) => el('th', {}, t(key))))),
        body),
      message));
  return () => connection.removeEventListener('daemon-event', onEvent);
}

function reasonText(reason) {
  const key = `device.reason.${reason}`;
  const text = t(key);
  return text === key ? reason : text; // a driver's own word is shown as it is
}

function identityText(identity = {}) {
  return [identity.manufacturer, identity.model, identity.serial && `${t('device.serial')} ${identity.serial}`,
    identity.firmware && `${t('device.firmware')} ${identity.firmware}`].filter(Boolean).join(' · ');
}
