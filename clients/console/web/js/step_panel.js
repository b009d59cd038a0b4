// One application's current SOP step, for the officer who performs it:
// start it, then complete it (with the decision's outcome and its reason,
// and the values the step asks the officer to declare). The daemon decides
// what is allowed; its refusal shows as the catalogue's sentence.
import { t, errorText, sopText } from './i18n.js';
import { el, replace } from './dom.js';

// stepsById: sop.describe's steps by id. onChange(application) after every transition.
export function stepPanel(connection, stepsById, applicationId, onChange) {
  const panel = el('section', { class: 'card', id: 'step-panel', 'data-application': applicationId });
  const message = el('div', { class: 'error', role: 'alert', id: 'step-error', hidden: true });

  const act = async (op, args) => {
    message.hidden = true;
    try {
      const { result } = await connection.request(op, { application: applicationId, ...args });
      draw(result);
      onChange?.(result);
    } catch (error) {
      message.hidden = false;
      message.textContent = errorText(error);
    }
  };

  const draw = (application) => {
    const current = application.current_step;
    const step = current && stepsById.get(current.step);
    const heading = el('h2', {}, t('step.heading', { id: application.id }));
    if (application.state !== 'open' || !step) {
      const reason = application.end_reason ? ` — ${application.end_reason}` : '';
      replace(panel, heading, el('p', { id: 'step-state' }, `${t(`application.state.${application.state}`)}${reason}`), message);
      return;
    }
    const title = el('p', { id: 'step-state' }, `${step.number}. ${sopText(step)} — `,
      el('strong', {}, t(current.in_progress ? 'counter.queue.in_progress' : 'counter.queue.waiting')));
    if (!current.in_progress) {
      replace(panel, heading, title,
        el('button', { type: 'button', class: 'primary', id: 'step-start', onclick: () => act('sop.step.start', { step: step.id }) }, t('step.start')),
        message);
      return;
    }
    const timer = stepTimer(connection, application, current.step);
    const outcomes = step.outcomes ?? [];
    const outcome = outcomes.length
      ? el('select', { id: 'step-outcome' }, outcomes.map((choice) => el('option', { value: choice.id }, outcomeText(choice.id))))
      : null;
    const reason = el('input', { type: 'text', id: 'step-reason', maxlength: 200 });
    const declared = (step.evidence ?? []).filter((item) => item.name.startsWith('declared.')).map((item) => ({
      name: item.name.slice('declared.'.length),
      input: el('input', { type: 'text', id: `step-declared-${item.name.slice('declared.'.length)}`, maxlength: 200 }),
      label: item.title_en ?? item.name,
    }));
    replace(panel, heading, title, timer,
      outcome && [el('label', { for: 'step-outcome' }, t('step.outcome')), outcome],
      el('label', { for: 'step-reason' }, t('step.reason')), reason,
      declared.map(({ input, label }) => [el('label', { for: input.id }, label), input]),
      el('div', {}, el('button', { type: 'button', class: 'primary', id: 'step-complete', onclick: () => {
        const args = { step: step.id };
        if (outcome) args.outcome = outcome.value;
        if (reason.value.trim()) args.reason = reason.value.trim();
        if (declared.length) args.evidence = Object.fromEntries(declared.map(({ name, input }) => [name, input.value.trim()]));
        act('sop.step.complete', args);
      } }, t('step.complete'))),
      message);
  };

  connection.request('application.get', { application: applicationId })
    .then(({ result }) => draw(result))
    .catch((error) => { message.hidden = false; message.textContent = errorText(error); replace(panel, message); });
  return panel;
}

function outcomeText(id) {
  const key = `step.outcome.${id}`;
  const text = t(key);
  return text === key ? id : text;
}

// The step's elapsed time against its standard time (scaled as the daemon
// scales it): amber from 80 %, red past it or once the daemon published
// sop.overrun for it. Ticks every second while the panel is on screen.
function stepTimer(connection, application, stepId) {
  const row = (application.steps ?? []).find((candidate) => candidate.step === stepId && !candidate.ended_at);
  if (!row?.started_at || !row.standard_ms) return null;
  const standardMs = row.standard_ms / (row.time_scale || 1);
  const startedAt = Date.parse(row.started_at);
  const display = el('p', { id: 'step-timer', class: 'timer' });
  let overrun = false;
  const clock = (ms) => {
    const seconds = Math.max(0, Math.floor(ms / 1000));
    return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  };
  const onEvent = (event) => {
    const { topic, data } = event.detail;
    if (topic === 'sop.overrun' && data.application === application.id && data.step === stepId) {
      overrun = true;
      tick();
    }
  };
  let shown = false;
  const tick = () => {
    // Stops once the display has been on screen and is gone (a redraw, another screen).
    if (display.isConnected) {
      shown = true;
    } else if (shown) {
      clearInterval(interval);
      connection.removeEventListener('daemon-event', onEvent);
      return;
    }
    const elapsed = Date.now() - startedAt;
    const level = overrun || elapsed > standardMs ? 'over' : elapsed >= 0.8 * standardMs ? 'near' : 'ok';
    display.className = `timer timer-${level}`;
    display.dataset.level = level;
    display.textContent = t(`step.timer.${level}`, { elapsed: clock(elapsed), standard: clock(standardMs) });
  };
  const interval = setInterval(tick, 1000);
  connection.addEventListener('daemon-event', onEvent);
  tick();
  return display;
}
