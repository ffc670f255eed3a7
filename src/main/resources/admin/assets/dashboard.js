// The dashboard's chart (uPlot) and numbers, fetched again every 10 seconds.
(() => {
  const chart = document.getElementById('chart');
  if (!chart) return;
  const colours = ['#2f5bd3', '#d9730d', '#0f9d58', '#c2185b', '#7b1fa2', '#00838f', '#8d6e63', '#546e7a', '#9e9d24'];
  let plot = null;
  let shape = '';

  function text(id, value) {
    const element = document.getElementById(id);
    if (element) element.textContent = value;
  }

  // Shown while the broker may lose events answered 202.
  function brokerWarning(message) {
    let element = document.getElementById('broker-warning');
    if (!message) {
      if (element) element.remove();
      return;
    }
    if (!element) {
      element = document.createElement('p');
      element.id = 'broker-warning';
      element.className = 'flash error';
      document.querySelector('main h1').after(element);
    }
    element.textContent = message;
  }

  // Whole seconds for people, as the server writes them (Formats.seconds).
  function seconds(value) {
    const s = Math.max(0, Math.round(value));
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
    if (s < 86400) return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
    return Math.floor(s / 86400) + ' d ' + Math.floor((s % 86400) / 3600) + ' h';
  }

  function cell(row, value, className) {
    const td = document.createElement('td');
    td.textContent = value;
    if (className) td.className = className;
    row.appendChild(td);
    return td;
  }

  // The deployment's processes, live and lost, from the registry.
  function processes(list) {
    const body = document.querySelector('#processes tbody');
    if (!body) return;
    body.replaceChildren();
    if (list.length === 0) {
      const row = document.createElement('tr');
      row.className = 'none';
      cell(row, 'No process has written a heartbeat yet.', 'muted').colSpan = 12;
      body.appendChild(row);
      return;
    }
    for (const p of list) {
      const row = document.createElement('tr');
      row.dataset.id = p.id;
      cell(row, p.role);
      cell(row, p.host);
      cell(row, p.pid);
      cell(row, p.version);
      cell(row, p.startedAt.slice(0, 19).replace('T', ' '));
      cell(row, seconds(p.secondsSinceSeen) + ' ago');
      const state = document.createElement('span');
      state.className = 'state ' + (p.state === 'live' ? 'ok' : 'bad');
      state.textContent = p.state;
      const stateCell = cell(row, '');
      stateCell.appendChild(state);
      if (p.problem) {
        const problem = document.createElement('span');
        problem.className = 'hint problem';
        problem.textContent = p.problem;
        stateCell.appendChild(problem);
      }
      cell(row, p.batchesStored);
      cell(row, p.eventsStored);
      cell(row, p.failures);
      cell(row, p.restarts);
      const id = document.createElement('code');
      id.title = p.id;
      id.textContent = p.id.slice(0, 8);
      cell(row, '').appendChild(id);
      body.appendChild(row);
    }
  }

  // How far each Parquet export is behind; no section while no export has run.
  function exports(list) {
    let section = document.getElementById('exports');
    if (list.length === 0) {
      if (section) section.remove();
      return;
    }
    if (!section) {
      section = document.createElement('section');
      section.id = 'exports';
      const title = document.createElement('h2');
      title.textContent = 'Parquet export';
      const table = document.createElement('table');
      table.className = 'compact';
      table.id = 'export-lag';
      const head = document.createElement('tr');
      for (const name of ['Destination', 'Events behind', 'Oldest waiting', 'Exporter']) {
        const th = document.createElement('th');
        th.textContent = name;
        head.appendChild(th);
      }
      table.createTHead().appendChild(head);
      table.appendChild(document.createElement('tbody'));
      section.append(title, table);
      document.getElementById('processes').closest('section').after(section);
    }
    const body = section.querySelector('tbody');
    body.replaceChildren();
    for (const e of list) {
      const row = document.createElement('tr');
      row.dataset.destination = e.destination;
      const code = document.createElement('code');
      code.textContent = e.destination;
      cell(row, '').appendChild(code);
      cell(row, e.counted ? e.events : 'at least ' + e.events, 'events');
      cell(row, seconds(e.seconds), 'seconds');
      cell(row, e.holder || 'none running', 'holder');
      body.appendChild(row);
    }
  }

  function draw(data) {
    const series = data.chart.series;
    const key = series.map((s) => s.category).join('\u001f');
    const rows = [data.chart.minutes, ...series.map((s) => s.counts)];
    document.getElementById('chart-empty').textContent = series.length === 0
      ? 'No events in the last hour (by their own timestamps, UTC).'
      : 'By the events\u2019 own timestamps, in UTC. Updated every 10 seconds.';
    if (plot && key === shape) {
      plot.setData(rows);
      return;
    }
    if (plot) plot.destroy();
    shape = key;
    plot = new uPlot({
      width: chart.clientWidth - 16,
      height: 300,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
      legend: { live: false },
      scales: { y: { range: (u, min, max) => [0, Math.max(max, 5)] } },
      series: [{}, ...series.map((s, i) => ({
        label: s.category, stroke: colours[i % colours.length], width: 2, points: { show: false },
      }))],
      axes: [
        { values: (u, ticks) => ticks.map((t) => new Date(t * 1e3).toISOString().slice(11, 16)) },
        { label: 'events / minute', size: 60 },
      ],
    }, rows, chart);
  }

  async function refresh() {
    try {
      const response = await fetch(chart.dataset.source, { headers: { Accept: 'application/json' } });
      if (!response.ok || !response.headers.get('Content-Type').includes('json')) return;
      const data = await response.json();
      draw(data);
      text('events-today', data.eventsToday);
      text('rejected-today', data.rejectedToday);
      text('queue-waiting', data.system.waiting === null ? '\u2013' : data.system.waiting);
      text('queue-oldest', data.system.oldestWaitingSeconds === null
        ? '' : 'oldest waiting ' + seconds(data.system.oldestWaitingSeconds));
      text('queue-detail', data.system.waitingDetail);
      text('stored-rate', data.processes.storedPerSecond);
      text('workers', data.processes.live + ' live, '
        + (data.processes.failing > 0 ? data.processes.failing + ' failing, ' : '') + data.processes.lost + ' lost');
      text('commits', 'this process: ' + data.system.workers + ', ' + data.system.commits + ' commits, '
        + data.system.restarts + ' restarts');
      processes(data.processes.members);
      exports(data.exports);
      brokerWarning(data.system.brokerWarning);
    } catch (e) {
      // The next refresh tries again.
    }
  }

  refresh();
  setInterval(refresh, 10000);
})();
