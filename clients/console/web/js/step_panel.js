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
    replace(panel, heading, title,
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
