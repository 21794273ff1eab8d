// A small well-formedness check for the XML the format layer writes (balanced tags, quoted attributes, escaped text).
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const re = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|<|&(?!(?:amp|lt|gt|quot|apos|#\d+);)/g;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    if (m[0] === '<' || m[0].startsWith('&')) { problems.push(`stray ${m[0]} at ${m.index}`); continue; }
    const [, close, name, , self] = m;
    if (self) continue;
    if (close) { const open = stack.pop(); if (open !== name) problems.push(`</${name}> closes <${open}>`); } else stack.push(name!);
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(', ')}`);
  return problems;
}
