"""One self-contained HTML file for an audit run: opens offline (no CDN, no web fonts, no requests).

The summary and inline SVG charts are rendered here; the register is embedded as JSON and drawn by a
small inline script that sorts (click a header), filters (text box, department, minimum severity)
and opens a form's findings with one click.  Chinese text uses the reader's own fonts.
"""

from __future__ import annotations

import json
from decimal import Decimal
from html import escape

from scorer.audit.view import REGISTER_HEADERS
from scorer.codes import SEVERITY_NAMES
from scorer.report import audit_charts as charts
from scorer.report.audit_table import summary_lines

GRADES = ["优", "良", "中", "差", "未列"]
SHOWN = ["rank", "file", "project", "department", "year", "planned", "executed", "rate", "reported_total",
         "computed_total", "reported_grade", "computed_grade", "errors", "warnings", "inflation", "risk",
         "duplicate_of"]
NUMERIC = {"rank", "year", "planned", "executed", "rate", "reported_total", "computed_total", "errors", "warnings",
           "inflation", "risk"}

STYLE = """
body{font-family:sans-serif;margin:1.2em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.4em}
.summary p{margin:.2em 0}
.charts{display:flex;flex-wrap:wrap;gap:1.5em}
.charts figure{margin:0}
figcaption{font-weight:bold;margin-bottom:.3em}
table{border-collapse:collapse;font-size:13px}
th,td{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}
th{background:#dde4ee;cursor:pointer;position:sticky;top:0}
td.num{text-align:right}
tr.err td.sev{background:#f8cbad}tr.warn td.sev{background:#ffe699}
tr.sel{outline:2px solid #4a78a8}
#filters{margin:.5em 0}#filters input,#filters select{margin-right:1em}
#detail{border:1px solid #4a78a8;padding:.6em;margin:.6em 0;display:none;background:#f7f9fc}
#detail h3{margin:.1em 0 .4em}
button.link{border:0;background:none;color:#1a5fb4;cursor:pointer;text-decoration:underline;padding:0}
"""

