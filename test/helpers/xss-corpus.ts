// Hostile model output for the e2e tests: every payload, if it ever ran, would set
// `window.__pwned` (or open a dialog). A reply carrying all of them must execute nothing and
// leave only http(s) links. The safe link, first, proves the reply did render.

export const safeLinkText = "the safe link";
export const safeLinkHref = "https://example.com/safe";

export const xssCorpus = [
  `Here is everything an attacker could make a model say, and [${safeLinkText}](${safeLinkHref}).`,
  `<script>window.__pwned = "script"</script>`,
  `<img src="x" onerror="window.__pwned = 'img-onerror'">`,
  `<img src=x onerror=alert(1)>`,
  `[markdown link](javascript:window.__pwned='md-link')`,
  `[entity link](jav&#x61;script:window.__pwned='md-entity')`,
  `[tab link](java\tscript:alert(2))`,
  `![markdown image](javascript:window.__pwned='md-image')`,
  `<a href="javascript:window.__pwned='html-link'">html link</a>`,
  `<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;window.__pwned='entity-link'">decimal entities</a>`,
  `<a href="jAvAsCrIpT&colon;window.__pwned='colon-entity'">named colon</a>`,
  `<a href="data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19wd25lZD0iZGF0YSI8L3NjcmlwdD4=">data link</a>`,
  `<a href="vbscript:msgbox(1)">vbscript link</a>`,
  `<svg onload="window.__pwned = 'svg-onload'"><circle r="5"></circle></svg>`,
  `<svg><script>window.__pwned = 'svg-script'</script></svg>`,
  `<svg><a xlink:href="javascript:window.__pwned='svg-link'"><text y="20">svg link</text></a></svg>`,
  `<iframe srcdoc="<script>parent.__pwned = 'srcdoc'</script>"></iframe>`,
  `<iframe src="javascript:parent.__pwned='iframe-src'"></iframe>`,
  `<details open ontoggle="window.__pwned = 'details'"><summary>details</summary></details>`,
  `<form action="javascript:window.__pwned='form'"><input type="submit" value="form"></form>`,
  `<object data="javascript:window.__pwned='object'"></object>`,
  `<embed src="javascript:window.__pwned='embed'">`,
  `<meta http-equiv="refresh" content="0;url=javascript:window.__pwned='meta'">`,
  `<base href="javascript:window.__pwned='base'//">`,
  `<div style="background:url(javascript:window.__pwned='css')" onclick="window.__pwned='click'">click me</div>`,
  // Last: an unclosed mXSS payload may swallow everything after it.
  `<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned = 'mxss'">`,
].join("\n\n");
