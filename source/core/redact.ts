// Secret redaction for everything mcptop prints or records: argv, env, free text (commands, URLs, headers).

export const REDACTED = '***';

/** Words that make a flag or variable name secret ("--api-key", "GITHUB_TOKEN", "db.password"). */
const SECRET_WORDS = new Set([
  'token', 'tokens', 'secret', 'secrets', 'password', 'passwd', 'pass', 'pwd', 'passphrase', 'apikey', 'key',
  'auth', 'authorization', 'credential', 'credentials', 'creds', 'bearer', 'cookie', 'pat', 'sig', 'signature',
  'jwt', 'otp', 'pin', 'privatekey', 'accesskey', 'clientsecret',
]);
/** A name holding one of these words names where a secret lives, not the secret ("--key-file", "TOKEN_PATH"). */
const POINTER_WORDS = new Set(['file', 'path', 'dir', 'url', 'endpoint', 'env', 'var', 'name', 'id', 'sock', 'socket', 'type', 'header']);

/** True for names like "--token", "OPENAI_API_KEY", "client-secret", "x-api-key"; false for "--key-file", "--author". */
export function isSecretName(name: string): boolean {
  const words = name.replace(/^-+/, '').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  if (words.some((w) => POINTER_WORDS.has(w))) return false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? '';
    if (SECRET_WORDS.has(w)) return true;
    const pair = w + (words[i + 1] ?? '');
    if (pair === 'apikey' || pair === 'accesskey' || pair === 'privatekey' || pair === 'clientsecret') return true;
  }
  return false;
}

/** Shapes of well-known credentials, found anywhere in a string. */
const TOKEN_SHAPES: readonly RegExp[] = [
  /\bgh[pousr]_[A-Za-z0-9]{20,}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}\b/g,
  /\bsk-(?:ant-|proj-|live-)?[A-Za-z0-9_-]{16,}/g,
  /\b[rsp]k_(?:live|test)_[A-Za-z0-9]{16,}\b/g,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g,
  /\bAKIA[0-9A-Z]{16}\b/g,
  /\bAIza[0-9A-Za-z_-]{35}\b/g,
  /\bglpat-[A-Za-z0-9_-]{20,}\b/g,
  /\bnpm_[A-Za-z0-9]{30,}\b/g,
  /\bhf_[A-Za-z0-9]{30,}\b/g,
  /\bshp(?:at|ss|ca|pa)_[A-Fa-f0-9]{32}\b/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
];

/** A whole argument that reads like a key: a known shape, or a long mixed-case alphanumeric run with digits. */
export function looksLikeToken(arg: string): boolean {
  if (TOKEN_SHAPES.some((re) => { re.lastIndex = 0; return re.test(arg); })) return true;
  if (arg.length >= 24 && /^[A-Za-z0-9_+=-]+$/.test(arg) && /[a-z]/.test(arg) && /[A-Z]/.test(arg) && /\d/.test(arg)) return true;
  return arg.length >= 32 && /^[A-Fa-f0-9]+$/.test(arg) && /\d/.test(arg) && /[A-Fa-f]/.test(arg);
}

const QUOTED_OR_WORD = String.raw`("[^"]*"|'[^']*'|[^\s"'&;|]+)`;

/** Redacts credentials inside free text: URL user info, token query parameters, auth headers, NAME=value, --flag value, known key shapes. */
export function redactText(text: string): string {
  let out = text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@:]+)(?::([^\s/?#@]*))?@/gi,
    (_m, scheme: string, user: string, pass: string | undefined) => (pass === undefined ? `${scheme}${REDACTED}@` : `${scheme}${user}:${REDACTED}@`));
  out = out.replace(/([?&;#])([^=&\s#?]+)=([^&\s#"']*)/g,
    (m, sep: string, name: string) => (isSecretName(name) || /^(code|sig|X-Amz-Signature|X-Amz-Credential)$/i.test(name) ? `${sep}${name}=${REDACTED}` : m));
  out = out.replace(/\b(Bearer|Basic|Token|Digest)(\s+)[A-Za-z0-9._~+/=-]{6,}/g, `$1$2${REDACTED}`);
  out = out.replace(/\b((?:proxy-)?authorization|x-api-key|api-key|x-auth-token|cookie)(\s*[:=]\s*)(?!Bearer|Basic|Token|Digest)("[^"]*"|'[^']*'|[^\s"',;]+)/gi,
    `$1$2${REDACTED}`);
  out = out.replace(new RegExp(String.raw`(^|[\s"'])([A-Za-z_][A-Za-z0-9_.-]*)=${QUOTED_OR_WORD}`, 'g'),
    (m, pre: string, name: string) => (isSecretName(name) ? `${pre}${name}=${REDACTED}` : m));
  out = out.replace(new RegExp(String.raw`(^|\s)(--?[A-Za-z][A-Za-z0-9_.-]*)(=|\s+)${QUOTED_OR_WORD}`, 'g'),
    (m, pre: string, flag: string, sep: string, value: string) =>
      (isSecretName(flag) && !value.startsWith('-') && value !== REDACTED ? `${pre}${flag}${sep}${REDACTED}` : m));
  for (const re of TOKEN_SHAPES) out = out.replace(re, REDACTED);
  return out;
}

const SHELL_RE = /(^|\/)(sh|bash|dash|zsh|ksh|ash)$/;

/** Redacts an argv element by element: values after --token-like flags, --flag=secret, NAME=secret, token-shaped args, URLs. */
export function redactArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  let secretNext = false;
  let script = false;
  for (const arg of argv) {
    // A shell script (`sh -c '...'`) is text: mask the secrets inside it and keep the rest, so it can be told apart.
    if (script) { script = false; out.push(redactText(arg)); continue; }
    script = arg === '-c' && out.length > 0 && SHELL_RE.test(argv[0] ?? '');
    if (secretNext && !arg.startsWith('-')) { out.push(REDACTED); secretNext = false; continue; }
    secretNext = false;
    const flag = /^(--?[A-Za-z][A-Za-z0-9_.-]*)(?:=(.*))?$/s.exec(arg);
    if (flag) {
      const [, name = '', value] = flag;
      if (isSecretName(name)) {
        if (value === undefined) secretNext = true;
        out.push(value === undefined ? arg : `${name}=${REDACTED}`);
        continue;
      }
    }
    const assign = /^([A-Za-z_][A-Za-z0-9_.-]*)=(.*)$/s.exec(arg);
    if (assign && isSecretName(assign[1] ?? '')) { out.push(`${assign[1] ?? ''}=${REDACTED}`); continue; }
    out.push(looksLikeToken(arg) ? REDACTED : redactText(arg));
  }
  return out;
}

/** Environment values are always secret: keep the names, hide every value. */
export function redactEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(env)) out[name] = REDACTED;
  return out;
}
