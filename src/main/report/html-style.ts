import { diagramSpanCss } from './html-diagram'

/** The report page's one stylesheet, inline: the file opens from disk with no network and no script. */
export function reportCss(): string {
  return `${BASE}\n${diagramSpanCss()}`
}

const BASE = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa;--ok:#1a7f37;--ok-bg:#dafbe1;--bad:#cf222e;--bad-bg:#ffebe9;--warn:#9a6700;--warn-bg:#fff8c5;--accent:#0969da;--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;color:var(--fg);background:#fff;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1180px;margin:0 auto;padding:28px 32px 48px}
h1{font-size:26px;line-height:1.25;margin:4px 0 10px}
h2{font-size:19px;margin:34px 0 10px;padding-bottom:6px;border-bottom:1px solid var(--line)}
h3{font-size:15px;margin:22px 0 8px}
code,pre,.mono{font-family:var(--mono);font-size:12.5px}
pre{background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:10px 12px;overflow-x:auto;white-space:pre-wrap;word-break:break-word;margin:6px 0}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
.muted{color:var(--muted)}
.eyebrow{color:var(--muted);font-size:12.5px;letter-spacing:.02em}
.verdict{display:flex;gap:10px;align-items:baseline;font-size:16px;margin:0;padding:12px 14px;border-radius:8px;border:1px solid var(--line);background:var(--soft)}
.verdict .badge{font:700 12px/1 var(--mono);letter-spacing:.06em;padding:5px 8px;border-radius:4px;color:#fff;background:var(--muted);flex:none}
.verdict.passed{border-color:#aceebb;background:#f0fff4}.verdict.passed .badge{background:var(--ok)}
.verdict.failed{border-color:#ffcecb;background:#fff5f5}.verdict.failed .badge{background:var(--bad)}
.verdict.incomplete .badge,.verdict.running .badge{background:var(--warn)}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:6px 18px;margin:0}
.facts dt{color:var(--muted)}.facts dd{margin:0}
.flaws{columns:2 360px;margin:0;padding-left:18px}.flaws li{break-inside:avoid}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;margin:6px 0}
th,td{text-align:left;vertical-align:top;padding:6px 9px;border-bottom:1px solid var(--line)}
thead th{font-size:12px;font-weight:600;color:var(--muted);background:var(--soft);border-bottom:1px solid var(--line);white-space:nowrap}
tbody tr.foreign td{background:#fff8f7}
td ul{margin:0;padding-left:16px}
td{overflow-wrap:anywhere}
.ledger th:nth-child(1){width:11%}.ledger th:nth-child(2){width:10%}.ledger th:nth-child(3){width:13%}.ledger th:nth-child(4){width:22%}.ledger th:nth-child(5){width:20%}
.rbac th:nth-child(1){width:11%}.rbac th:nth-child(2){width:10%}.rbac th:nth-child(4){width:12%}
.num{text-align:right;font-variant-numeric:tabular-nums}
.owner{font-weight:600}.owner.foreign{color:var(--bad)}
.flag{display:inline-block;font:600 11px/1.5 var(--mono);color:var(--bad);background:var(--bad-bg);border-radius:3px;padding:0 5px;margin-left:2px}
.ok{color:var(--ok)}.bad{color:var(--bad)}.warn{color:var(--warn)}
.pill{display:inline-block;font-size:12px;border-radius:10px;padding:0 8px;margin:1px 2px 1px 0;border:1px solid var(--line);white-space:nowrap}
.pill.foreign{border-color:#ffcecb;background:var(--bad-bg);color:var(--bad)}
.turn{margin-top:40px}
.turn h2 .sender{color:var(--accent)}
.sub{margin:-4px 0 8px;color:var(--muted)}
.note{color:var(--muted);margin:4px 0 0}
.row-text{font-size:12.5px}
.inputs{font-family:var(--mono);font-size:12px;white-space:nowrap}
details{margin:8px 0}
summary{cursor:pointer;font-weight:600;padding:4px 0}
footer{margin-top:48px;padding-top:12px;border-top:1px solid var(--line);color:var(--muted);font-size:12.5px}
.seq{table-layout:fixed;min-width:980px;font-size:12.5px}
.seq col.no{width:46px}
.seq th{text-align:center;position:sticky;top:0}
.seq th.no,.seq td.no{text-align:right;color:var(--muted);font:11px/1.4 var(--mono);padding:5px 6px 0 0;background:none}
.seq td{border:0;padding:3px 0}
.seq td.mark{position:relative}
.seq tbody tr:nth-child(even) td.no{background:none}
.seq .ln,.seq .sp{background-image:linear-gradient(to right,transparent calc(50% - .5px),#c7d0d9 calc(50% - .5px),#c7d0d9 calc(50% + .5px),transparent calc(50% + .5px));background-repeat:repeat-x}
.seq .lbl{white-space:nowrap;font-family:var(--mono);font-size:12px}
.seq .st{font-weight:700}
.seq .shaft{height:0;border-top:2px solid #57606a;position:relative;margin-top:2px}
.seq .ret .shaft{border-top:2px dashed #8c959f}
.seq .to-right .shaft::after,.seq .to-left .shaft::before{content:"";position:absolute;top:-6px;border:5px solid transparent}
.seq .to-right .shaft::after{right:-2px;border-left:8px solid #57606a;border-right:0}
.seq .to-left .shaft::before{left:-2px;border-right:8px solid #57606a;border-left:0}
.seq .ret.to-right .shaft::after{border-left-color:#8c959f}.seq .ret.to-left .shaft::before{border-right-color:#8c959f}
.seq .hdrs{font:11px/1.45 var(--mono);color:var(--muted);padding-top:2px}
.seq .hdrs span{margin-right:12px;white-space:nowrap;display:inline-block}.seq .hdrs b{font-weight:600;color:#424a53}
.seq .mark .body{line-height:1.4}
.seq .left .body{text-align:right}
.seq .dot{position:absolute;top:8px;width:10px;height:10px;border-radius:50%;background:#57606a;border:2px solid #fff}
.seq .tag{display:inline-block;font:700 10px/1.6 var(--mono);letter-spacing:.04em;padding:0 5px;border-radius:3px;background:#eaeef2;color:#424a53}
.seq .t-ok .tag{background:var(--ok-bg);color:var(--ok)}.seq .t-ok .dot{background:var(--ok)}
.seq .t-bad .tag{background:var(--bad-bg);color:var(--bad)}.seq .t-bad .dot{background:var(--bad)}.seq tr.t-bad .txt{color:var(--bad)}
.seq .t-warn .tag{background:var(--warn-bg);color:var(--warn)}.seq .t-warn .dot{background:var(--warn)}
.seq .st.t-ok{color:var(--ok)}.seq .st.t-bad{color:var(--bad)}.seq .st.t-warn{color:var(--warn)}
@media print{main{max-width:none;padding:0}details{display:block}.scroll{overflow:visible}.seq{min-width:0}a{color:inherit}}
`