SCRIPT = r"""
(function(){
  var data = JSON.parse(document.getElementById('audit-data').textContent);
  var cols = data.columns, numeric = data.numeric, forms = data.forms, findings = data.findings;
  var sortCol = 0, sortDir = 1, LIMIT = 1000;
  var q = document.getElementById('q'), dept = document.getElementById('dept');
  var sev = document.getElementById('sev'), body = document.getElementById('reg-body');
  var count = document.getElementById('count'), detail = document.getElementById('detail');
  var depts = {};
  forms.forEach(function(f){ depts[f[3] || ''] = 1; });
  Object.keys(depts).sort().forEach(function(d){
    var o = document.createElement('option'); o.value = d; o.textContent = d || '（未列部门）'; dept.appendChild(o);
  });
  function cell(v){ return v === null || v === undefined ? '' : String(v); }
  function key(f){ var v = f[sortCol]; if (numeric[sortCol]) { return v === null ? -Infinity : Number(v); }
                   return cell(v); }
  function render(){
    var text = q.value.trim().toLowerCase(), d = dept.value, s = sev.value;
    var rows = forms.filter(function(f){
      if (d !== '*' && (f[3] || '') !== d) return false;
      if (s === 'error' && !(f[12] > 0)) return false;
      if (s === 'warning' && !(f[12] > 0 || f[13] > 0)) return false;
      if (text && (cell(f[1]) + ' ' + cell(f[2]) + ' ' + cell(f[3])).toLowerCase().indexOf(text) < 0) return false;
      return true;
    });
    rows.sort(function(a, b){ var x = key(a), y = key(b); return x < y ? -sortDir : x > y ? sortDir : 0; });
    var frag = document.createDocumentFragment();
    rows.slice(0, LIMIT).forEach(function(f){
      var tr = document.createElement('tr');
      tr.className = f[12] > 0 ? 'err' : (f[13] > 0 ? 'warn' : '');
      cols.forEach(function(c, i){
        var td = document.createElement('td');
        if (numeric[i]) td.className = 'num';
        if (i === 12 || i === 13) td.className += ' sev';
        if (i === 1) {
          var b = document.createElement('button'); b.className = 'link'; b.textContent = cell(f[i]);
          b.title = '查看这张表的发现'; b.addEventListener('click', function(){ show(f, tr); }); td.appendChild(b);
        } else { td.textContent = cell(f[i]); }
        tr.appendChild(td);
      });
      frag.appendChild(tr);
    });
    body.textContent = ''; body.appendChild(frag);
    count.textContent = '共 ' + rows.length + ' 张' +
      (rows.length > LIMIT ? '，显示前 ' + LIMIT + ' 张（请用筛选缩小范围）' : '');
  }
  function show(f, tr){
    var prev = document.querySelector('tr.sel'); if (prev) prev.classList.remove('sel'); tr.classList.add('sel');
    var list = findings[f[f.length - 1]] || [];
    detail.textContent = '';
    var h = document.createElement('h3'); h.textContent = f[1] + ' — ' + cell(f[2]); detail.appendChild(h);
    var why = document.createElement('p'); why.textContent = '为什么排在前面：' + (f[f.length - 2] || '没有风险信号');
    detail.appendChild(why);
    if (!list.length) { var p = document.createElement('p'); p.textContent = '没有发现。'; detail.appendChild(p); }
    else {
      var t = document.createElement('table'), head = document.createElement('tr');
      ['代码', '名称', '级别', '位置', '应为', '表列', '说明'].forEach(function(x){
        var th = document.createElement('th'); th.textContent = x; head.appendChild(th); });
      t.appendChild(head);
      list.forEach(function(x){
        var r = document.createElement('tr'); r.className = x[2] === '错误' ? 'err' : (x[2] === '警告' ? 'warn' : '');
        x.forEach(function(v, i){ var td = document.createElement('td'); td.textContent = cell(v);
          if (i === 2) td.className = 'sev'; r.appendChild(td); });
        t.appendChild(r);
      });
      detail.appendChild(t);
    }
    detail.style.display = 'block'; detail.scrollIntoView({block: 'nearest'});
  }
  document.querySelectorAll('#reg-head th').forEach(function(th, i){
    th.addEventListener('click', function(){ sortDir = sortCol === i ? -sortDir : 1; sortCol = i; render(); });
  });
  [q, dept, sev].forEach(function(el){ el.addEventListener('input', render); el.addEventListener('change', render); });
  render();
  document.body.setAttribute('data-ready', 'yes');
})();
"""


