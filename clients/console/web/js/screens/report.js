// Section head (kasi yanmum): the files waiting for validation (the SOP's
// step whose actor is the supervisor role) and the day's report: counts,
// and per step the median and p90 against the standard time, with overruns.
import { t, errorText, sopText } from '../i18n.js';
import { el, replace } from '../dom.js';
import { stepPanel } from '../step_panel.js';

const svg = (tag, attributes = {}, ...children) => {
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return element;
};

export function render(container, { connection, show }) {
  const waiting = el('tbody', { id: 'waiting-rows' });
  const counts = el('dl', { id: 'report-counts', class: 'facts' });
  const chart = el('div', { id: 'report-chart' });
  const message = el('div', { class: 'error', role: 'alert', hidden: true });
  const selected = el('div', { id: 'selected-application' });

  const refresh = async () => {
    try {
      const [{ result: sop }, { result: list }, { result: report }] = await Promise.all([
        connection.request('sop.describe'),
        connection.request('application.list', {}),
        connection.request('register.report', {}),
      ]);
      message.hidden = true;
      const supervisor = sop.roles.find((role) => role.supervisor)?.id;
      const validationSteps = new Map(sop.steps.filter((step) => step.actor === supervisor).map((step) => [step.id, step]));
      const files = (Array.isArray(list) ? list : list.applications ?? [])
        .filter((application) => application.state === 'open' && validationSteps.has(application.current_step));
      replace(waiting, files.length === 0
        ? el('tr', {}, el('td', { colspan: 3, class: 'muted' }, t('report.waiting.empty')))
        : files.map((application) => el('tr', { 'data-application': application.id },
          el('td', {}, el('button', { type: 'button', class: 'link-dark',
            onclick: () => replace(selected, stepPanel(connection, new Map(sop.steps.map((step) => [step.id, step])), application.id, () => refresh())) },
          application.id)), el('td', {}, application.nik_masked ?? ''),
          el('td', {}, t(application.in_progress ? 'counter.queue.in_progress' : 'counter.queue.waiting')))));

      const fact = (key, value) => [el('dt', {}, t(key)), el('dd', { 'data-fact': key }, String(value ?? 0))];
      replace(counts,
        fact('report.date', report.date),
        fact('report.started', report.started), fact('report.completed', report.completed),
        fact('report.ended_at_decision', report.ended_at_decision), fact('report.cancelled', report.cancelled),
        fact('report.still_open', report.still_open),
        fact('report.cards_delivered', report.cards?.delivered), fact('report.cards_spoiled', report.cards?.spoiled));
      replace(chart, drawChart(sop, report));
    } catch (error) {
      message.hidden = false;
      message.textContent = errorText(error);
    }
  };
  const onEvent = (event) => { if (event.detail.topic.startsWith('sop.')) refresh(); };
  connection.addEventListener('daemon-event', onEvent);
  refresh();

  container.append(
    el('p', {}, el('button', { type: 'button', class: 'link-dark', onclick: () => show('home') }, t('app.back_home'))),
    el('section', { class: 'card' }, el('h1', {}, t('report.waiting.heading')),
      el('table', { id: 'waiting' }, el('thead', {}, el('tr', {}, ['counter.queue.application', 'counter.queue.nik',
        'counter.queue.status'].map((key) => el('th', {}, t(key))))), waiting)),
    selected,
    el('section', { class: 'card' }, el('h1', {}, t('report.heading')), counts, chart, message));
  return () => connection.removeEventListener('daemon-event', onEvent);
}

// One row per SOP step: the standard time as a grey bar, the day's median
// and p90 over it, red when past the standard; overruns counted at the end.
function drawChart(sop, report) {
  const byStep = new Map((report.steps ?? []).map((row) => [row.step, row]));
  const rows = sop.steps.map((step) => ({ step, row: byStep.get(step.id), standardMs: step.standard_s * 1000 }));
  const longest = Math.max(1, ...rows.flatMap(({ row, standardMs }) => [standardMs, row?.p90_ms ?? 0]));
  const rowHeight = 34, labelWidth = 300, barWidth = 360, width = labelWidth + barWidth + 360;
  const scale = (ms) => Math.max(1, (ms / longest) * barWidth);
  const minutes = (ms) => (ms / 60000).toFixed(1);
  const graphic = svg('svg', { class: 'chart', viewBox: `0 0 ${width} ${rows.length * rowHeight + 10}`, role: 'img',
    'aria-label': t('report.chart.label') });
  rows.forEach(({ step, row, standardMs }, index) => {
    const y = index * rowHeight + 6;
    const title = sopText(step);
    graphic.append(svg('text', { x: 0, y: y + 15 }, `${step.number}. ${title.length > 40 ? `${title.slice(0, 39)}…` : title}`));
    graphic.append(svg('rect', { class: 'standard', x: labelWidth, y, width: scale(standardMs), height: 22 }));
    if (row?.count) {
      graphic.append(svg('rect', { class: row.p90_ms > standardMs ? 'over' : 'p90', x: labelWidth, y: y + 4, width: scale(row.p90_ms), height: 6 }));
      graphic.append(svg('rect', { class: row.median_ms > standardMs ? 'over' : 'median', x: labelWidth, y: y + 12, width: scale(row.median_ms), height: 6 }));
    }
    graphic.append(svg('text', { x: labelWidth + barWidth + 8, y: y + 15 },
      row?.count ? t('report.chart.row', { median: minutes(row.median_ms), p90: minutes(row.p90_ms), standard: minutes(standardMs), overruns: row.overruns })
        : t('report.chart.no_data', { standard: minutes(standardMs) })));
  });
  const legend = el('p', { class: 'legend muted' },
    // Classes, not style attributes: the Content-Security-Policy allows our style sheet only.
    el('span', { class: 'swatch-standard' }), t('report.chart.standard'),
    el('span', { class: 'swatch-median' }), t('report.chart.median'),
    el('span', { class: 'swatch-p90' }), t('report.chart.p90'),
    el('span', { class: 'swatch-over' }), t('report.chart.over'));
  return [graphic, legend];
}
