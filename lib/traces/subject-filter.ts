// The literal filter a subject-keyed rule gives for one conversation id.

/**
 * The filter subject that holds conversation `id` under a subject-keyed rule: the key token replaced by the id.
 * The id has already been validated as one literal token, so it never widens the filter.
 */
export function subjectFilterFor(pattern: string, token: number, id: string): string {
  const tokens = pattern.split(".");
  if (token > tokens.length || tokens[token - 1] === ">")
    throw new Error(`key token ${token} is not a single token of ${pattern}`);
  tokens[token - 1] = id;
  return tokens.join(".");
}
