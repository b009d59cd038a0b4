// The message catalogue: every visible string and every daemon error code,
// keyed by a stable id, one JSON file per language (messages/<lang>.json).
// Indonesian first; English on the header's switch, remembered per browser.

const languages = ['id', 'en'];
let current = 'id';
let catalogue = {};
let fallback = {};

async function load(language) {
  const response = await fetch(`/messages/${language}.json`);
  if (!response.ok) throw new Error(`catalogue ${language}: HTTP ${response.status}`);
  return response.json();
}

export async function initI18n() {
  fallback = await load('id');
  const saved = localStorage.getItem('ktpel.language');
  await setLanguage(languages.includes(saved) ? saved : 'id');
}

export async function setLanguage(language) {
  catalogue = language === 'id' ? fallback : await load(language);
  current = language;
  localStorage.setItem('ktpel.language', language);
  document.documentElement.lang = language;
}

export function language() { return current; }
export function otherLanguage() { return current === 'id' ? 'en' : 'id'; }

// t('login.locked', {seconds: 5}): the sentence with {name} filled in. A
// missing key shows as the key itself, so a gap is visible, never silent.
export function t(key, params = {}) {
  const text = catalogue[key] ?? fallback[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in params ? String(params[name]) : `{${name}}`));
}

export function has(key) { return key in catalogue || key in fallback; }

// The sentence for a daemon or gateway error: the most specific key the
// catalogue has, from error.<code>.<reason> down to error.<code>; never the
// daemon's raw English message.
export function errorText(error) {
  const code = error?.code ?? 'internal';
  const details = error?.details ?? {};
  const params = { ...details };
  if (details.retry_after_ms !== undefined) params.seconds = Math.ceil(details.retry_after_ms / 1000);
  for (const key of [
    details.reason && `error.${code}.${details.reason}`,
    details.arg && `error.${code}.arg.${details.arg}`,
    details.awaiting && `error.${code}.${details.awaiting}`,
    `error.${code}`,
  ]) {
    if (key && has(key)) return t(key, params);
  }
  return t('error.unknown', { code });
}

// A SOP text in the current language (the SOP's own title_id / title_en).
export function sopText(object, field = 'title') {
  return (current === 'id' ? object?.[`${field}_id`] : object?.[`${field}_en`]) ?? object?.[`${field}_id`] ?? '';
}
