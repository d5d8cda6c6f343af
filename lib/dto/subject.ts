// NATS subject rules shared by browser and server: validation of redrive targets and wildcard matching.

function hasSpaceOrControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f) return true;
  }
  return /\s/.test(text);
}

/** Why a subject cannot be a publish target, or undefined when it can. */
export function publishSubjectProblem(subject: string): string | undefined {
  if (subject.length === 0) return "must not be empty";
  if (subject.length > 1024) return "must be at most 1024 characters";
  if (hasSpaceOrControl(subject)) return "must not contain spaces or control characters";
  if (/[*>]/.test(subject)) return "must not contain wildcards (* or >)";
  if (subject.split(".").some((token) => token.length === 0))
    return "must not have empty tokens (a leading, trailing or doubled '.')";
  if (/^\$(JS|SYS|KV|O)\./i.test(subject) || /^_INBOX\./.test(subject))
    return "must not be a system subject ($JS., $SYS., $KV., $O., _INBOX.)";
  return undefined;
}

/** Why a subject filter (wildcards allowed) is malformed, or undefined. */
export function subjectFilterProblem(filter: string): string | undefined {
  if (filter.length === 0) return "must not be empty";
  if (hasSpaceOrControl(filter)) return "must not contain spaces or control characters";
  const tokens = filter.split(".");
  for (const [i, token] of tokens.entries()) {
    if (token.length === 0) return "must not have empty tokens";
    if (token.includes(">") && (token !== ">" || i !== tokens.length - 1))
      return "may use '>' only as the last token";
    if (token.includes("*") && token !== "*") return "may use '*' only as a whole token";
  }
  return undefined;
}

/** NATS wildcard match: '*' one token, '>' one or more trailing tokens. */
export function subjectMatches(filter: string, subject: string): boolean {
  const f = filter.split(".");
  const s = subject.split(".");
  for (let i = 0; i < f.length; i++) {
    if (f[i] === ">") return s.length > i;
    if (i >= s.length) return false;
    if (f[i] !== "*" && f[i] !== s[i]) return false;
  }
  return f.length === s.length;
}
