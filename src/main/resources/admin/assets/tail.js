// The live tail: reads the server-sent events stream, newest rows on top; Pause closes it, Resume opens it again.
(() => {
  const table = document.getElementById('tail');
  const url = table && table.dataset.stream;
  if (!url) return;
  const rows = document.getElementById('tail-rows');
  const status = document.getElementById('tail-status');
  const missedBanner = document.getElementById('tail-missed');
  const toggle = document.getElementById('tail-toggle');
  const keep = 500;
  let source = null;
  let shown = 0;
  let missed = 0;

  function cell(row, text, className) {
    const td = row.insertCell();
    td.textContent = text;
    if (className) td.className = className;
    return td;
  }

  function add(event) {
    const row = document.createElement('tr');
    row.className = 'new';
    const time = row.insertCell();
    const link = document.createElement('a');
    link.href = '/admin/events/' + event.client_id + '/' + event.id;
    link.textContent = event.timestamp;
    time.appendChild(link);
    cell(row, event.client);
    cell(row, event.session_id);
    cell(row, event.category);
    cell(row, event.name);
    cell(row, event.data, 'data');
    rows.insertBefore(row, rows.firstChild);
    while (rows.rows.length > keep) rows.deleteRow(rows.rows.length - 1);
  }

  function open() {
    source = new EventSource(url);
    source.onopen = () => { status.textContent = 'Live: events appear as they are stored.'; };
    source.addEventListener('events', (message) => {
      const events = JSON.parse(message.data);
      events.forEach(add);
      shown += events.length;
      status.textContent = 'Live: ' + shown + ' events shown since the page opened.';
    });
    source.addEventListener('missed', (message) => {
      missed += Number(message.data);
      missedBanner.hidden = false;
      missedBanner.textContent = missed + ' events missed: this page fell behind the stream.';
    });
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) {
        status.textContent = 'Disconnected: reload the page (you may need to sign in again).';
      } else {
        status.textContent = 'Reconnecting…';
      }
    };
  }

  toggle.addEventListener('click', () => {
    if (source) {
      source.close();
      source = null;
      toggle.textContent = 'Resume';
      status.textContent = 'Paused: events stored meanwhile are not shown.';
    } else {
      open();
      toggle.textContent = 'Pause';
    }
  });

  open();
})();
