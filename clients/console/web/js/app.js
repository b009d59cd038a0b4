// The console's entry point: the catalogue, the session, and which screen
// shows. A screen is a module exporting render(container, context) that
// may return a cleanup function (docs/console.md, "Adding a screen").
import { initI18n, setLanguage, otherLanguage, t } from './i18n.js';
import { Connection } from './connection.js';
import * as api from './api.js';
import * as loginScreen from './screens/login.js';
import * as homeScreen from './screens/home.js';
import * as devicesScreen from './screens/devices.js';
import * as counterScreen from './screens/counter.js';
import * as reportScreen from './screens/report.js';

const screens = { login: loginScreen, home: homeScreen, devices: devicesScreen, counter: counterScreen, report: reportScreen };

const state = { officer: null, connection: null, screen: 'login', cleanup: null, notice: null };

function show(name) {
  state.screen = name;
  render();
}

function render() {
  document.title = t('app.title');
  document.getElementById('title').textContent = t('app.title');
  const languageButton = document.getElementById('language');
  languageButton.textContent = t(`language.switch_to.${otherLanguage()}`);
  const logoutButton = document.getElementById('logout');
  logoutButton.hidden = !state.officer;
  logoutButton.textContent = t('app.logout');
  document.getElementById('who').textContent = state.officer
    ? t('app.logged_in_as', { name: state.officer.name, role: state.officer.roles.map((role) => t(`role.${role}`)).join(', ') })
    : '';
  const notice = document.getElementById('notice');
  notice.hidden = !state.notice;
  notice.textContent = state.notice ?? '';

  state.cleanup?.();
  state.cleanup = null;
  const container = document.getElementById('screen');
  container.replaceChildren();
  const screen = screens[state.officer ? state.screen : 'login'];
  state.cleanup = screen.render(container, { officer: state.officer, connection: state.connection, show, loggedIn, notify }) ?? null;
}

function notify(text) {
  state.notice = text;
  render();
}

async function loggedIn(officer) {
  state.officer = officer;
  state.notice = null;
  state.connection = new Connection();
  state.connection.addEventListener('session-ended', (event) => ended(`session.ended.${event.detail.reason}`));
  state.connection.addEventListener('closed', (event) => {
    if (state.officer && event.detail.reason.startsWith('too_slow')) ended('session.tab_dropped');
  });
  try {
    await state.connection.open();
  } catch {
    ended('session.ended.expired');
    return;
  }
  show('home');
}

function ended(messageKey) {
  state.officer = null;
  state.connection = null;
  state.notice = t(messageKey);
  show('login');
}

async function start() {
  await initI18n();
  document.getElementById('language').addEventListener('click', async () => {
    await setLanguage(otherLanguage());
    render();
  });
  document.getElementById('logout').addEventListener('click', async () => {
    await api.logout().catch(() => {});
    state.connection?.close();
    ended('session.ended.logged_out');
  });
  try {
    await loggedIn(await api.currentSession());
  } catch {
    show('login');
  }
}

start();
