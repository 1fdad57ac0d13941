/// The HTML report's style sheet and script, inline in the one file it writes. The look
/// is the web view's experiment page: the same strip, chips, matrix and opened row.
enum HTMLReportAssets {
    static let style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1f2328;background:#fff}
        h1{font-size:22px;margin:0 0 12px}h2{font-size:18px;margin:28px 0 8px}h3{font-size:13px;margin:8px 0 4px;color:#57606a}h4{font-size:14px;margin:4px 0 8px}
        .verdict{padding:10px 14px;border-radius:6px;margin:8px 0;border:1px solid}
        .verdict.regressed{background:#ffebe9;border-color:#ff8182}.verdict.improved{background:#dafbe1;border-color:#4ac26b}
        .verdict.unchanged{background:#f6f8fa;border-color:#d0d7de}.verdict.inconclusive{background:#fff8c5;border-color:#d4a72c}
        .verdict>strong{font-size:18px}
        .strip{display:flex;gap:24px;align-items:flex-start;justify-content:space-between;flex-wrap:wrap;margin:10px 0}
        .verdict-big{font-size:24px;font-weight:700;margin-bottom:4px}.verdict-big.regressed{color:#cf222e}.verdict-big.improved{color:#1a7f37}.verdict-big.unchanged{color:#57606a}.verdict-big.inconclusive{color:#9a6700}
        .strip>div:first-child{flex:1 1 480px}.model-line{margin:4px 0}.muted{color:#57606a}.pass{color:#1a7f37}.fail{color:#cf222e;font-weight:600}
        figure.chart{margin:0}figure.chart figcaption{text-align:center}
        table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #d0d7de;padding:4px 8px;vertical-align:top;text-align:left}
        th{background:#f6f8fa}tr.delta td{font-weight:600}
        details.figures>summary{cursor:pointer;font-weight:600;margin:8px 0}
        .charts{display:flex;gap:16px;flex-wrap:wrap}figure{margin:8px 0}figcaption{font-size:12px;color:#57606a}
        svg text{font-size:10px;fill:#57606a}.axis{stroke:#8c959f}
        rect.base{fill:#8c959f}rect.candidate{fill:#0969da}.legend-base{fill:#8c959f}.legend-candidate{fill:#0969da}
        rect.worse{fill:#cf222e}rect.better{fill:#1a7f37}rect.same{fill:#8c959f}
        table.pairs{width:100%;table-layout:fixed;border:1px solid #d0d7de}table.pairs td{border-width:0 0 1px 0}
        col.id{width:16%}col.preview{width:44%}col.chips{width:14%}col.change{width:12%}
        tr.row{cursor:pointer}tr.row:hover{background:#f6f8fa}tr.row.selected{background:#ddf4ff}tr.row.open{background:#f6f8fa}
        tr.row td{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}td.preview{color:#57606a}td.num{text-align:right;font-variant-numeric:tabular-nums}
        tr.worse td:first-child{border-left:4px solid #cf222e}tr.better td:first-child{border-left:4px solid #1a7f37}
        tr.detail{display:none}tr.row.open+tr.detail{display:table-row}tr.hidden,tr.row.hidden+tr.detail{display:none}
        tr.detail>td{padding:8px 12px 16px;background:#fff}
        .cols{display:grid;gap:12px}.cols-2{grid-template-columns:1fr 1fr}.cols-3{grid-template-columns:1fr 1fr 1fr}.col{min-width:0}
        pre{white-space:pre-wrap;word-break:break-word;margin:0 0 4px;font:12px/1.4 ui-monospace,monospace}
        pre.out{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:8px}pre.clipped{max-height:11em;overflow:hidden}button.more{font-size:12px}
        del{background:#ffcecb;text-decoration:line-through}ins{background:#aceebb;text-decoration:none}
        small{color:#57606a}ul.reasons{margin:2px 0 0;padding-left:16px;font-size:12px;color:#57606a}
        ul.reasons li.fail{color:#cf222e;font-weight:600}.filters{margin:8px 0;display:flex;gap:8px;align-items:center;flex-wrap:wrap}.note{color:#9a6700}
        .keys{margin-left:auto;color:#57606a;font-size:12px}kbd{font:12px ui-monospace,monospace;border:1px solid #d0d7de;border-radius:4px;padding:0 4px;background:#f6f8fa}
        .source{color:#57606a;margin:0 0 8px}small.stats{display:block;color:#57606a;font-size:11px}
        table.pairs td:first-child code{word-break:break-all}
        .dot{color:#bf8700}.dot.off{color:#d0d7de}
        .chips{display:inline-flex;gap:2px;align-items:center;flex-wrap:wrap}
        .chip{display:inline-block;width:16px;height:16px;line-height:16px;text-align:center;font-size:10px;border-radius:3px;color:#fff}.chip.ok{background:#1a7f37}.chip.no{background:#cf222e}.chip.err{background:#bc4c00}
        dl.inputs{margin:0;font-size:12px}dl.inputs dt{font-weight:600;color:#57606a}dl.inputs dd{margin:0 0 4px;white-space:pre-wrap;word-break:break-word}figure.thumb{margin:0}figure.thumb img{max-width:160px;max-height:160px;border:1px solid #d0d7de;border-radius:4px}figure.thumb figcaption{font-size:11px;color:#57606a}
        th.sortable{cursor:pointer;user-select:none}th.sortable:after{content:" ↕";color:#8c959f}th.asc:after{content:" ↑"}th.desc:after{content:" ↓"}
        pre.diff{background:#f6f8fa;padding:8px;border-radius:6px;overflow:auto}pre.diff .hunk{color:#0969da}
        pre.diff ins,pre.diff del{display:inline-block;width:100%}details.prompt-diff summary{cursor:pointer;font-weight:600}
        @media print{body{margin:0;font-size:11px}.filters,button.more{display:none}th.sortable:after{content:""}
        .chip,tr.worse td,tr.better td{-webkit-print-color-adjust:exact;print-color-adjust:exact}
        tr.row:not(.hidden)+tr.detail{display:table-row}pre.clipped{max-height:none}
        tr.row,.charts,.verdict,.strip{break-inside:avoid}pre{font-size:10px}h2{break-after:avoid}}
        """

    /// Sorting, filtering, opening rows and the keys, for every matrix in the report; the
    /// state is kept in the link's `#` part (`kind`, `model`, `evaluator`, `q`, `sort`, `row`).
    static let script = """
        (function () {
          var bars = Array.prototype.slice.call(document.querySelectorAll('.filters'));
          var selected = null;
          function lines(table) { return Array.prototype.slice.call(table.tBodies[0].querySelectorAll('tr.row')); }
          function open(tr, state) {
            tr.classList.toggle('open', state);
            tr.setAttribute('aria-expanded', state ? 'true' : 'false');
          }
          function keep() {
            var bar = bars[0];
            if (!bar) { return; }
            var p = new URLSearchParams();
            ['kind', 'model', 'evaluator'].forEach(function (name) {
              var value = bar.querySelector('select[name=' + name + ']').value;
              if (value) { p.set(name, value); }
            });
            var q = bar.querySelector('input').value;
            if (q) { p.set('q', q); }
            var sorted = document.querySelector('th.asc, th.desc');
            if (sorted) { p.set('sort', (sorted.classList.contains('desc') ? '-' : '') + sorted.dataset.name); }
            var opened = document.querySelector('tr.row.open');
            if (opened) { p.set('row', opened.dataset.id); }
            history.replaceState(null, '', '#' + p.toString());
          }
          function select(tr) {
            if (selected) { selected.classList.remove('selected'); }
            selected = tr;
            if (tr) { tr.classList.add('selected'); tr.focus({preventScroll: true}); tr.scrollIntoView({block: 'nearest'}); }
          }
          function sortRows(table, th, descending) {
            var index = Array.prototype.indexOf.call(th.parentNode.children, th), numeric = th.dataset.type === 'number';
            var body = table.tBodies[0];
            function key(tr) {
              var cell = tr.children[index], v = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent;
              return numeric ? parseFloat(v) : v.toLowerCase();
            }
            lines(table).map(function (tr) { return [tr, tr.nextElementSibling]; }).sort(function (a, b) {
              var x = key(a[0]), y = key(b[0]), c = x < y ? -1 : x > y ? 1 : 0;
              return descending ? -c : c;
            }).forEach(function (pair) { body.appendChild(pair[0]); body.appendChild(pair[1]); });
            th.parentNode.querySelectorAll('th').forEach(function (h) { h.classList.remove('asc', 'desc'); });
            th.classList.add(descending ? 'desc' : 'asc');
          }
          var preset = new URLSearchParams(location.hash.slice(1));
          bars.forEach(function (bar) {
            var table = bar.nextElementSibling, input = bar.querySelector('input'), count = bar.querySelector('.count');
            var kind = bar.querySelector('select[name=kind]'), model = bar.querySelector('select[name=model]'), evaluator = bar.querySelector('select[name=evaluator]');
            function apply() {
              var q = input.value.toLowerCase(), shown = 0;
              lines(table).forEach(function (tr) {
                var ok = (!kind.value || JSON.parse(tr.dataset.kinds).indexOf(kind.value) >= 0)
                  && (!model.value || JSON.parse(tr.dataset.models).indexOf(model.value) >= 0)
                  && (!evaluator.value || JSON.parse(tr.dataset.fails).indexOf(evaluator.value) >= 0)
                  && (!q || (tr.textContent + tr.nextElementSibling.textContent).toLowerCase().indexOf(q) >= 0);
                tr.classList.toggle('hidden', !ok);
                if (ok) { shown++; }
              });
              count.textContent = shown + ' rows';
            }
            [input, kind, model, evaluator].forEach(function (control) {
              control.addEventListener('input', function () { apply(); keep(); });
              control.addEventListener('change', function () { apply(); keep(); });
            });
            table.querySelectorAll('th.sortable').forEach(function (th) {
              function toggle() { sortRows(table, th, th.classList.contains('asc')); keep(); }
              th.addEventListener('click', toggle);
              th.addEventListener('keydown', function (e) { if (e.key === 'Enter') { toggle(); } });
            });
            table.tBodies[0].addEventListener('click', function (e) {
              if (e.target.classList.contains('more')) {
                var pre = e.target.previousElementSibling;
                pre.classList.toggle('clipped');
                e.target.textContent = pre.classList.contains('clipped') ? 'more' : 'less';
                return;
              }
              var tr = e.target.closest('tr.row');
              if (tr) { select(tr); open(tr, !tr.classList.contains('open')); keep(); }
            });
            bar.querySelector('.open-all').addEventListener('click', function () {
              lines(table).forEach(function (tr) { if (!tr.classList.contains('hidden')) { open(tr, true); } });
            });
            bar.querySelector('.close-all').addEventListener('click', function () {
              lines(table).forEach(function (tr) { open(tr, false); });
              keep();
            });
            ['kind', 'model', 'evaluator'].forEach(function (name) {
              if (preset.get(name)) { bar.querySelector('select[name=' + name + ']').value = preset.get(name); }
            });
            if (preset.get('q')) { input.value = preset.get('q'); }
            if (preset.get('sort')) {
              // `score` is what the column was called before it showed the change.
              var wanted = preset.get('sort').replace(/^-/, '').replace(/^score$/, 'delta'), desc = preset.get('sort')[0] === '-';
              table.querySelectorAll('th.sortable').forEach(function (th) { if (th.dataset.name === wanted) { sortRows(table, th, desc); } });
            }
            apply();
          });
          if (preset.get('row')) {
            var first = null;
            document.querySelectorAll('tr.row').forEach(function (tr) {
              if (tr.dataset.id === preset.get('row') && !tr.classList.contains('hidden')) { open(tr, true); first = first || tr; }
            });
            if (first) { select(first); }
          }
          document.addEventListener('keydown', function (e) {
            if (e.ctrlKey || e.metaKey || e.altKey || /^(INPUT|SELECT|TEXTAREA|BUTTON|TH)$/.test(e.target.tagName)) { return; }
            var visible = Array.prototype.slice.call(document.querySelectorAll('tr.row:not(.hidden)'));
            var at = visible.indexOf(selected);
            if (e.key === 'j' || e.key === 'k') {
              var next = visible[Math.max(0, Math.min(visible.length - 1, at + (e.key === 'j' ? 1 : -1)))];
              if (next) { select(next); }
            } else if ((e.key === 'Enter' || e.key === 'o') && selected) {
              open(selected, !selected.classList.contains('open')); keep();
            } else if (e.key === 'Escape' && selected) {
              open(selected, false); keep();
            } else { return; }
            e.preventDefault();
          });
        })();
        """
}
