// Home: the screens this officer's roles lead to.
import { t } from '../i18n.js';
import { el } from '../dom.js';

// Which screen each role works at. Roles without a screen yet show a note.
const screensByRole = {
  technician: ['devices'],
  petugas_loket: ['counter'],
  kasi_yanmum: ['report'],
  operator_siak: ['devices'],
};

export function render(container, { officer, show }) {
  const names = [...new Set(officer.roles.flatMap((role) => screensByRole[role] ?? []))];
  const tiles = names.map((name) => el('button', { type: 'button', class: 'card tile', id: `open-${name}`, onclick: () => show(name) },
    el('h2', {}, t(`screen.${name}.title`)), el('p', { class: 'muted' }, t(`screen.${name}.summary`))));
  container.append(
    el('h1', {}, t('home.heading', { name: officer.name })),
    names.length ? el('div', { class: 'tiles' }, tiles) : el('p', { class: 'card muted', id: 'no-screens' }, t('home.no_screens')),
  );
}
