// Counter officer (petugas loket): open an application (NIK and KK with
// live structural hints and the daemon's reasons) and today's queue with
// each service's current step and who holds it, refreshed on sop.* events.
import { t, errorText, sopText } from '../i18n.js';
import { el, replace } from '../dom.js';
import { nikProblem, kkProblem } from '../nik.js';
import { stepPanel } from '../step_panel.js';

export function render(container, { connection, show }) {
  const field = (id, check) => {
    const input = el('input', { type: 'text', id, name: id, inputmode: 'numeric', maxlength: 16, autocomplete: 'off' });
    const hint = el('div', { class: 'hint', id: `${id}-hint` });
    input.addEventListener('input', () => {
      const problem = input.value ? check(input.value) : null;
      input.classList.toggle('invalid', Boolean(problem));
      hint.classList.toggle('bad', Boolean(problem));
      hint.textContent = problem ? t(problem) : '';
    });
    return { input, hint };
  };
  const nik = field('nik', nikProblem);
  const kk = field('kk', kkProblem);
  const married = el('input', { type: 'checkbox', id: 'married' });
  const recorded = el('input', { type: 'checkbox', id: 'biometrics-recorded' });
  const outcome = el('div', { id: 'open-outcome', role: 'status', hidden: true });
  const submit = el('button', { type: 'submit', class: 'primary', id: 'open-submit' }, t('counter.open.submit'));
  const queueBody = el('tbody', { id: 'queue-rows' });
  const queueMessage = el('div', { class: 'error', role: 'alert', hidden: true });

  const form = el('form', { class: 'card', id: 'open-form', onsubmit: async (event) => {
    event.preventDefault();
    submit.disabled = true;
    outcome.hidden = false;
    try {
      const { result } = await connection.request('application.open', {
        nik: nik.input.value.trim(), kk: kk.input.value.trim(), married: married.checked, biometrics_recorded: recorded.checked,
      });
      outcome.className = 'ok';
      outcome.textContent = t('counter.open.done', { id: result.id, step: sopText(result.current_step) });
      nik.input.value = '';
      kk.input.value = '';
      refresh();
    } catch (error) {
      outcome.className = 'error';
      outcome.textContent = errorText(error);
    }
    submit.disabled = false;
  } },
  el('h1', {}, t('counter.open.heading')),
  el('label', { for: 'nik' }, t('counter.nik')), nik.input, nik.hint,
  el('label', { for: 'kk' }, t('counter.kk')), kk.input, kk.hint,
  el('label', { class: 'check' }, married, t('counter.married')),
  el('label', { class: 'check' }, recorded, t('counter.biometrics_recorded')),
  el('div', {}, submit),
  outcome);

  // application.list names each current step by id: sop.describe gives its
  // number and titles; application.get, for a step in progress, who holds it.
  let stepsById = null;
  const refresh = async () => {
    try {
      if (!stepsById) {
        const { result: sop } = await connection.request('sop.describe');
        stepsById = new Map(sop.steps.map((step) => [step.id, step]));
      }
      const { result } = await connection.request('application.list', {});
      const applications = Array.isArray(result) ? result : (result.applications ?? []);
      const holders = new Map(await Promise.all(applications.filter((application) => application.in_progress)
        .map(async (application) => {
          const { result: full } = await connection.request('application.get', { application: application.id });
          const running = (full.steps ?? []).find((row) => !row.ended_at);
          return [application.id, running?.officer ?? ''];
        })));
      queueMessage.hidden = true;
      replace(queueBody, applications.length === 0
        ? el('tr', {}, el('td', { colspan: 5, class: 'muted' }, t('counter.queue.empty')))
        : applications.map((application) => {
          const step = application.state === 'open' ? stepsById.get(application.current_step) : null;
          return el('tr', { 'data-application': application.id },
            el('td', {}, el('button', { type: 'button', class: 'link-dark', onclick: () => select(application.id) }, application.id)),
            el('td', {}, application.nik_masked ?? ''),
            el('td', {}, step ? `${step.number}. ${sopText(step)}` : t(`application.state.${application.state}`)),
            el('td', {}, step ? t(application.in_progress ? 'counter.queue.in_progress' : 'counter.queue.waiting') : ''),
            el('td', {}, holders.get(application.id) ?? ''));
        }));
    } catch (error) {
      queueMessage.hidden = false;
      queueMessage.textContent = errorText(error);
    }
  };

  // The chosen application's current step, between the form and the queue.
  const selected = el('div', { id: 'selected-application' });
  const select = (id) => replace(selected, stepPanel(connection, stepsById, id, () => refresh()));

  const onEvent = (event) => { if (event.detail.topic.startsWith('sop.')) refresh(); };
  connection.addEventListener('daemon-event', onEvent);
  refresh();

  container.append(
    el('p', {}, el('button', { type: 'button', class: 'link-dark', onclick: () => show('home') }, t('app.back_home'))),
    form,
    selected,
    el('section', { class: 'card' },
      el('h1', {}, t('counter.queue.heading')),
      el('table', { id: 'queue' },
        el('thead', {}, el('tr', {}, ['counter.queue.application', 'counter.queue.nik', 'counter.queue.step',
          'counter.queue.status', 'counter.queue.officer'].map((key) => el('th', {}, t(key))))),
        queueBody),
      queueMessage));
  return () => connection.removeEventListener('daemon-event', onEvent);
}