def _json_for_script(value) -> str:
    """JSON that cannot close the <script> element it sits in."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _num(value):
    if value is None:
        return None
    try:
        return float(Decimal(value))
    except ArithmeticError:
        return None


def _chart_data(view):
    conn, run_id = view.conn, view.id
    inflation = [Decimal(r[0] or 0) for r in conn.execute("SELECT inflation FROM forms WHERE run_id = ?", (run_id,))]
    departments = []
    totals: dict = {}
    for dept, value in conn.execute("SELECT department, inflation FROM forms WHERE run_id = ?", (run_id,)):
        totals[dept] = totals.get(dept, Decimal(0)) + Decimal(value or 0)
    departments = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0] or ""))
    points = []
    for file, rate, score_rate in conn.execute(
            "SELECT file, rate, indicator_score_rate FROM forms WHERE run_id = ? AND rate IS NOT NULL"
            " AND indicator_score_rate IS NOT NULL ORDER BY file LIMIT 20000", (run_id,)):
        x, y = _num(rate), _num(score_rate)
        if x is not None and y is not None:
            points.append((x, y, f"{file}：执行率 {x:.2f}%，得分率 {y:.2f}%"))
    matrix: dict = {}
    for reported, computed, n in conn.execute(
            "SELECT coalesce(reported_grade, '未列'), coalesce(computed_grade, '未列'), count(*) FROM forms"
            " WHERE run_id = ? GROUP BY 1, 2", (run_id,)):
        matrix[(reported, computed)] = n
    grades = [g for g in GRADES if any(g in k for k in matrix)] or GRADES[:4]
    return inflation, departments, points, matrix, grades


def _samples_section(view) -> list[str]:
    """抽样: each sampled item of the samples drawn from this run, with its latest review (none: nothing)."""
    from scorer.sampling.store import SHEET_COLUMNS, SHEET_HEADERS, sheet_rows

    if not view.has_table("samples"):
        return []
    rows = list(sheet_rows(view.conn, view.id))
    if not rows:
        return []
    head = "".join(f"<th>{escape(SHEET_HEADERS[c])}</th>" for c in SHEET_COLUMNS)
    body = "".join("<tr>" + "".join(f"<td>{escape('' if r[c] is None else str(r[c]))}</td>" for c in SHEET_COLUMNS)
                   + "</tr>" for r in rows)
    samples = len({r["sample"] for r in rows})
    return [f"<h2>抽样（{samples} 个样本，{len(rows)} 项）</h2>",
            f'<table class="samples"><tr>{head}</tr>{body}</table>']


def render_audit_html(view) -> str:
    summary = view.summary()
    inflation, departments, points, matrix, grades = _chart_data(view)
    figures = [
        ("按代码与级别统计的发现（红：错误，黄：警告，蓝：提示）", charts.findings_by_code(summary["by_code"])),
        ("虚高分数分布", charts.inflation_histogram(inflation)),
        ("各部门虚高分数（前 15）", charts.departments_by_inflation(departments)),
        ("指标得分率与预算执行率（红点：得分率高出 5 个百分点以上）", charts.rate_scatter(points)),
        ("自评等次与复算等次（红：不一致）", charts.grade_matrix(matrix, grades)),
    ]
    by_form = view.findings_by_form()
    forms, findings = [], []
    for form in view.forms():
        rows = [[f["code"], f["name"], SEVERITY_NAMES.get(f["severity"], f["severity"]),
                 f["path"] + (f":{f['line']}" if f["line"] else "") if f["path"] else "",
                 f["expected"], f["reported"], f["message"]] for f in by_form.get(form["id"], [])]
        findings.append(rows)
        forms.append([form[c] for c in SHOWN] + [form["why"], len(findings) - 1])
    data = {"columns": SHOWN, "numeric": [c in NUMERIC for c in SHOWN], "forms": forms, "findings": findings}
    broken = view.broken()
    run = view.run_info()
    parts = [
        "<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'; img-src data:\">",
        f"<title>perfscore 审核报告 · 运行 #{run['id']}</title><style>{STYLE}</style></head><body>",
        f"<h1>perfscore 审核报告 · 运行 #{run['id']}</h1>",
        '<section class="summary">' + "".join(f"<p>{escape(line)}</p>" for line in summary_lines(view)) + "</section>",
        '<h2>图表</h2><div class="charts">',
        *[f"<figure><figcaption>{escape(title)}</figcaption>{svg}</figure>" for title, svg in figures],
        "</div>",
        "<h2>登记表</h2>",
        '<div id="filters"><label>搜索 <input id="q" type="search" placeholder="文件、项目或部门"></label>'
        '<label>部门 <select id="dept"><option value="*">全部</option></select></label>'
        '<label>只看 <select id="sev"><option value="all">全部</option><option value="error">有错误的表</option>'
        '<option value="warning">有错误或警告的表</option></select></label><span id="count"></span></div>',
        '<div id="detail" aria-live="polite"></div>',
        '<table id="register"><thead><tr id="reg-head">'
        + "".join(f"<th>{escape(REGISTER_HEADERS[c])}</th>" for c in SHOWN)
        + '</tr></thead><tbody id="reg-body"></tbody></table>',
    ]
    if broken:
        parts.append(f"<h2>损坏文件（{len(broken)}）</h2><table><tr><th>文件</th><th>错误</th></tr>"
                     + "".join(f"<tr><td>{escape(b['file'])}</td><td>{escape(b['error'])}</td></tr>" for b in broken)
                     + "</table>")
    parts.extend(_samples_section(view))
    parts.append(f'<script type="application/json" id="audit-data">{_json_for_script(data)}</script>')
    parts.append(f"<script>{SCRIPT}</script></body></html>")
    return "\n".join(parts) + "\n"
