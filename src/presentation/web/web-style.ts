/**
 * The pages' one stylesheet, served as /web.css: system fonts, readable at 360 px, printable on A4,
 * colours with at least 4.5:1 contrast. No script anywhere.
 */
export const WEB_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;font-size:16px;line-height:1.45;color:#1a1a1a;background:#fff}
body{margin:0}
a{color:#0b4f9c}
a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #c25e00;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem}
.skip:focus{left:.5rem}
.top{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.5rem;padding:.5rem 1rem;background:#0b3d75;color:#fff}
.top a{color:#fff}
.brand{margin:0;font-weight:700}
.role{font-weight:400;opacity:.95;margin-left:.5rem}
.top nav ul{display:flex;flex-wrap:wrap;gap:1rem;list-style:none;margin:0;padding:0}
.top [aria-current=page]{font-weight:700;text-decoration-thickness:3px}
.lang{margin:0 0 0 auto}
main{padding:1rem;max-width:80rem;margin:0 auto}
h1{font-size:1.5rem;margin:.5rem 0 1rem}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem;border-bottom:1px solid #ccc}
h3{font-size:1rem}
.asof,.note,.empty{color:#444}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}
thead th{background:#eef2f7}
tbody th{font-weight:400}
.num{text-align:right;white-space:nowrap}
.why{font-size:.92rem;color:#333}
.status{display:inline-block;padding:0 .4rem;border-radius:.25rem;border:1px solid #888;white-space:nowrap}
.s-overdue,.s-violated{background:#fde7e7;color:#8a1111;border-color:#8a1111}
.s-late{background:#fff1dc;color:#6b3b00;border-color:#6b3b00}
.s-met{background:#e3f4e6;color:#14532d;border-color:#14532d}
.s-exempt{background:#eceff3;color:#333}
.s-pending{background:#fff;color:#1a1a1a}
.heat-1{background:#fde7e7;color:#8a1111}
.heat-2{background:#fff1dc;color:#6b3b00}
.heat-3{background:#eef7e3;color:#2f5010}
.heat-4{background:#e3f4e6;color:#14532d}
.heat-none{color:#444}
td>a[class^=heat]{display:block;padding:0 .25rem}
.bar{display:inline-block;height:.7rem;background:#0b4f9c;vertical-align:middle;width:0}
.w1{width:.6rem}.w2{width:1.2rem}.w3{width:1.8rem}.w4{width:2.4rem}.w5{width:3rem}.w6{width:3.6rem}.w7{width:4.2rem}.w8{width:4.8rem}.w9{width:5.4rem}.w10{width:6rem}
.tiles{display:flex;flex-wrap:wrap;gap:.75rem;margin:0}
.tiles div{border:1px solid #bbb;border-radius:.3rem;padding:.4rem .75rem;min-width:9rem}
.tiles dt{font-size:.85rem;color:#444}.tiles dd{margin:0;font-size:1.25rem;font-weight:700}
.facts div{display:flex;flex-wrap:wrap;gap:0 1rem;border-bottom:1px solid #e3e3e3;padding:.25rem 0}
.facts dt{font-weight:600;min-width:12rem}.facts dd{margin:0}
form.stack{display:grid;gap:.35rem;max-width:40rem}
form.inline{display:flex;flex-wrap:wrap;gap:.3rem;align-items:center;margin:.2rem 0}
input,select,textarea{font:inherit;padding:.3rem;border:1px solid #666;border-radius:.2rem;max-width:100%}
button{font:inherit;padding:.35rem .9rem;background:#0b4f9c;color:#fff;border:0;border-radius:.25rem;cursor:pointer}
.notice{padding:.6rem .8rem;border-radius:.3rem;margin:.5rem 0 1rem}
.notice.ok{background:#e3f4e6;color:#14532d;border:1px solid #14532d}
.notice.error{background:#fde7e7;color:#8a1111;border:1px solid #8a1111}
.days{list-style:none;padding:0}.days li{padding:.2rem 0}
@media (max-width:40rem){main{padding:.5rem}.facts dt{min-width:0}th,td{padding:.25rem}}
@media print{.top,.skip,form,.lang{display:none}main{max-width:none;padding:0}a{color:#000;text-decoration:none}@page{size:A4;margin:15mm}}
`;
