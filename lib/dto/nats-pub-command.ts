// Builds a `nats pub` command that republishes an entry by hand (shell-quoted; browser-safe, pure).

/** POSIX single-quote quoting: safe for any bytes the shell sees, including quotes and newlines. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function natsPubCommand(subject: string, headers: [string, string][], payload: string | null): string {
  const parts = ["nats", "pub", shellQuote(subject)];
  for (const [name, value] of headers) {
    if (/^nats-/i.test(name) || /^x-dlq-/i.test(name)) continue;
    parts.push("-H", shellQuote(`${name}:${value}`));
  }
  parts.push(payload === null ? "--force-stdin < payload.bin" : shellQuote(payload));
  return parts.join(" ");
}
