/*
 * The report page's script: reads the filters from the address, asks the collector's JSON API
 * (/api/v1/...) and draws one table per question, with a chart beside it.
 *
 * Implementation notes:
 * - The address is the state. The filter form is a plain GET form, so applying filters loads
 *   /?component=...&from=..., which can be bookmarked or shared; this script only reads it.
 * - "from" and "to" are whole UTC days, both inclusive as the user picks them; the API's "to" is
 *   exclusive, so the day after "to" is what is sent.
 * - A read token the page was opened with (?token=...) is forwarded on every API call as
 *   "Authorization: Bearer", and kept in the form so it survives a change of filters.
 * - Tables are the source of truth for people and for the browser tests: every number cell carries
 *   the API's raw value in data-value, and its text is that value formatted by fmt* below.
 * - Everything from the API is put into the page with textContent, never as HTML: samples are
 *   users' sanitized error texts, not markup.
 * - Charts are optional: if Chart.js did not load, the tables still show everything.
 */
(function () {
  'use strict';

  var FILTERS = ['component', 'version', 'command', 'from', 'to'];
  var params = new URLSearchParams(window.location.search);
  var token = params.get('token') || '';
  var charts = {};
  // Okabe-Ito: distinguishable with the common colour-vision deficiencies.
  var PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

  function activeFilters() {
    var out = {};
    FILTERS.forEach(function (name) {
      var value = params.get(name);
      if (value) { out[name] = value; }
    });
    return out;
  }

  /** The day after an ISO day, for the API's exclusive "to": the form's "to" day is meant inclusive. */
  function nextDay(day) {
    var d = new Date(day + 'T00:00:00Z');
    d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
  }

  function apiFilters() {
    var f = activeFilters();
    if (f.to && /^\d{4}-\d{2}-\d{2}$/.test(f.to)) { f.to = nextDay(f.to); }
    return f;
  }

  function apiUrl(path, extra, unfiltered) {
    var q = new URLSearchParams(unfiltered ? {} : apiFilters());
    Object.keys(extra || {}).forEach(function (k) { q.set(k, extra[k]); });
    var s = q.toString();
    return '/api/v1/' + path + (s ? '?' + s : '');
  }

  function api(path, extra, unfiltered) {
    var headers = { Accept: 'application/json' };
    if (token) { headers.Authorization = 'Bearer ' + token; }
    return fetch(apiUrl(path, extra, unfiltered), { headers: headers, cache: 'no-store' }).then(function (res) {
      if (!res.ok) {
        var err = new Error('/api/v1/' + path + ' answered HTTP ' + res.status);
        err.status = res.status;
        throw err;
      }
      return res.json();
    });
  }

  /* ---------- formatting: the one place that turns API numbers into text ---------- */

  function isNum(v) { return typeof v === 'number' && isFinite(v); }
  function fmtCount(v) { return isNum(v) ? String(Math.round(v)) : '—'; }
  function fmtMs(v) { return isNum(v) ? (Number.isInteger(v) ? String(v) : v.toFixed(1)) : '—'; }
  function fmtRate(v) { return isNum(v) ? (v * 100).toFixed(1) + ' %' : '—'; }
  function text(v) { return v === null || v === undefined || v === '' ? '—' : String(v); }

  /* ---------- DOM helpers ---------- */

  function el(tag, attrs, content) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'className') { node.className = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    if (content instanceof Node) { node.appendChild(content); } else if (content !== undefined) { node.textContent = content; }
    return node;
  }

  /** A cell: text for people, the API's raw value in data-value and the API field in data-field. */
  function cell(field, raw, formatted, numeric) {
    var td = el('td', { 'data-field': field }, formatted);
    td.setAttribute('data-value', raw === undefined ? 'null' : JSON.stringify(raw));
    if (numeric) { td.className = 'num'; }
    return td;
  }

  function fillTable(id, rows, emptyText, toCells) {
    var tbody = document.querySelector('#' + id + ' tbody');
    tbody.textContent = '';
    if (!rows.length) {
      var cols = document.querySelectorAll('#' + id + ' thead th').length;
      tbody.appendChild(el('tr', { 'data-empty': 'true' }, el('td', { colspan: String(cols), className: 'none' }, emptyText)));
      return;
    }
    rows.forEach(function (row, i) {
      var tr = el('tr', { 'data-row': String(i) });
      toCells(row).forEach(function (td) { tr.appendChild(td); });
      tbody.appendChild(tr);
    });
  }

  function note(id, message) {
    fillTable(id, [], message, function () { return []; });
  }

  /* ---------- charts ---------- */

  function chart(id, config) {
    if (charts[id]) { charts[id].destroy(); delete charts[id]; }
    var canvas = document.getElementById(id);
    if (!canvas || typeof window.Chart !== 'function') { return; }
    var figure = canvas.parentNode;
    var hasData = config.data.datasets.some(function (d) { return d.data.length > 0; });
    figure.hidden = !hasData;
    if (!hasData) { return; }
    config.options = Object.assign({
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: config.data.datasets.length > 1, position: 'bottom' } }
    }, config.options || {});
    charts[id] = new window.Chart(canvas, config);
  }

  function barChart(id, labels, datasets, horizontal, yTitle, max) {
    var valueAxis = { beginAtZero: true, title: { display: !!yTitle, text: yTitle || '' } };
    if (max !== undefined) { valueAxis.max = max; }
    chart(id, {
      type: 'bar',
      data: {
        labels: labels,
        datasets: datasets.map(function (d, i) {
          return { label: d.label, data: d.data, backgroundColor: d.color || PALETTE[i % PALETTE.length], maxBarThickness: 28 };
        })
      },
      options: { indexAxis: horizontal ? 'y' : 'x', scales: horizontal ? { x: valueAxis } : { y: valueAxis } }
    });
  }

  // A phone's chart has no room for long axis labels (Chart.js would clip them): the table has them whole.
  var NARROW = window.matchMedia && window.matchMedia('(max-width: 600px)').matches;

  /** Long labels lose their middle: the start and the end (a version, a stage) tell them apart. */
  function shorten(label, max) {
    label = String(label);
    max = NARROW ? Math.min(max, 18) : max;
    if (label.length <= max) { return label; }
    var head = Math.ceil((max - 1) / 3);
    return label.slice(0, head) + '…' + label.slice(label.length - (max - 1 - head));
  }

  /** The prefix all names share, up to a separator ("sitegen-plugin-"), so charts can leave it out. */
  function commonPrefix(names) {
    if (names.length < 2) { return ''; }
    var prefix = String(names[0]);
    names.forEach(function (n) {
      n = String(n);
      while (prefix && n.indexOf(prefix) !== 0) { prefix = prefix.slice(0, -1); }
    });
    var cut = Math.max(prefix.lastIndexOf('-'), prefix.lastIndexOf('.'), prefix.lastIndexOf('/'), prefix.lastIndexOf(' '));
    return cut >= 3 ? prefix.slice(0, cut + 1) : '';
  }

  function withoutPrefix(name, prefix) {
    name = String(name);
    return prefix && name.indexOf(prefix) === 0 && name.length > prefix.length ? name.slice(prefix.length) : name;
  }

  /* ---------- the sections ---------- */

  function renderCommands(rows) {
    var runs = 0, failures = 0;
    rows.forEach(function (r) { runs += r.runs || 0; failures += r.failures || 0; });
    var totals = document.getElementById('totals');
    totals.textContent = '';
    [['runs', 'Runs', fmtCount(runs)], ['failures', 'Failed runs', fmtCount(failures)],
     ['failure-rate', 'Failure rate', runs ? fmtRate(failures / runs) : '—'],
     ['commands', 'Commands', fmtCount(rows.length)]].forEach(function (t) {
      var div = el('div', { 'data-total': t[0] });
      div.appendChild(el('strong', {}, t[2]));
      div.appendChild(document.createTextNode(t[1]));
      totals.appendChild(div);
    });
    fillTable('t-commands', rows, 'No runs match these filters.', function (r) {
      var rate = r.runs ? r.failures / r.runs : null;
      return [
        el('th', { scope: 'row', 'data-field': 'command', 'data-value': JSON.stringify(r.command) }, text(r.command)),
        cell('runs', r.runs, fmtCount(r.runs), true),
        cell('machines', r.machines, fmtCount(r.machines), true),
        cell('failures', r.failures, fmtCount(r.failures), true),
        cell('failureRate', rate, fmtRate(rate), true),
        cell('durationP50', r.durationP50, fmtMs(r.durationP50), true),
        cell('durationP90', r.durationP90, fmtMs(r.durationP90), true)
      ];
    });
    barChart('c-commands', rows.map(function (r) { return r.command; }), [
      { label: 'Succeeded', data: rows.map(function (r) { return (r.runs || 0) - (r.failures || 0); }), color: PALETTE[0] },
      { label: 'Failed', data: rows.map(function (r) { return r.failures || 0; }), color: PALETTE[5] }
    ], false, 'runs');
    if (charts['c-commands']) {
      charts['c-commands'].options.scales.x = { stacked: true };
      charts['c-commands'].options.scales.y.stacked = true;
      charts['c-commands'].update();
    }
  }

  function stageLabel(r, manyCommands) {
    return manyCommands ? r.command + ' · ' + r.stage : r.stage;
  }

  function distinct(rows, key) {
    var seen = [];
    rows.forEach(function (r) { if (seen.indexOf(r[key]) < 0) { seen.push(r[key]); } });
    return seen;
  }

  function renderStages(rows) {
    var many = distinct(rows, 'command').length > 1;
    fillTable('t-stages', rows, 'No stage timings match these filters (are stages configured in the agent?).', function (r) {
      return [
        cell('command', r.command, text(r.command)),
        el('th', { scope: 'row', 'data-field': 'stage', 'data-value': JSON.stringify(r.stage) }, text(r.stage)),
        cell('runs', r.runs, fmtCount(r.runs), true),
        cell('calls', r.calls, fmtCount(r.calls), true),
        cell('errors', r.errors, fmtCount(r.errors), true),
        cell('p50', r.p50, fmtMs(r.p50), true),
        cell('p90', r.p90, fmtMs(r.p90), true),
        cell('p99', r.p99, fmtMs(r.p99), true)
      ];
    });
    var labels = rows.map(function (r) { return shorten(stageLabel(r, many), 28); });
    barChart('c-stages', labels, ['p50', 'p90', 'p99'].map(function (p) {
      return { label: p, data: rows.map(function (r) { return r[p]; }) };
    }), true, 'milliseconds');
  }

  function renderTrend(by, rows) {
    var tableId = 't-trend-' + by;
    var many = distinct(rows, 'command').length > 1;
    fillTable(tableId, rows, 'No stage timings match these filters.', function (r) {
      return [
        el('th', { scope: 'row', 'data-field': 'bucket', 'data-value': JSON.stringify(r.bucket) }, text(r.bucket)),
        cell('stage', r.stage, stageLabel(r, many)),
        cell('runs', r.runs, fmtCount(r.runs), true),
        cell('p50', r.p50, fmtMs(r.p50), true),
        cell('p90', r.p90, fmtMs(r.p90), true),
        cell('p99', r.p99, fmtMs(r.p99), true)
      ];
    });
    var buckets = distinct(rows, 'bucket').sort();
    var series = {};
    rows.forEach(function (r) {
      var key = stageLabel(r, many);
      series[key] = series[key] || {};
      series[key][r.bucket] = r.p50;
    });
    var datasets = Object.keys(series).map(function (key, i) {
      return {
        label: shorten(key, 28),
        data: buckets.map(function (b) { return isNum(series[key][b]) ? series[key][b] : null; }),
        borderColor: PALETTE[i % PALETTE.length],
        backgroundColor: PALETTE[i % PALETTE.length],
        spanGaps: true
      };
    });
    chart('c-trend-' + by, {
      // a line needs two points; a single day is shown as bars, like versions
      type: by === 'day' && buckets.length > 1 ? 'line' : 'bar',
      data: { labels: buckets, datasets: datasets },
      options: { scales: { y: { beginAtZero: true, title: { display: true, text: 'p50, milliseconds' } } } }
    });
  }

  function renderErrors(rows) {
    fillTable('t-errors', rows, 'No errors match these filters.', function (r) {
      var type = el('td', { 'data-field': 'exceptionType', 'data-value': JSON.stringify(r.exceptionType) });
      type.appendChild(document.createTextNode(text(r.exceptionType)));
      type.appendChild(el('span', { className: 'fp', title: 'fingerprint', 'data-field': 'fingerprint',
        'data-value': JSON.stringify(r.fingerprint) }, text(r.eventType) + ' · ' + shorten(text(r.fingerprint), 16)));
      var sample = el('td', { 'data-field': 'sample', 'data-value': JSON.stringify(r.sample) });
      if (r.sample) {
        var details = el('details');
        details.appendChild(el('summary', {}, 'show'));
        details.appendChild(el('pre', {}, String(r.sample)));
        sample.appendChild(details);
      } else {
        sample.textContent = '—';
      }
      return [
        el('th', { scope: 'row', 'data-field': 'stage', 'data-value': JSON.stringify(r.stage) },
          r.stage === null || r.stage === undefined ? '(no stage)' : String(r.stage)),
        type,
        cell('plugin', r.plugin, text(r.plugin)),
        cell('count', r.count, fmtCount(r.count), true),
        cell('machines', r.machines, fmtCount(r.machines), true),
        cell('lastSeen', r.lastSeen, text(r.lastSeen).replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')),
        sample
      ];
    });
    var top = rows.slice(0, 10);
    barChart('c-errors', top.map(function (r) {
      var simple = String(r.exceptionType || r.eventType || '?').split('.').pop();
      return shorten(simple + ' (' + (r.stage || 'no stage') + ')', 48);
    }), [{ label: 'errors', data: top.map(function (r) { return r.count; }), color: PALETTE[5] }], true, 'errors');
  }

  function renderPlugins(rows) {
    fillTable('t-plugins', rows, 'No plugins were reported for these runs.', function (r) {
      return [
        el('th', { scope: 'row', 'data-field': 'plugin', 'data-value': JSON.stringify(r.plugin) }, text(r.plugin)),
        cell('runs', r.runs, fmtCount(r.runs), true),
        cell('machines', r.machines, fmtCount(r.machines), true),
        cell('errorRuns', r.errorRuns, fmtCount(r.errorRuns), true),
        cell('errorRate', r.errorRate, fmtRate(r.errorRate), true),
        cell('failedRuns', r.failedRuns, fmtCount(r.failedRuns), true)
      ];
    });
    var ranked = rows.slice().sort(function (a, b) { return (b.errorRate || 0) - (a.errorRate || 0); }).slice(0, 10);
    var prefix = commonPrefix(ranked.map(function (r) { return r.plugin; }));
    barChart('c-plugins', ranked.map(function (r) { return shorten(withoutPrefix(r.plugin, prefix), 30); }), [
      { label: 'error rate (%)', data: ranked.map(function (r) { return isNum(r.errorRate) ? r.errorRate * 100 : 0; }), color: PALETTE[5] }
    ], true, 'share of runs with an error (%)', 100);
  }

  function renderPairs(rows) {
    fillTable('t-pairs', rows, 'No two plugins were used in the same run.', function (r) {
      return [
        el('th', { scope: 'row', 'data-field': 'a', 'data-value': JSON.stringify(r.a) }, text(r.a)),
        cell('b', r.b, text(r.b)),
        cell('runs', r.runs, fmtCount(r.runs), true)
      ];
    });
    var top = rows.slice(0, 10);
    var names = [];
    top.forEach(function (r) { names.push(r.a, r.b); });
    var prefix = commonPrefix(names);
    barChart('c-pairs', top.map(function (r) {
      var side = NARROW ? 9 : 20;
      return shorten(withoutPrefix(r.a, prefix), side) + ' + ' + shorten(withoutPrefix(r.b, prefix), side);
    }),
      [{ label: 'runs together', data: top.map(function (r) { return r.runs; }) }], true, 'runs');
  }

  var ENV_TITLES = {
    jdk: 'JDK versions', jdks: 'JDK versions', java: 'JDK versions', javaVersions: 'JDK versions',
    os: 'Operating systems', oses: 'Operating systems', operatingSystems: 'Operating systems',
    jdkVendor: 'JDK vendors', jdkVendors: 'JDK vendors',
    ci: 'CI vs local', ciVsLocal: 'CI vs local', ciVendors: 'CI vendors', ciVendor: 'CI vendors',
    containers: 'Containers', container: 'Containers', terminals: 'Terminals', terminal: 'Terminals'
  };

  function humanize(key) {
    return ENV_TITLES[key] || String(key).replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, function (c) { return c.toUpperCase(); });
  }

  /** The label of one environment row: the first of the usual names, else its first string field. */
  function envLabel(item) {
    var keys = ['value', 'name', 'label', 'version', 'os', 'jdk', 'vendor', 'ci', 'key'];
    for (var i = 0; i < keys.length; i++) {
      if (item[keys[i]] !== undefined && item[keys[i]] !== null && typeof item[keys[i]] !== 'object') {
        return { field: keys[i], value: item[keys[i]] };
      }
    }
    var first = Object.keys(item).filter(function (k) { return typeof item[k] === 'string' || typeof item[k] === 'boolean'; })[0];
    return first ? { field: first, value: item[first] } : { field: null, value: null };
  }

  /** Accepts {dimension: [rows]}, {dimension: {value: count}} or [{dimension, value, runs, machines}]. */
  function environmentGroups(data) {
    var groups = [];
    if (Array.isArray(data)) {
      var byDim = {};
      data.forEach(function (item) {
        var dim = item.dimension || item.kind || item.category || 'environment';
        (byDim[dim] = byDim[dim] || []).push(item);
      });
      Object.keys(byDim).forEach(function (k) { groups.push({ key: k, rows: byDim[k] }); });
    } else if (data && typeof data === 'object') {
      Object.keys(data).forEach(function (k) {
        var v = data[k];
        if (Array.isArray(v)) {
          groups.push({ key: k, rows: v.filter(function (x) { return x && typeof x === 'object'; }) });
        } else if (v && typeof v === 'object') {
          groups.push({ key: k, rows: Object.keys(v).map(function (name) {
            return typeof v[name] === 'object' ? Object.assign({ value: name }, v[name]) : { value: name, runs: v[name] };
          }) });
        }
      });
    }
    return groups;
  }

  function renderEnvironment(data) {
    var host = document.getElementById('env-groups');
    host.textContent = '';
    Object.keys(charts).filter(function (k) { return k.indexOf('c-env-') === 0; }).forEach(function (k) {
      charts[k].destroy(); delete charts[k];
    });
    var groups = environmentGroups(data);
    if (!groups.length) {
      host.appendChild(el('p', { className: 'none' }, 'No environment data for these runs.'));
      return;
    }
    groups.forEach(function (g, gi) {
      var id = 'env-' + gi;
      var box = el('div', { className: 'env-group', 'data-dimension': g.key });
      box.appendChild(el('h3', { id: 'h-' + id }, humanize(g.key)));
      var figure = el('figure', { className: 'chart' });
      figure.appendChild(el('canvas', { id: 'c-' + id, role: 'img',
        'aria-label': 'Bar chart of runs per value of ' + humanize(g.key) + '; the same numbers are in the table below it.' }));
      box.appendChild(figure);
      var wrap = el('div', { className: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': 'h-' + id });
      var table = el('table', { id: 't-' + id });
      table.innerHTML = '<thead><tr><th scope="col">Value</th><th scope="col" class="num">Runs</th>'
        + '<th scope="col" class="num">Machines</th></tr></thead><tbody></tbody>';
      wrap.appendChild(table);
      box.appendChild(wrap);
      host.appendChild(box);
      fillTable('t-' + id, g.rows, 'Nothing reported.', function (r) {
        var label = envLabel(r);
        return [
          el('th', { scope: 'row', 'data-field': label.field || 'value', 'data-value': JSON.stringify(label.value) }, text(label.value)),
          cell('runs', r.runs, fmtCount(r.runs), true),
          cell('machines', r.machines, fmtCount(r.machines), true)
        ];
      });
      barChart('c-' + id, g.rows.map(function (r) { return shorten(text(envLabel(r).value), 26); }),
        [{ label: 'runs', data: g.rows.map(function (r) { return r.runs || 0; }), color: PALETTE[gi % PALETTE.length] }], true, 'runs');
    });
  }

  /* ---------- page setup ---------- */

  function setStatus(message, isError) {
    var status = document.getElementById('status');
    status.textContent = message;
    status.className = isError ? 'status error' : 'status';
  }

  function fillForm() {
    FILTERS.forEach(function (name) {
      var input = document.getElementById('f-' + name);
      if (input && params.get(name)) { input.value = params.get(name); }
    });
    var tokenInput = document.getElementById('f-token');
    if (token) { tokenInput.value = token; } else { tokenInput.disabled = true; }
    var clear = document.getElementById('clear');
    var clearHref = token ? '/?token=' + encodeURIComponent(token) : '/';
    clear.href = clearHref;
    document.getElementById('empty-clear').href = clearHref;
    // Empty fields would put "component=&version=" in the address: drop them so it stays short to share.
    document.getElementById('filters').addEventListener('submit', function () {
      FILTERS.forEach(function (name) {
        var input = document.getElementById('f-' + name);
        input.disabled = !input.value;
      });
    });
    // Coming back to this page from the browser's cache must not leave those fields disabled.
    window.addEventListener('pageshow', function () {
      FILTERS.forEach(function (name) { document.getElementById('f-' + name).disabled = false; });
    });
    Array.prototype.forEach.call(document.querySelectorAll('a.csv'), function (a) {
      var extra = { format: 'csv' };
      if (token) { extra.token = token; }
      a.href = apiUrl(a.getAttribute('data-api'), extra);
      a.setAttribute('aria-label', 'Download as CSV');
    });
    Array.prototype.forEach.call(document.querySelectorAll('.ingest-url'), function (span) {
      span.textContent = window.location.origin + '/v1/events';
    });
  }

  function fillDatalist(id, values) {
    var list = document.getElementById(id);
    list.textContent = '';
    (values || []).forEach(function (v) { list.appendChild(el('option', { value: String(v) })); });
  }

  /** Runs a section's loader; a failure shows in that section only. */
  function section(promise, onError) {
    return promise.then(function () { return null; }, function (err) { onError(err); return err; });
  }

  function describeFilters() {
    var f = activeFilters();
    var parts = Object.keys(f).map(function (k) { return k + ' ' + f[k]; });
    return parts.length ? ' for ' + parts.join(', ') : '';
  }

  function load() {
    fillForm();
    // Suggestions for every filter come from all the data, not from the current view.
    var facets = api('facets', {}, true).catch(function () { return null; });
    facets.then(function (rows) {
      if (!rows) { return; }
      ['component', 'version', 'command'].forEach(function (facet) {
        fillDatalist('l-' + facet, rows.filter(function (r) { return r.facet === facet; })
          .map(function (r) { return r.value; }));
      });
    });
    api('commands').then(function (commands) {
      var filtered = Object.keys(activeFilters()).length > 0;
      if (!commands.length) {
        document.getElementById('report').hidden = true;
        document.querySelector('nav.toc').hidden = true;
        document.getElementById('empty').hidden = false;
        document.getElementById('empty-filtered').hidden = !filtered;
        setStatus(filtered ? 'No runs match these filters.' : 'No data yet.');
        document.body.setAttribute('data-state', 'empty');
        return;
      }
      renderCommands(commands);
      var failures = [
        section(api('stages').then(renderStages), function (e) { note('t-stages', e.message); }),
        section(api('stages/by-day').then(function (r) { renderTrend('day', r); }),
          function (e) { note('t-trend-day', e.status === 404 ? 'This collector does not answer stage trends.' : e.message); }),
        section(api('stages/by-version').then(function (r) { renderTrend('version', r); }),
          function (e) { note('t-trend-version', e.status === 404 ? 'This collector does not answer stage trends.' : e.message); }),
        section(api('errors').then(renderErrors), function (e) { note('t-errors', e.message); }),
        section(api('plugins').then(renderPlugins), function (e) { note('t-plugins', e.message); }),
        section(api('plugins/pairs').then(renderPairs), function (e) { note('t-pairs', e.message); }),
        section(api('environment').then(renderEnvironment), function (e) {
          document.getElementById('env-groups').textContent = e.message;
        })
      ];
      return Promise.all(failures).then(function (errs) {
        var bad = errs.filter(function (e) { return e; });
        setStatus(bad.length ? bad.length + ' section(s) could not be loaded: ' + bad[0].message
          : 'Showing ' + fmtCount(commands.reduce(function (s, c) { return s + (c.runs || 0); }, 0)) + ' runs' + describeFilters() + '.', bad.length > 0);
        document.body.setAttribute('data-state', 'ready');
      });
    }).catch(function (err) {
      var message = err.status === 401 || err.status === 403
        ? 'This collector needs a read token: open this page as /?token=YOUR_READ_TOKEN.'
        : 'Could not reach the collector API: ' + err.message;
      setStatus(message, true);
      document.body.setAttribute('data-state', 'error');
    });
  }

  load();
}());
