// Login: officer id and PIN. The daemon's lockout (rate_limited) shows
// with its retry time, counting down.
import { t, errorText } from '../i18n.js';
import { el } from '../dom.js';
import * as api from '../api.js';

export function render(container, { loggedIn }) {
  let countdown = null;
  const officer = el('input', { type: 'text', id: 'officer', name: 'officer', autocomplete: 'username', required: true });
  const pin = el('input', { type: 'password', id: 'pin', name: 'pin', inputmode: 'numeric', autocomplete: 'current-password', required: true });
  const message = el('div', { id: 'login-error', class: 'error', role: 'alert', hidden: true });
  const submit = el('button', { type: 'submit', class: 'primary', id: 'login-submit' }, t('login.submit'));

  const form = el('form', { class: 'card', id: 'login-form', onsubmit: async (event) => {
    event.preventDefault();
    submit.disabled = true;
    message.hidden = true;
    try {
      await loggedIn(await api.login(officer.value.trim(), pin.value));
    } catch (error) {
      pin.value = '';
      message.hidden = false;
      if (error.code === 'rate_limited' && error.details?.retry_after_ms) {
        let seconds = Math.ceil(error.details.retry_after_ms / 1000);
        const tick = () => {
          message.textContent = t('login.locked', { seconds });
          if (seconds-- <= 0) { clearInterval(countdown); submit.disabled = false; }
        };
        tick();
        countdown = setInterval(tick, 1000);
        return;
      }
      message.textContent = errorText(error);
    }
    submit.disabled = false;
  } },
  el('h1', {}, t('login.heading')),
  el('label', { for: 'officer' }, t('login.officer')), officer,
  el('label', { for: 'pin' }, t('login.pin')), pin,
  el('div', {}, submit),
  message);
  container.append(form);
  officer.focus();
  return () => clearInterval(countdown);
}
