/// The view's one page: HTML, CSS and plain JavaScript, embedded (no CDN, no network).
/// Data goes into the page only as text (`textContent`), never as markup.
enum ViewPage {
    static let html = #"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>promptexp</title>
        <style>
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1f2328;background:#fff}
        header{display:flex;gap:16px;align-items:center;padding:10px 20px;border-bottom:1px solid #d0d7de;background:#f6f8fa}
        header a{color:#1f2328;text-decoration:none;font-weight:600}header a.on{color:#0969da}
        main{padding:16px 20px}h1{font-size:20px;margin:0 0 12px}h2{font-size:16px;margin:20px 0 8px}
        table{border-collapse:collapse;margin:8px 0;width:100%}th,td{border:1px solid #d0d7de;padding:4px 8px;vertical-align:top;text-align:left}
        th{background:#f6f8fa}a{color:#0969da}.tag{background:#ddf4ff;border-radius:10px;padding:0 6px;margin-right:4px;font-size:12px}
        .production{background:#dafbe1}pre{white-space:pre-wrap;word-break:break-word;margin:0;font:12px/1.4 ui-monospace,monospace}
        .add{background:#dafbe1}.del{background:#ffebe9}.hunk{color:#0969da}.muted{color:#57606a;font-size:12px}
        figure.thumb{margin:0}figure.thumb img{max-width:160px;max-height:160px;border:1px solid #d0d7de;border-radius:4px}figure.thumb figcaption{font-size:11px;color:#57606a}
        .verdict{padding:8px 12px;border-radius:6px;border:1px solid #d0d7de;margin:8px 0}
        td.winner{background:#dafbe1;font-weight:600}.regressed{background:#ffebe9}.improved{background:#dafbe1}.inconclusive{background:#fff8c5}
        .filters{display:flex;gap:12px;flex-wrap:wrap;align-items:center;margin:8px 0}.pass{color:#1a7f37}.fail{color:#cf222e;font-weight:600}
        .error{color:#cf222e}ins{background:#aceebb;text-decoration:none}del{background:#ffcecb}dl{margin:0}dt{font-weight:600;color:#57606a;font-size:12px}dd{margin:0 0 4px}
        .chip-branch{margin-left:auto;font:12px ui-monospace,monospace;color:#57606a}
        .icon{width:14px;height:14px;vertical-align:-2px}
        .banner{display:flex;gap:12px;align-items:center;justify-content:space-between;padding:10px 14px;border-radius:6px;margin:6px 0;border:1px solid #d0d7de;background:#f6f8fa}
        .banner div div{color:#57606a;font-size:13px}.banner.warn{background:#fff8c5;border-color:#d4a72c}.banner.blocked{background:#ffebe9;border-color:#ff8182}.banner.ready{background:#dafbe1;border-color:#4ac26b}
        .strip{display:flex;gap:24px;align-items:flex-start;justify-content:space-between;flex-wrap:wrap;margin:10px 0}
        .verdict-big{font-size:24px;font-weight:700;margin-bottom:4px;background:none}.verdict-big.regressed{color:#cf222e}.verdict-big.improved{color:#1a7f37}.verdict-big.unchanged{color:#57606a}.verdict-big.inconclusive,.verdict-big.notDecided{color:#9a6700}
        .model-line{margin:4px 0}.chart{margin:0}.chart svg{width:420px;height:110px}.chart figcaption{font-size:11px;color:#57606a;text-align:center}
        .queue{font-weight:600;margin:8px 0}
        #matrix{max-height:46vh;overflow:auto;border:1px solid #d0d7de;border-radius:6px}#matrix table{margin:0}#matrix td{border-width:0 0 1px 0;padding:3px 8px;white-space:nowrap}
        td.cell{cursor:pointer;border-left:1px solid #d0d7de}td.cell:hover{background:#f6f8fa}td.cell.selected{background:#ddf4ff}tr.mrow{cursor:pointer}tr.mrow:hover{background:#f6f8fa}tr.mrow.selected{background:#ddf4ff}td.preview{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;max-width:40vw;color:#57606a}td.num{text-align:right;font-variant-numeric:tabular-nums}
        .dot{color:#bf8700}.dot.off{color:#d0d7de}.chips{display:inline-flex;gap:2px}.chip{display:inline-block;width:16px;height:16px;line-height:16px;text-align:center;font-size:10px;border-radius:3px;color:#fff}
        .chip.ok{background:#1a7f37}.chip.no{background:#cf222e}.chip.err{background:#bc4c00}.stale{color:#9a6700}
        .cols{display:grid;gap:12px}.cols-2{grid-template-columns:1fr 1fr}.cols-3{grid-template-columns:1fr 1fr 1fr}.col{min-width:0}h3{font-size:13px;margin:8px 0 4px;color:#57606a}
        pre.out{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:8px}pre.clipped{max-height:11em;overflow:hidden}button.more{font-size:12px}.reason{font-size:13px}
        .help{position:fixed;right:24px;top:60px;background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:12px;box-shadow:0 8px 24px rgba(0,0,0,.15)}kbd{font:12px ui-monospace,monospace;border:1px solid #d0d7de;border-radius:4px;padding:0 4px;background:#f6f8fa}
        </style></head>
        <body>
        <header><strong>promptexp</strong><a href="#/prompts" id="nav-prompts">Prompts</a><a href="#/experiments" id="nav-experiments">Experiments</a><span id="branch-chip" class="chip-branch"></span></header>
        <main id="main"></main>
        <script>
        var token = new URLSearchParams(location.search).get('token') || '';
        function el(tag, attributes, children) {
          var node = document.createElement(tag);
          Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
          (children || []).forEach(function (child) {
            node.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
          });
          return node;
        }
        function api(path, method, body) {
          var options = {method: method || 'GET', headers: {'X-Promptexp-Token': token}};
          if (body !== undefined) { options.body = JSON.stringify(body); options.headers['Content-Type'] = 'application/json'; }
          return fetch(path, options).then(function (response) {
            return response.json().then(function (body) {
              if (!response.ok) { throw new Error(body.error || response.statusText); }
              return body;
            });
          });
        }
        function show(title, nodes) {
          var main = document.getElementById('main');
          main.textContent = '';
          main.appendChild(el('h1', {}, [title]));
          nodes.forEach(function (node) { main.appendChild(node); });
        }
        function failed(error) { show('Error', [el('p', {'class': 'error'}, [error.message])]); }
        function table(headings, rows) {
          return el('table', {}, [el('thead', {}, [el('tr', {}, headings.map(function (h) { return el('th', {}, [h]); }))]),
            el('tbody', {}, rows)]);
        }
        function diffLine(line) {
          var mark = line.kind === 'added' ? '+' : line.kind === 'removed' ? '-' : ' ';
          var parts = [mark];
          if (line.words) {
            line.words.forEach(function (w) {
              parts.push(w.changed ? el(line.kind === 'added' ? 'ins' : 'del', {}, [w.text]) : document.createTextNode(w.text));
            });
          } else { parts.push(line.text); }
          return el('div', {'class': line.kind === 'added' ? 'add' : line.kind === 'removed' ? 'del' : ''}, parts);
        }
        function money(value) { return '$' + Number(value || 0).toFixed(4); }
        var keys = null, watch = null;
        // Icons drawn inline, so they never depend on an emoji font.
        var iconPaths = {
          up: 'M2 7h3v7H2zM6 7l3-5c1.2 0 2 .8 2 2v2h3c.8 0 1.4.8 1.2 1.6l-1.3 5c-.2.8-.9 1.4-1.7 1.4H6z',
          down: 'M2 2h3v7H2zM6 9l3 5c1.2 0 2-.8 2-2v-2h3c.8 0 1.4-.8 1.2-1.6l-1.3-5C12.7 2.6 12 2 11.2 2H6z',
          check: 'M2 8.5l4 4 8-9', cross: 'M3 3l10 10M13 3L3 13', alert: 'M8 2l7 12H1zM8 6v4M8 12v.5',
          clock: 'M8 1.5a6.5 6.5 0 1 0 0 13a6.5 6.5 0 1 0 0-13M8 4v4l3 2'
        };
        function icon(name) {
          var ns = 'http://www.w3.org/2000/svg';
          var svg = document.createElementNS(ns, 'svg');
          svg.setAttribute('viewBox', '0 0 16 16'); svg.setAttribute('class', 'icon icon-' + name); svg.setAttribute('aria-hidden', 'true');
          var path = document.createElementNS(ns, 'path');
          path.setAttribute('d', iconPaths[name]);
          var filled = name === 'up' || name === 'down';
          path.setAttribute('fill', filled ? 'currentColor' : 'none');
          path.setAttribute('stroke', filled ? 'none' : 'currentColor');
          path.setAttribute('stroke-width', '1.8'); path.setAttribute('stroke-linecap', 'round');
          svg.appendChild(path);
          return svg;
        }
        // "3 h ago", the full date on hover.
        function ago(iso) {
          var then = Date.parse(iso);
          if (isNaN(then)) { return el('span', {}, [iso || '']); }
          var seconds = Math.max(0, (Date.now() - then) / 1000);
          var text = seconds < 60 ? 'just now' : seconds < 3600 ? Math.floor(seconds / 60) + ' min ago'
            : seconds < 86400 ? Math.floor(seconds / 3600) + ' h ago' : seconds < 86400 * 30 ? Math.floor(seconds / 86400) + ' d ago'
            : new Date(then).toISOString().slice(0, 10);
          return el('time', {datetime: iso, title: new Date(then).toString()}, [text]);
        }

        function prompts() {
          api('/api/prompts').then(function (list) {
            show('Prompts', [table(['prompt', 'newest', 'tags', 'state', 'description'], list.map(function (p) {
              return el('tr', {}, [
                el('td', {}, [el('a', {href: '#/prompt/' + encodeURIComponent(p.id)}, [p.id])]),
                el('td', {}, [p.latest ? p.latest.version + ' ' + p.latest.short : '-']),
                el('td', {}, (p.tags || []).map(function (t) { return el('span', {'class': 'tag' + (t === 'production' ? ' production' : '')}, [t]); })),
                el('td', {}, [p.state === 'clean' ? '' : p.state]), el('td', {}, [p.description || ''])]);
            }))]);
          }).catch(failed);
        }

        function prompt(id) {
          api('/api/versions?prompt=' + encodeURIComponent(id)).then(function (versions) {
            var diff = el('div', {id: 'diff'}, []);
            var choose = function (name, initial) {
              var select = el('select', {name: name}, ['working'].concat(versions.map(function (v) { return v.version; })).map(function (label) {
                return el('option', {value: label}, [label]);
              }));
              select.value = initial;
              select.addEventListener('change', draw);
              return select;
            };
            var production = versions.filter(function (v) { return (v.tags || []).indexOf('production') >= 0; })[0];
            var older = choose('old', production ? production.version : (versions[0] ? versions[0].version : 'working'));
            var newer = choose('new', 'working');
            function draw() {
              api('/api/diff?prompt=' + encodeURIComponent(id) + '&old=' + older.value + '&new=' + newer.value).then(function (d) {
                diff.textContent = '';
                var lines = [];
                d.hunks.forEach(function (hunk) {
                  lines.push(el('div', {'class': 'hunk'}, [hunk.header]));
                  hunk.lines.forEach(function (line) { lines.push(diffLine(line)); });
                });
                if (!lines.length) { lines.push(el('p', {'class': 'muted'}, ['no difference'])); }
                diff.appendChild(el('pre', {}, lines));
              }).catch(failed);
            }
            show(id, [
              table(['version', 'commit', 'date', 'author', 'message', 'tags', 'run'], versions.map(function (v) {
                return el('tr', {}, [el('td', {}, [v.version]), el('td', {}, [v.short]), el('td', {}, [ago(v.date)]),
                  el('td', {}, [v.author]), el('td', {}, [v.subject]),
                  el('td', {}, (v.shown_tags || v.tags || []).map(function (t) { return el('span', {'class': 'tag' + (t === 'production' ? ' production' : '')}, [t]); })),
                  el('td', {}, [v.run ? v.run.experiment + ': ' + v.run.changed_outputs + '/' + v.run.pairs + ' changed' : ''])]);
              })),
              el('h2', {}, ['Diff']), el('div', {'class': 'filters'}, [older, ' → ', newer]), diff,
              startForm(id, versions, production)]);
            draw();
          }).catch(failed);
        }

        function startForm(id, versions, production) {
          var name = el('input', {name: 'name', placeholder: 'experiment name', required: 'required'});
          var base = el('select', {name: 'base'}, versions.map(function (v) { return el('option', {value: v.version}, [v.version + ((v.tags || []).indexOf('production') >= 0 ? ' (production)' : '')]); }));
          if (production) { base.value = production.version; }
          var dataset = el('select', {name: 'dataset'}, [el('option', {value: ''}, ["the prompt's tests.dataset"])]);
          api('/api/datasets').then(function (names) {
            names.forEach(function (n) { dataset.appendChild(el('option', {value: n}, [n])); });
          });
          var sample = el('input', {name: 'sample', type: 'number', min: '1', value: '10'});
          var models = el('div', {'class': 'filters'}, []);
          api('/api/models').then(function (list) {
            list.forEach(function (m) {
              var box = el('input', {type: 'checkbox', value: m.name, name: 'model'});
              if (m.key.indexOf('missing') === 0) { box.disabled = true; }
              models.appendChild(el('label', {}, [box, ' ' + m.name + ' (' + m.key + ')']));
            });
          });
          var message = el('p', {'class': 'error', id: 'start-message'}, []);
          var start = el('button', {id: 'start'}, ['Start experiment']);
          start.addEventListener('click', function () {
            var chosen = Array.prototype.slice.call(models.querySelectorAll('input:checked')).map(function (b) { return b.value; });
            // The production version is asked for by its tag, so the spec says `production`.
            var body = {name: name.value, prompt: id, base: production && base.value === production.version ? 'production' : base.value, models: chosen};
            if (dataset.value) { body.dataset = dataset.value; }
            if (sample.value) { body.sample = parseInt(sample.value, 10); }
            api('/api/experiments', 'POST', body).then(function (made) { location.hash = '#/experiment/' + encodeURIComponent(made.name); })
              .catch(function (error) { message.textContent = error.message; });
          });
          return el('div', {}, [el('h2', {}, ['Start an experiment']),
            el('p', {'class': 'muted'}, ['Branches exp/NAME with the prompt at the base version and switches to it; production is never touched. Refused while the working tree has uncommitted changes.']),
            el('div', {'class': 'filters'}, [name, base, dataset, el('label', {}, ['sample ', sample])]), models, start, message]);
        }

        function experimentTools(name, reload) {
          var box = el('div', {}, []);
          var text = el('textarea', {name: 'candidate', rows: '14', style: 'width:100%;font:12px ui-monospace,monospace'}, []);
          var note = el('p', {'class': 'muted', id: 'tool-message'}, []);
          var save = el('button', {id: 'save'}, ['Save candidate']);
          var planButton = el('button', {id: 'plan'}, ['Review and run…']);
          var promote = el('button', {id: 'promote'}, ['Promote']);
          var planBox = el('div', {id: 'plan-box'}, []);
          api('/api/candidate?experiment=' + encodeURIComponent(name)).then(function (c) {
            text.value = c.candidate;
            if (!c.editable) { text.readOnly = true; save.disabled = true; planButton.disabled = true;
              note.textContent = 'exp/' + name + ' is not checked out: the candidate is read from its branch.'; }
          });
          save.addEventListener('click', function () {
            api('/api/candidate?experiment=' + encodeURIComponent(name), 'PUT', {text: text.value})
              .then(function (r) { note.textContent = 'saved ' + r.saved; }).catch(function (e) { note.textContent = e.message; });
          });
          planButton.addEventListener('click', function () {
            planBox.textContent = 'estimating…';
            api('/api/plan?experiment=' + encodeURIComponent(name)).then(function (plan) {
              planBox.textContent = '';
              var lines = [];
              plan.diff.forEach(function (hunk) {
                lines.push(el('div', {'class': 'hunk'}, [hunk.header]));
                hunk.lines.forEach(function (line) { lines.push(diffLine(line)); });
              });
              planBox.appendChild(el('pre', {}, lines.length ? lines : ['the candidate is the base']));
              planBox.appendChild(el('p', {id: 'plan-summary'}, [plan.calls + ' calls (' + plan.rows + ' rows × ' + plan.variants + ' variants × ' + plan.models + ' models × ' + plan.repeats + ' repeats): ' + plan.to_send + ' to send, ' + plan.reused + ' reused; estimated ' + money(plan.cost)]));
              plan.methods.forEach(function (m) { planBox.appendChild(el('div', {'class': 'muted'}, [m])); });
              var run = el('button', {id: 'run'}, ['Run']);
              var cancel = el('button', {id: 'cancel'}, ['Cancel']);
              var progress = el('p', {id: 'progress'}, []);
              run.addEventListener('click', function () {
                run.disabled = true;
                api('/api/run?experiment=' + encodeURIComponent(name), 'POST').then(poll).catch(function (e) { progress.textContent = e.message; });
              });
              cancel.addEventListener('click', function () { api('/api/cancel?experiment=' + encodeURIComponent(name), 'POST'); });
              function poll() {
                api('/api/run?experiment=' + encodeURIComponent(name)).then(function (s) {
                  progress.textContent = s.state + ': ' + s.done + '/' + s.total + ' calls, ' + s.reused + ' reused, ' + s.errors + ' errors, ' + money(s.cost) + (s.eta_seconds !== null && s.eta_seconds !== undefined ? ', about ' + s.eta_seconds + ' s left' : '') + (s.message ? ' — ' + s.message : '');
                  if (s.state === 'running') { setTimeout(poll, 400); } else { reload(); }
                });
              }
              planBox.appendChild(el('div', {'class': 'filters'}, [run, cancel]));
              planBox.appendChild(progress);
            }).catch(function (e) { planBox.textContent = e.message; });
          });
          promote.addEventListener('click', function () {
            api('/api/promote?experiment=' + encodeURIComponent(name), 'POST')
              .then(function (r) { note.textContent = 'promoted: production is ' + r.tip.slice(0, 7) + (r.fast_forwarded ? ', ' + r.source_branch + ' fast-forwarded' : ''); })
              .catch(function (e) { note.textContent = e.message; });
          });
          box.appendChild(el('h2', {}, ['Candidate']));
          box.appendChild(text);
          box.appendChild(el('div', {'class': 'filters'}, [save, planButton, promote]));
          box.appendChild(note);
          box.appendChild(planBox);
          return box;
        }

        function runsDiff(name) {
          var box = el('div', {id: 'runs'}, []);
          api('/api/runs?experiment=' + encodeURIComponent(name)).then(function (runs) {
            if (runs.length < 2) { return; }
            var choose = function (initial) {
              var select = el('select', {}, runs.map(function (r) { return el('option', {value: r.commit}, [r.short + ' ' + r.subject]); }));
              select.value = initial;
              return select;
            };
            var older = choose(runs[1].commit), newer = choose(runs[0].commit);
            var out = el('div', {}, []);
            var compare = el('button', {id: 'compare'}, ['Compare runs']);
            compare.addEventListener('click', function () {
              api('/api/results-diff?experiment=' + encodeURIComponent(name) + '&old=' + older.value + '&new=' + newer.value).then(function (d) {
                out.textContent = '';
                out.appendChild(el('p', {id: 'runs-summary'}, [d.changed.length + ' outputs changed, ' + d.unchanged + ' unchanged; cost ' + money(d.cost.old) + ' → ' + money(d.cost.new)]));
                out.appendChild(table(['row', 'variant', 'model', 'before', 'after'], d.changed.map(function (c) {
                  return el('tr', {}, [el('td', {}, [c.row_id]), el('td', {}, [c.variant]), el('td', {}, [c.model]),
                    el('td', {}, [el('pre', {}, [c.old_output || ''])]), el('td', {}, [el('pre', {}, [c.new_output || ''])])]);
                })));
              }).catch(function (e) { out.textContent = e.message; });
            });
            box.appendChild(el('h2', {}, ['Runs']));
            box.appendChild(el('div', {'class': 'filters'}, [older, ' → ', newer, compare]));
            box.appendChild(out);
          });
          return box;
        }

        function experiments() {
          api('/api/experiments').then(function (list) {
            var boxes = [];
            var compareButton = el('button', {id: 'compare'}, ['Compare selected']);
            compareButton.addEventListener('click', function () {
              var chosen = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
              location.hash = '#/compare/' + chosen.map(encodeURIComponent).join(',');
            });
            show('Experiments', [table(['compare', 'experiment', 'prompt', 'base', 'last run', 'cost'], list.map(function (e) {
              var run = e.last_run;
              var box = el('input', {type: 'checkbox', value: e.name, name: 'compare-' + e.name});
              boxes.push(box);
              return el('tr', {}, [el('td', {}, [box]), el('td', {}, [el('a', {href: '#/experiment/' + encodeURIComponent(e.name)}, [e.name])]),
                el('td', {}, [e.prompt]), el('td', {}, [e.base.ref]),
                el('td', {}, [run ? (run.verdict || 'not scored') + ', ' + run.changed_outputs + ' of ' + run.pairs + ' changed' : 'not run']),
                el('td', {}, [run ? money(run.cost) : ''])]);
            })), el('p', {'class': 'muted'}, ['Tick experiments of one prompt and base, then ']), compareButton]);
          }).catch(failed);
        }

        function compare(names) {
          show('Compare ' + names.join(', '), [el('p', {'class': 'muted'}, ['comparing…'])]);
          api('/api/compare?experiments=' + names.map(encodeURIComponent).join(',')).then(function (r) {
            var pct = function (v) { return (v * 100).toFixed(1) + '%'; };
            var pValue = function (p) { return p < 0.0001 ? '< 0.0001' : p.toFixed(4); };
            var headline = r.winner ? 'Winner: ' + r.winner + ', significantly better than every other variant on every model'
              : 'No winner: no variant is significantly better than every other on every model';
            var models = [];
            r.standings.forEach(function (s) { if (models.indexOf(s.model) < 0) { models.push(s.model); } });
            var standings = table(['model'].concat(r.variants), models.map(function (model) {
              return el('tr', {}, [el('td', {}, [model])].concat(r.variants.map(function (variant) {
                var s = r.standings.filter(function (x) { return x.model === model && x.variant === variant; })[0];
                return el('td', {'class': variant === r.winner ? 'winner' : ''}, [s ? pct(s.pass_rate) + ' pass · mean ' + s.mean_score.toFixed(3) : '—']);
              })));
            }));
            var pairs = table(['pair', 'model', 'only first passes', 'only second passes', 'score Δ', 'McNemar p', 'Holm p', 'decision'], r.pairs.map(function (p) {
              return el('tr', {}, [el('td', {}, [p.first + ' vs ' + p.second]), el('td', {}, [p.model]), el('td', {}, [String(p.first_only)]),
                el('td', {}, [String(p.second_only)]), el('td', {}, [(p.mean_difference >= 0 ? '+' : '') + p.mean_difference.toFixed(3)]),
                el('td', {}, [pValue(p.p_value)]), el('td', {}, [pValue(p.holm_p)]), el('td', {}, [p.better ? p.better + ' better' : '—'])]);
            }));
            // Every variant's answer side by side, on the rows where they differ.
            var side = table(['row'].concat(r.variants), (r.rows || []).map(function (row) {
              return el('tr', {'class': 'variant-row'}, [el('td', {'class': 'rid'}, [row.row_id, el('div', {'class': 'muted'}, [row.model])])].concat(r.variants.map(function (variant) {
                var v = row.variants[variant];
                if (!v) { return el('td', {}, ['—']); }
                return el('td', {}, [el('pre', {'class': 'out'}, [v.output]),
                  el('div', {'class': v.pass === false ? 'fail' : 'pass'}, [v.pass === null ? '' : (v.pass ? 'pass ' : 'fail ') + Number(v.score).toFixed(2)])]);
              })));
            }));
            show('Compare ' + r.prompt, [el('p', {}, ['Base ' + r.base + ' and ' + r.candidates.map(function (c) { return c.name + ' (' + c.blob + ')'; }).join(', ') + ' over ' + r.dataset]),
              el('div', {'class': 'verdict' + (r.winner ? ' improved' : ''), id: 'compare-headline'}, [headline]), standings,
              el('h2', {}, ['Every pair (Holm-adjusted, α ' + pct(r.alpha) + ')']), pairs,
              el('h2', {id: 'variant-rows'}, ['Rows where the variants answer differently: ' + (r.differing_rows || 0) + ((r.rows || []).length < (r.differing_rows || 0) ? ' (the first ' + r.rows.length + ' shown)' : '')]), side]);
          }).catch(failed);
        }

        // The experiment page: the change at a glance (verdict, pass rates, a chart of score
        // changes), then a matrix of rows to walk with the keyboard, then the row opened.
        // Filters, search, sort, page and the open row live in the URL.
        function experiment(name, params) {
          var state = {offset: parseInt(params.offset || '0', 10) || 0, limit: 50, selected: -1, page: null, overview: null};
          var wanted = (params.filter || '').split(',').filter(Boolean);
          var banners = el('div', {id: 'banners'}, []);
          // What happened to the last run: calls that failed, a run from this page that failed.
          var runBanners = el('div', {id: 'run-banners'}, []);
          var summary = el('div', {id: 'summary'}, []);
          var queue = el('div', {id: 'queue', 'class': 'queue'}, []);
          var filters = el('div', {'class': 'filters'}, []);
          var checks = ['changed', 'worse', 'better', 'failing', 'errors'].map(function (kind) {
            var box = el('input', {type: 'checkbox', value: kind, name: kind});
            box.checked = wanted.indexOf(kind) >= 0;
            box.addEventListener('change', function () { state.offset = 0; rows(); });
            filters.appendChild(el('label', {}, [box, ' ' + kind]));
            return box;
          });
          var search = el('input', {type: 'search', placeholder: 'search rows (as you type)', name: 'q', value: params.q || ''});
          var typing = null;
          search.addEventListener('input', function () { clearTimeout(typing); typing = setTimeout(function () { state.offset = 0; rows(); }, 200); });
          search.addEventListener('keydown', function (event) { if (event.key === 'Enter') { clearTimeout(typing); state.offset = 0; rows(); } });
          filters.appendChild(search);
          var sort = el('select', {name: 'sort'}, [el('option', {value: 'change'}, ['worst change first']),
            el('option', {value: '-change'}, ['best change first']), el('option', {value: 'row'}, ['in dataset order'])]);
          sort.value = params.sort || 'change';
          sort.addEventListener('change', function () { state.offset = 0; rows(); });
          filters.appendChild(sort);
          var model = el('select', {name: 'model'}, [el('option', {value: ''}, ['all models'])]);
          model.addEventListener('change', function () { state.offset = 0; rows(); });
          if (params.model) { model.appendChild(el('option', {value: params.model}, [params.model])); model.value = params.model; }
          filters.appendChild(model);
          var count = el('span', {'class': 'muted', id: 'count'}, []);
          var matrix = el('div', {id: 'matrix'}, []);
          var detail = el('div', {id: 'detail'}, []);
          var previous = el('button', {}, ['previous']), next = el('button', {}, ['next']);
          previous.addEventListener('click', function () { state.offset = Math.max(0, state.offset - state.limit); rows(); });
          next.addEventListener('click', function () { state.offset += state.limit; rows(); });
          var labels = {};
          var agreementBox = el('div', {'class': 'muted', id: 'agreement'}, []);
          var help = el('div', {id: 'help', 'class': 'help', hidden: 'hidden'}, [el('strong', {}, ['Keys']), table(['key', 'does'], [
            ['j / k', 'next / previous row'], ['g / b', 'label the candidate’s output good / bad'], ['c', 'write a comment on the open row'],
            ['n', 'next changed row nobody has labelled'], ['/', 'search'], ['?', 'this list'], ['Esc', 'close']].map(function (r) {
            return el('tr', {}, [el('td', {}, [el('kbd', {}, [r[0]])]), el('td', {}, [r[1]])]);
          }))]);
          show('Experiment ' + name, [banners, runBanners, summary, queue, agreementBox, filters, count,
            el('div', {'class': 'review'}, [matrix, detail]), el('div', {'class': 'filters'}, [previous, next]), help,
            experimentTools(name, function () { route(); }), runsDiff(name)]);
          var loadedBranch;

          function keep() {
            var query = [];
            var kinds = checks.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
            if (kinds.length) { query.push('filter=' + kinds.join(',')); }
            if (search.value) { query.push('q=' + encodeURIComponent(search.value)); }
            if (sort.value !== 'change') { query.push('sort=' + encodeURIComponent(sort.value)); }
            if (model.value) { query.push('model=' + encodeURIComponent(model.value)); }
            if (state.offset) { query.push('offset=' + state.offset); }
            var open = state.page && state.page.rows[state.selected];
            if (open) { query.push('row=' + encodeURIComponent(rowKey(open))); }
            history.replaceState(null, '', '#/experiment/' + encodeURIComponent(name) + (query.length ? '?' + query.join('&') : ''));
          }
          function rowKey(row) { return [row.row_id, row.model, row.repeat].join('|'); }
          function labelOf(record) { return labels[[record.variant, record.row_id, record.model, record.repeat].join('|')]; }
          function isStale(label, record) { return label && label.request_hash && label.request_hash !== record.request_hash; }

          function banner(kind, lines, actions) {
            return el('div', {'class': 'banner ' + kind}, [el('div', {}, lines.map(function (l, i) { return el(i ? 'div' : 'strong', {}, [l]); }))].concat(actions || []));
          }
          function drawBanners(overview) {
            banners.textContent = '';
            var mine = overview.experiment_branch;
            loadedBranch = overview.branch;
            if (overview.branch === mine) {
              banners.appendChild(banner('branch', ['Checked out: ' + mine, 'Edits, runs and labels here are commits on ' + mine + '.']));
            } else {
              banners.appendChild(banner('branch warn', ['Checked out: ' + (overview.branch || 'a detached HEAD') + ', not ' + mine,
                'This page reads ' + mine + ' from git: you can review and label, but to edit and run the candidate switch to it (git switch ' + mine + ').']));
            }
            var blockers = overview.blockers || [];
            if (blockers.length) {
              var rerun = blockers.some(function (b) { return /run it again|never been run/.test(b); });
              var runButton = el('button', {}, ['Review and run…']);
              runButton.addEventListener('click', function () { document.getElementById('plan').click(); document.getElementById('plan').scrollIntoView(); });
              banners.appendChild(banner('promotion blocked', ['Not ready to promote'].concat(blockers), rerun ? [runButton] : []));
            } else if (overview.blockers) {
              banners.appendChild(banner('promotion ready', ['Ready to promote', 'The last run shows the candidate is not worse. Promote tags it production on ' + mine + '’s source branch.']));
            }
          }
          function chart(histogram) {
            // Bars of how many rows moved by how much: red worse, green better, grey unchanged.
            var ns = 'http://www.w3.org/2000/svg';
            var counts = Array(21).fill(0);
            Object.keys(histogram).forEach(function (m) { histogram[m].forEach(function (c, i) { counts[i] += c; }); });
            var highest = Math.max.apply(null, counts.concat([1]));
            var svg = document.createElementNS(ns, 'svg');
            svg.setAttribute('viewBox', '0 0 420 110'); svg.setAttribute('id', 'change-chart'); svg.setAttribute('role', 'img');
            svg.setAttribute('aria-label', 'rows by score change, from -1 to +1');
            counts.forEach(function (c, i) {
              var h = c ? Math.max(2, 80 * c / highest) : 0;
              var bar = document.createElementNS(ns, 'rect');
              bar.setAttribute('x', 10 + i * 19); bar.setAttribute('y', 88 - h); bar.setAttribute('width', 15); bar.setAttribute('height', h);
              bar.setAttribute('fill', i < 10 ? '#cf222e' : i > 10 ? '#1a7f37' : '#8c959f');
              var tip = document.createElementNS(ns, 'title');
              tip.textContent = c + ' rows changed by ' + ((i - 10) / 10).toFixed(1);
              bar.appendChild(tip);
              svg.appendChild(bar);
            });
            [['−1', 10], ['0', 200], ['+1', 390]].forEach(function (t) {
              var text = document.createElementNS(ns, 'text');
              text.setAttribute('x', t[1]); text.setAttribute('y', 104); text.setAttribute('font-size', '11'); text.setAttribute('fill', '#57606a');
              text.textContent = t[0];
              svg.appendChild(text);
            });
            return el('figure', {'class': 'chart'}, [svg, el('figcaption', {}, ['score change per row, candidate − base'])]);
          }
          var words = {regressed: 'Regressed: the candidate is worse', improved: 'Improved: the candidate is better',
            unchanged: 'No significant change', inconclusive: 'Not decided: the evidence does not settle it yet', notDecided: 'Not decided'};
          // Cost and median latency base → candidate, from the calls of each side.
          function callsLine(subject, m) {
            var side = function (variant, model) {
              return (subject.calls || []).filter(function (g) { return g.variant === variant && g.model === model; })[0];
            };
            var before = side('base', m.base_model || m.candidate_model), after = side('candidate', m.candidate_model);
            if (!before || !after) { return ''; }
            var text = ' · cost ' + money(before.cost) + ' → ' + money(after.cost);
            if (before.latency_p50_ms !== null && after.latency_p50_ms !== null) { text += ' · p50 ' + before.latency_p50_ms + ' → ' + after.latency_p50_ms + ' ms'; }
            return text;
          }
          function rerunButton() {
            var button = el('button', {}, ['Review and run…']);
            button.addEventListener('click', function () { document.getElementById('plan').click(); document.getElementById('plan').scrollIntoView(); });
            return button;
          }
          function drawRunBanners(report, board) {
            runBanners.textContent = '';
            if (board && board.state === 'failed') {
              runBanners.appendChild(banner('blocked', ['The last run started here ended with a problem', board.message || 'no reason was given'], [rerunButton()]));
            } else if (board && board.state === 'waiting') {
              runBanners.appendChild(banner('warn', ['The last run is waiting', board.message || '']));
            }
            var errors = report ? report.prompts.reduce(function (n, p) { return n + (p.errors || 0); }, 0) : 0;
            if (errors) {
              runBanners.appendChild(banner('blocked', [errors + (errors === 1 ? ' call' : ' calls') + ' failed in the last run',
                'Their rows count as failing; the errors are in each opened row. A new run sends only them again: the answers already committed are reused.'], [rerunButton()]));
            }
          }
          function drawSummary(report, overview) {
            summary.textContent = '';
            var subject = report.prompts[0];
            var strip = el('div', {'class': 'strip'}, []);
            // No score on either side is no evidence: said so, never a quiet "no change".
            var scored = (subject.comparison.models || []).some(function (m) { return m.base.scored_calls + m.candidate.scored_calls > 0; });
            var verdictWords = scored ? (words[report.verdict] || report.verdict) : 'Not scored: no evaluator gave a score';
            var left = el('div', {}, [el('div', {'class': 'verdict-big ' + report.verdict, id: 'verdict-word'}, [verdictWords]),
              el('div', {'class': 'muted'}, [subject.prompt + ': ' + subject.base + ' → ' + subject.candidate + ' · ' + subject.changed_outputs + ' of ' + subject.pairs + ' outputs changed · ' + money(subject.cost) + ' · ' + subject.dataset])]);
            (subject.comparison.models || []).forEach(function (m) {
              if (m.candidate_model !== params.model) { model.appendChild(el('option', {value: m.candidate_model}, [m.candidate_model])); }
              var pct = function (v) { return (100 * v).toFixed(1) + '%'; };
              left.appendChild(el('div', {'class': 'model-line'}, [el('strong', {}, [m.candidate_model + ' ']),
                'pass ' + pct(m.base.pass_rate) + ' → ', el('strong', {'class': m.candidate.pass_rate < m.base.pass_rate ? 'fail' : 'pass'}, [pct(m.candidate.pass_rate)]),
                ' · score ' + m.base.mean_score.toFixed(3) + ' [' + m.base.interval.map(function (v) { return v.toFixed(2); }).join('–') + '] → ' + m.candidate.mean_score.toFixed(3) + ' [' + m.candidate.interval.map(function (v) { return v.toFixed(2); }).join('–') + ']',
                ' · Δ ' + (m.mean_difference >= 0 ? '+' : '') + m.mean_difference.toFixed(3) + ' (95% CI ' + m.interval[0].toFixed(3) + ' to ' + m.interval[1].toFixed(3) + ')',
                ' · ' + m.pass_to_fail + ' pass → fail, ' + m.fail_to_pass + ' fail → pass', callsLine(subject, m)]));
            });
            strip.appendChild(left);
            if (overview.histogram) { strip.appendChild(chart(overview.histogram)); }
            summary.appendChild(strip);
          }
          function drawQueue() {
            var o = state.overview;
            if (!o || o.changed === undefined) { queue.textContent = ''; return; }
            queue.textContent = o.reviewed + ' of ' + o.changed + ' changed rows reviewed' + (o.stale_labels ? ' · ' + o.stale_labels + ' labels stale (the output changed since)' : '') + ' · press ? for keys';
          }
          function loadOverview() {
            return api('/api/overview?experiment=' + encodeURIComponent(name)).then(function (o) {
              state.overview = o;
              drawBanners(o);
              drawQueue();
              return o;
            });
          }
          function loadLabels() {
            return api('/api/labels?experiment=' + encodeURIComponent(name)).then(function (found) {
              labels = {};
              found.labels.forEach(function (l) { labels[[l.variant, l.row_id, l.model, l.repeat].join('|')] = l; });
              agreementBox.textContent = found.labels.length ? found.labels.length + ' outputs labelled by people; ' + found.agreement.map(function (a) {
                return a.evaluator + ' agrees on ' + a.agreed + ' of ' + a.outputs + (a.kappa === null ? '' : ' (κ ' + a.kappa.toFixed(2) + ')');
              }).join('; ') : '';
            }).catch(function () {});
          }
          function chips(record) {
            var scores = record.scores || {};
            return el('span', {'class': 'chips'}, Object.keys(scores).sort().map(function (evaluator) {
              var s = scores[evaluator];
              var kind = s.error ? 'err' : s.pass ? 'ok' : 'no';
              return el('span', {'class': 'chip ' + kind, title: evaluator + ': ' + (s.error ? 'error ' + s.error : (s.pass ? 'pass' : 'fail') + ' ' + Number(s.score).toFixed(2))}, [evaluator.slice(0, 1)]);
            }).concat(record.error ? [el('span', {'class': 'chip err', title: record.error}, ['!'])] : []));
          }
          function labelMark(record) {
            var label = labelOf(record);
            if (!label) { return el('span', {'class': 'muted'}, ['']); }
            if (isStale(label, record)) { return el('span', {'class': 'stale', title: 'labelled ' + (label.good ? 'good' : 'bad') + ' before this output changed'}, [icon('clock'), ' stale']); }
            return el('span', {'class': label.good ? 'pass' : 'fail'}, [icon(label.good ? 'up' : 'down'), label.good ? ' good' : ' bad']);
          }
          function delta(row) {
            var before = row.base.overall ? row.base.overall.score : 0, after = row.candidate.overall ? row.candidate.overall.score : 0;
            var d = after - before;
            return el('span', {'class': d < -1e-9 ? 'fail' : d > 1e-9 ? 'pass' : 'muted'}, [(d > 0 ? '+' : d < 0 ? '−' : '±') + Math.abs(d).toFixed(2)]);
          }
          function preview(inputs) {
            var text = Object.keys(inputs).sort().map(function (k) {
              var v = inputs[k];
              return k + ': ' + (typeof v === 'string' ? v : JSON.stringify(v));
            }).join(' · ');
            return text.length > 140 ? text.slice(0, 139) + '…' : text;
          }
          function drawMatrix() {
            var page = state.page;
            matrix.textContent = '';
            var models = [];
            page.rows.forEach(function (row) { if (models.indexOf(row.model) < 0) { models.push(row.model); } });
            if (models.length > 1) { drawModelMatrix(page, models); return; }
            var lines = page.rows.map(function (row, index) {
              var tr = el('tr', {'class': 'mrow' + (index === state.selected ? ' selected' : ''), 'data-index': String(index)}, [
                el('td', {'class': 'rid'}, [row.changed ? el('span', {'class': 'dot', title: 'output changed'}, ['●']) : el('span', {'class': 'dot off'}, ['○']), ' ' + row.row_id]),
                el('td', {'class': 'preview'}, [preview(row.inputs)]),
                el('td', {}, [chips(row.base)]), el('td', {}, [chips(row.candidate)]),
                el('td', {'class': 'num'}, [delta(row)]), el('td', {}, [labelMark(row.candidate)])]);
              tr.addEventListener('click', function () { select(index); });
              return tr;
            });
            matrix.appendChild(table(['row', 'inputs', 'base', 'candidate', 'Δ score', 'label'], lines));
          }
          // Several models: a line per row (and repeat), a cell per model with base and
          // candidate chips, the change and the label; a cell opens that model's pair.
          function drawModelMatrix(page, models) {
            var lines = [];
            page.rows.forEach(function (row, index) {
              var last = lines[lines.length - 1];
              if (!last || last.row.row_id !== row.row_id || last.row.repeat !== row.repeat || last.cells[row.model] !== undefined) {
                last = {row: row, cells: {}};
                lines.push(last);
              }
              last.cells[row.model] = index;
            });
            var trs = lines.map(function (line) {
              var changed = Object.keys(line.cells).some(function (m) { return page.rows[line.cells[m]].changed; });
              var cells = models.map(function (m) {
                var index = line.cells[m];
                if (index === undefined) { return el('td', {}, []); }
                var row = page.rows[index];
                var td = el('td', {'class': 'cell' + (index === state.selected ? ' selected' : ''), 'data-index': String(index)},
                  [chips(row.base), ' → ', chips(row.candidate), ' ', delta(row), ' ', labelMark(row.candidate)]);
                td.addEventListener('click', function () { select(index); });
                return td;
              });
              return el('tr', {'class': 'mline'}, [
                el('td', {'class': 'rid'}, [changed ? el('span', {'class': 'dot', title: 'an output changed'}, ['●']) : el('span', {'class': 'dot off'}, ['○']), ' ' + line.row.row_id + (line.row.repeat ? ' #' + line.row.repeat : '')]),
                el('td', {'class': 'preview'}, [preview(line.row.inputs)])].concat(cells));
            });
            matrix.appendChild(table(['row', 'inputs'].concat(models), trs));
          }
          function select(index) {
            if (!state.page || index < 0 || index >= state.page.rows.length) { return; }
            state.selected = index;
            Array.prototype.forEach.call(matrix.querySelectorAll('[data-index]'), function (node) { node.classList.toggle('selected', node.getAttribute('data-index') === String(index)); });
            var tr = matrix.querySelector('[data-index].selected');
            if (tr && tr.scrollIntoView) { tr.scrollIntoView({block: 'nearest'}); }
            drawDetail(state.page.rows[index]);
            keep();
          }
          function collapsible(nodes, text) {
            var pre = el('pre', {'class': 'out' + (text.split('\n').length > 8 || text.length > 700 ? ' clipped' : '')}, nodes);
            if (pre.className.indexOf('clipped') < 0) { return pre; }
            var more = el('button', {'class': 'more'}, ['more']);
            more.addEventListener('click', function () { pre.classList.toggle('clipped'); more.textContent = pre.classList.contains('clipped') ? 'more' : 'less'; });
            return el('div', {}, [pre, more]);
          }
          function answer(record, diffWords, keep) {
            var calls = (record.tool_calls || []).map(function (c) {
              return '\u2192 ' + c.name + '(' + (typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments)) + ')';
            });
            var text = record.error === null || record.error === undefined
              ? [record.output || ''].filter(function (t) { return t !== ''; }).concat(calls).join('\n') : 'error: ' + record.error;
            var shown = diffWords ? diffWords.filter(function (w) { return w.kind === 'same' || w.kind === keep; }).map(function (w) {
              return w.kind === 'same' ? document.createTextNode(w.text) : el(keep === 'added' ? 'ins' : 'del', {}, [w.text]);
            }) : [text];
            var parts = [collapsible(shown, text)];
            var scores = record.scores || {};
            Object.keys(scores).sort().forEach(function (evaluator) {
              var s = scores[evaluator];
              parts.push(el('div', {'class': 'reason ' + (s.error ? 'error' : s.pass ? 'pass' : 'fail')}, [icon(s.error ? 'alert' : s.pass ? 'check' : 'cross'), ' ' + evaluator + ': ' + (s.error ? 'error ' + s.error : (s.pass ? 'pass' : 'fail') + ' ' + Number(s.score).toFixed(3) + (s.reason ? ' — ' + s.reason : ''))]));
            });
            parts.push(el('div', {'class': 'muted'}, [(record.latency_ms || 0) + ' ms · ' + money(record.cost)]));
            return parts;
          }
          function labelTools(record) {
            var current = labelOf(record);
            var comment = el('input', {type: 'text', placeholder: 'why (optional, c)', name: 'comment', value: current ? current.comment : ''});
            var state_ = el('span', {'class': 'label-state'}, [current ? (isStale(current, record) ? 'stale: labelled ' + (current.good ? 'good' : 'bad') + ' before this output changed' : 'labelled ' + (current.good ? 'good' : 'bad')) : 'not labelled']);
            function send(good) {
              state_.textContent = 'saving…';
              api('/api/labels?experiment=' + encodeURIComponent(name), 'POST',
                {row_id: record.row_id, model: record.model, repeat: record.repeat, variant: record.variant, good: good, comment: comment.value})
                .then(function () { state_.textContent = 'labelled ' + (good ? 'good' : 'bad'); return loadLabels(); })
                .then(function () { return loadOverview(); })
                .then(function () { drawMatrix(); }).catch(function (e) { state_.textContent = e.message; });
            }
            var up = el('button', {'class': 'up', title: 'good (g)'}, [icon('up'), ' good']), down = el('button', {'class': 'down', title: 'bad (b)'}, [icon('down'), ' bad']);
            up.addEventListener('click', function () { send(true); });
            down.addEventListener('click', function () { send(false); });
            return {node: el('div', {'class': 'filters'}, [up, down, comment, state_]), send: send, comment: comment};
          }
          function drawDetail(row) {
            detail.textContent = '';
            var inputs = el('dl', {}, []);
            Object.keys(row.inputs).sort().forEach(function (key) {
              var value = row.inputs[key];
              inputs.appendChild(el('dt', {}, [key]));
              var image = (state.page.image_inputs || []).indexOf(key) >= 0 && typeof value === 'string';
              inputs.appendChild(el('dd', {}, [image ? thumbnail(value) : transcript(value) || collapsible([typeof value === 'string' ? value : JSON.stringify(value, null, 1)], typeof value === 'string' ? value : JSON.stringify(value))]));
            });
            var tools = labelTools(row.candidate);
            detail.tools = tools;
            var columns = [];
            if (row.logged_output !== null && row.logged_output !== undefined) {
              columns.push(el('div', {'class': 'col'}, [el('h3', {}, ['Production (logged)']), collapsible([row.logged_output], row.logged_output)]));
            }
            columns.push(el('div', {'class': 'col'}, [el('h3', {}, ['Base'])].concat(answer(row.base, row.word_diff, 'removed'))));
            columns.push(el('div', {'class': 'col'}, [el('h3', {}, ['Candidate'])].concat(answer(row.candidate, row.word_diff, 'added'), [tools.node])));
            detail.appendChild(el('h2', {}, ['Row ' + row.row_id + ' · ' + row.model + (row.changed ? ' · changed' : ' · unchanged')]));
            detail.appendChild(el('div', {'class': 'cols cols-' + columns.length}, columns));
            detail.appendChild(el('h3', {}, ['Inputs']));
            detail.appendChild(inputs);
          }
          // A conversation input as the command line shows it: a line per message.
          function transcript(value) {
            if (!Array.isArray(value) || value.length === 0 || !value.every(function (m) { return m && typeof m.role === 'string'; })) { return null; }
            var lines = [];
            value.forEach(function (m) {
              var text = typeof m.content === 'string' ? m.content : (m.content || []).map(function (p) { return p.text || ''; }).join('');
              lines.push(m.role + (m.tool_call_id ? ' (answers ' + m.tool_call_id + ')' : '') + ': ' + text);
              (m.tool_calls || []).forEach(function (c) {
                var f = c.function || c;
                lines.push('  \u2192 ' + f.name + '(' + (typeof f.arguments === 'string' ? f.arguments : JSON.stringify(f.arguments || {})) + ')');
              });
            });
            return el('pre', {}, [lines.join('\n')]);
          }
          // An image input: from the experiment's branch through the server (never from
          // elsewhere), or its data: URL as the row gives it.
          function thumbnail(value) {
            var src = value.indexOf('data:image/') === 0 ? value
              : '/api/image?experiment=' + encodeURIComponent(name) + '&path=' + encodeURIComponent(value) + '&token=' + encodeURIComponent(token);
            return el('figure', {'class': 'thumb'}, [el('img', {src: src, alt: value.indexOf('data:') === 0 ? 'data: URL' : value}),
              el('figcaption', {}, [value.indexOf('data:') === 0 ? 'data: URL' : value])]);
          }
          function rows(then) {
            var kinds = checks.filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
            var query = '/api/rows?experiment=' + encodeURIComponent(name) + '&offset=' + state.offset + '&limit=' + state.limit
              + '&filter=' + kinds.join(',') + '&q=' + encodeURIComponent(search.value) + '&model=' + encodeURIComponent(model.value) + '&sort=' + sort.value;
            var openKey = state.page && state.page.rows[state.selected] ? rowKey(state.page.rows[state.selected]) : params.row;
            return api(query).then(function (page) {
              state.page = page;
              count.textContent = page.total + ' rows' + (page.total ? ', showing ' + (page.offset + 1) + '–' + (page.offset + page.rows.length) : '');
              previous.disabled = page.offset === 0;
              next.disabled = page.offset + page.rows.length >= page.total;
              state.selected = -1;
              page.rows.forEach(function (row, i) { if (rowKey(row) === openKey) { state.selected = i; } });
              drawMatrix();
              if (state.selected >= 0) { drawDetail(page.rows[state.selected]); } else { detail.textContent = ''; detail.appendChild(el('p', {'class': 'muted'}, [page.total ? 'Click a row, or press j, to open it.' : ''])); }
              keep();
              if (then) { then(); }
            }).catch(function (error) { count.textContent = error.message; });
          }
          function nextUnlabelled() {
            var rowsHere = state.page ? state.page.rows : [];
            for (var i = state.selected + 1; i < rowsHere.length; i++) {
              var label = labelOf(rowsHere[i].candidate);
              if (rowsHere[i].changed && (!label || isStale(label, rowsHere[i].candidate))) { select(i); return; }
            }
            if (state.page && state.page.offset + rowsHere.length < state.page.total) {
              state.offset += state.limit; state.selected = -1;
              rows(function () { state.selected = -1; nextUnlabelled(); });
            }
          }
          keys = function (event) {
            var typingHere = /INPUT|TEXTAREA|SELECT/.test((event.target && event.target.tagName) || '');
            if (event.key === 'Escape') { help.hidden = true; if (typingHere) { event.target.blur(); } return; }
            if (typingHere || event.ctrlKey || event.metaKey || event.altKey) { return; }
            var open = detail.tools;
            if (event.key === 'j') { select(Math.min(state.selected + 1, (state.page ? state.page.rows.length : 1) - 1)); }
            else if (event.key === 'k') { select(Math.max(state.selected - 1, 0)); }
            else if (event.key === 'g' && open && state.selected >= 0) { open.send(true); }
            else if (event.key === 'b' && open && state.selected >= 0) { open.send(false); }
            else if (event.key === 'c' && open && state.selected >= 0) { open.comment.focus(); }
            else if (event.key === 'n') { nextUnlabelled(); }
            else if (event.key === '/') { search.focus(); }
            else if (event.key === '?') { help.hidden = !help.hidden; }
            else { return; }
            event.preventDefault();
          };
          // The rows first (the server pages them from an index), then the overview and the
          // full comparison, which on a large run take longer.
          var started = performance.now();
          loadLabels().then(function () { return rows(); }).then(function () {
            window.promptexpFirstRows = Math.round(performance.now() - started);
            summary.appendChild(el('p', {'class': 'muted', id: 'loading-summary'}, ['comparing base and candidate…']));
            var overview = loadOverview();
            var board = api('/api/run?experiment=' + encodeURIComponent(name)).catch(function () { return null; });
            return api('/api/report?experiment=' + encodeURIComponent(name)).then(function (report) {
              board.then(function (b) { drawRunBanners(report, b); });
              return overview.then(function (o) { drawSummary(report, o); });
            }).catch(function (error) {
              var notRun = error.message.indexOf('no committed run') >= 0;
              board.then(function (b) { drawRunBanners(null, b); });
              summary.textContent = '';
              summary.appendChild(el('p', {'class': notRun ? 'muted' : 'error'}, [notRun ? 'Not run yet: edit the candidate below, then Review and run.' : error.message]));
            });
          });
          // The terminal may switch branches under the page: say so rather than show stale truth.
          watch = setInterval(function () {
            api('/api/status').then(function (s) {
              if (loadedBranch !== undefined && s.branch !== loadedBranch && !document.getElementById('moved')) {
                banners.insertBefore(banner('branch warn', ['The checked-out branch changed to ' + (s.branch || 'a detached HEAD') + ' since this page loaded', 'What you see may be out of date.'],
                  [el('button', {id: 'moved'}, ['Reload'])]), banners.firstChild);
                document.getElementById('moved').addEventListener('click', function () { route(); });
              }
            }).catch(function () {});
          }, 4000);
        }

        function route() {
          if (watch) { clearInterval(watch); watch = null; }
          keys = null;
          var hash = location.hash || '#/prompts';
          var question = hash.indexOf('?');
          var params = {};
          if (question >= 0) {
            hash.slice(question + 1).split('&').forEach(function (pair) {
              var at = pair.indexOf('=');
              if (at > 0) { params[pair.slice(0, at)] = decodeURIComponent(pair.slice(at + 1)); }
            });
            hash = hash.slice(0, question);
          }
          ['prompts', 'experiments'].forEach(function (name) {
            var on = hash.indexOf('#/' + name.slice(0, -1)) === 0 || (name === 'experiments' && hash.indexOf('#/compare') === 0);
            document.getElementById('nav-' + name).className = on ? 'on' : '';
          });
          api('/api/status').then(function (s) { document.getElementById('branch-chip').textContent = s.branch ? 'on ' + s.branch : 'detached HEAD'; }).catch(function () {});
          var parts = hash.slice(2).split('/');
          var rest = decodeURIComponent(parts.slice(1).join('/'));
          if (parts[0] === 'prompt') { prompt(rest); }
          else if (parts[0] === 'experiments') { experiments(); }
          else if (parts[0] === 'experiment') { experiment(rest, params); }
          else if (parts[0] === 'compare') { compare(parts.slice(1).join('/').split(',').map(decodeURIComponent)); }
          else { prompts(); }
        }
        document.addEventListener('keydown', function (event) { if (keys) { keys(event); } });
        window.addEventListener('hashchange', route);
        route();
        </script>
        </body></html>

        """#
}
