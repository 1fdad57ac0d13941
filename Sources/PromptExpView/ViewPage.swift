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
        </style></head>
        <body>
        <header><strong>promptexp</strong><a href="#/prompts" id="nav-prompts">Prompts</a><a href="#/experiments" id="nav-experiments">Experiments</a></header>
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
                return el('tr', {}, [el('td', {}, [v.version]), el('td', {}, [v.short]), el('td', {}, [v.date]),
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
            show('Compare ' + r.prompt, [el('p', {}, ['Base ' + r.base + ' and ' + r.candidates.map(function (c) { return c.name + ' (' + c.blob + ')'; }).join(', ') + ' over ' + r.dataset]),
              el('div', {'class': 'verdict' + (r.winner ? ' improved' : ''), id: 'compare-headline'}, [headline]), standings,
              el('h2', {}, ['Every pair (Holm-adjusted, α ' + pct(r.alpha) + ')']), pairs]);
          }).catch(failed);
        }

        function experiment(name) {
          var state = {offset: 0, limit: 50};
          var filters = el('div', {'class': 'filters'}, []);
          var checks = ['changed', 'worse', 'better', 'failing', 'errors'].map(function (kind) {
            var box = el('input', {type: 'checkbox', value: kind, name: kind});
            box.addEventListener('change', function () { state.offset = 0; rows(); });
            filters.appendChild(el('label', {}, [box, ' ' + kind]));
            return box;
          });
          var search = el('input', {type: 'search', placeholder: 'search rows', name: 'q'});
          search.addEventListener('change', function () { state.offset = 0; rows(); });
          filters.appendChild(search);
          var sort = el('select', {name: 'sort'}, [el('option', {value: 'row'}, ['in dataset order']),
            el('option', {value: 'change'}, ['worst change first']), el('option', {value: '-change'}, ['best change first'])]);
          sort.addEventListener('change', function () { state.offset = 0; rows(); });
          filters.appendChild(sort);
          var model = el('select', {name: 'model'}, [el('option', {value: ''}, ['all models'])]);
          model.addEventListener('change', function () { state.offset = 0; rows(); });
          filters.appendChild(model);
          var count = el('span', {'class': 'muted', id: 'count'}, []);
          var body = el('div', {}, []);
          var previous = el('button', {}, ['previous']), next = el('button', {}, ['next']);
          previous.addEventListener('click', function () { state.offset = Math.max(0, state.offset - state.limit); rows(); });
          next.addEventListener('click', function () { state.offset += state.limit; rows(); });
          var summary = el('div', {}, []);
          var labels = {};
          var agreementBox = el('div', {'class': 'muted', id: 'agreement'}, []);
          show('Experiment ' + name, [summary, agreementBox, filters, count, body, el('div', {'class': 'filters'}, [previous, next]),
            experimentTools(name, function () { experiment(name); }), runsDiff(name)]);
          api('/api/report?experiment=' + encodeURIComponent(name)).then(function (report) {
            var subject = report.prompts[0];
            summary.appendChild(el('div', {'class': 'verdict ' + report.verdict}, [report.verdict + ' — ' + subject.prompt + ': base ' + subject.base + ' against ' + subject.candidate + ', ' + subject.changed_outputs + ' of ' + subject.pairs + ' outputs changed, ' + money(subject.cost)]));
            (subject.comparison.models || []).forEach(function (m) {
              model.appendChild(el('option', {value: m.candidate_model}, [m.candidate_model]));
              summary.appendChild(el('p', {}, [m.candidate_model + ': mean score ' + m.base.mean_score.toFixed(3) + ' → ' + m.candidate.mean_score.toFixed(3) + ' (Δ ' + m.mean_difference.toFixed(3) + ', 95% CI ' + m.interval[0].toFixed(3) + ' to ' + m.interval[1].toFixed(3) + '); pass ' + (100 * m.base.pass_rate).toFixed(1) + '% → ' + (100 * m.candidate.pass_rate).toFixed(1) + '%; ' + m.pass_to_fail + ' pass → fail, ' + m.fail_to_pass + ' fail → pass']));
            });
          }).catch(function (error) {
            var notRun = error.message.indexOf('no committed run') >= 0;
            summary.appendChild(el('p', {'class': notRun ? 'muted' : 'error'}, [notRun ? 'Not run yet: edit the candidate below, then Review and run.' : error.message]));
          });
          function loadLabels() {
            return api('/api/labels?experiment=' + encodeURIComponent(name)).then(function (found) {
              labels = {};
              found.labels.forEach(function (l) { labels[[l.variant, l.row_id, l.model, l.repeat].join('|')] = l; });
              agreementBox.textContent = found.labels.length ? found.labels.length + ' outputs labelled by people; ' + found.agreement.map(function (a) {
                return a.evaluator + ' agrees on ' + a.agreed + ' of ' + a.outputs + (a.kappa === null ? '' : ' (κ ' + a.kappa.toFixed(2) + ')');
              }).join('; ') : '';
            }).catch(function () {});
          }
          function labelTools(record) {
            var key = [record.variant, record.row_id, record.model, record.repeat].join('|');
            var current = labels[key];
            var comment = el('input', {type: 'text', placeholder: 'why (optional)', name: 'comment', value: current ? current.comment : ''});
            var state = el('span', {'class': 'muted'}, [current ? (current.good ? '👍 labelled good' : '👎 labelled bad') : '']);
            function send(good) {
              api('/api/labels?experiment=' + encodeURIComponent(name), 'POST',
                {row_id: record.row_id, model: record.model, repeat: record.repeat, variant: record.variant, good: good, comment: comment.value})
                .then(function () { state.textContent = good ? '👍 labelled good' : '👎 labelled bad'; loadLabels(); })
                .catch(function (e) { state.textContent = e.message; });
            }
            var up = el('button', {'class': 'up', title: 'good'}, ['👍']), down = el('button', {'class': 'down', title: 'bad'}, ['👎']);
            up.addEventListener('click', function () { send(true); });
            down.addEventListener('click', function () { send(false); });
            return el('div', {'class': 'filters'}, [up, down, comment, state]);
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
          function side(record, words, keep) {
            // The answer as the command line shows it: the text, then each tool call.
            var calls = (record.tool_calls || []).map(function (c) {
              return '\u2192 ' + c.name + '(' + (typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments)) + ')';
            });
            var text = record.error === null || record.error === undefined
              ? [record.output || ''].filter(function (t) { return t !== ''; }).concat(calls).join('\n')
              : 'error: ' + record.error;
            var shown = words ? words.filter(function (w) { return w.kind === 'same' || w.kind === keep; }).map(function (w) {
              return w.kind === 'same' ? document.createTextNode(w.text) : el(keep === 'added' ? 'ins' : 'del', {}, [w.text]);
            }) : [text];
            var parts = [el('pre', {}, shown)];
            var scores = record.scores || {};
            Object.keys(scores).sort().forEach(function (evaluator) {
              var s = scores[evaluator];
              parts.push(el('div', {'class': s.pass ? 'pass' : 'fail'}, [evaluator + ': ' + (s.error ? 'error ' + s.error : (s.pass ? 'pass' : 'fail') + ' ' + Number(s.score).toFixed(3) + (s.reason ? ' — ' + s.reason : ''))]));
            });
            parts.push(el('div', {'class': 'muted'}, [(record.latency_ms || 0) + ' ms · ' + money(record.cost)]));
            parts.push(labelTools(record));
            return el('td', {}, parts);
          }
          function rows() {
            var kinds = checks.filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
            var query = '/api/rows?experiment=' + encodeURIComponent(name) + '&offset=' + state.offset + '&limit=' + state.limit
              + '&filter=' + kinds.join(',') + '&q=' + encodeURIComponent(search.value) + '&model=' + encodeURIComponent(model.value) + '&sort=' + sort.value;
            api(query).then(function (page) {
              count.textContent = page.total + ' rows' + (page.total ? ', showing ' + (page.offset + 1) + '–' + (page.offset + page.rows.length) : '');
              previous.disabled = page.offset === 0;
              next.disabled = page.offset + page.rows.length >= page.total;
              body.textContent = '';
              body.appendChild(table(['row', 'inputs', 'base', 'candidate'], page.rows.map(function (row) {
                var inputs = el('dl', {}, []);
                Object.keys(row.inputs).sort().forEach(function (key) {
                  var value = row.inputs[key];
                  inputs.appendChild(el('dt', {}, [key]));
                  var image = (page.image_inputs || []).indexOf(key) >= 0 && typeof value === 'string';
                  inputs.appendChild(el('dd', {}, [image ? thumbnail(value) : transcript(value) || (typeof value === 'string' ? value : JSON.stringify(value))]));
                });
                return el('tr', {'class': 'row'}, [el('td', {}, [row.row_id, el('div', {'class': 'muted'}, [row.model + (row.changed ? ' · changed' : '')])]),
                  el('td', {}, [inputs]), side(row.base, row.word_diff, 'removed'), side(row.candidate, row.word_diff, 'added')]);
              })));
            }).catch(function (error) { count.textContent = error.message; });
          }
          loadLabels().then(rows);
        }

        function route() {
          var hash = location.hash || '#/prompts';
          ['prompts', 'experiments'].forEach(function (name) {
            var on = hash.indexOf('#/' + name.slice(0, -1)) === 0 || (name === 'experiments' && hash.indexOf('#/compare') === 0);
            document.getElementById('nav-' + name).className = on ? 'on' : '';
          });
          var parts = hash.slice(2).split('/');
          var rest = decodeURIComponent(parts.slice(1).join('/'));
          if (parts[0] === 'prompt') { prompt(rest); }
          else if (parts[0] === 'experiments') { experiments(); }
          else if (parts[0] === 'experiment') { experiment(rest); }
          else if (parts[0] === 'compare') { compare(parts.slice(1).join('/').split(',').map(decodeURIComponent)); }
          else { prompts(); }
        }
        window.addEventListener('hashchange', route);
        route();
        </script>
        </body></html>

        """#
}
