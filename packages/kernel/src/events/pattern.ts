/** Subscription patterns: an exact topic, `Type:*`, or `*`. */
export function assertTopicPattern(pattern: string): void {
  if (pattern === '*' || /^[A-Za-z][A-Za-z0-9]*:(\*|[A-Za-z0-9-]+)$/.test(pattern)) return;
  throw new Error(`invalid topic pattern "${pattern}": use "Type:action", "Type:*" or "*"`);
}

/**
 * SQL condition: does `topic` match `pattern` (both SQL expressions, the pattern usually a bound
 * parameter). Evaluated in SQL so rows a subscriber does not want never leave the database.
 */
export function topicMatchesSql(topic: string, pattern: string): string {
  return `(${pattern} = '*' or ${topic} = ${pattern} or (right(${pattern}, 2) = ':*' and starts_with(${topic}, left(${pattern}, -1))))`;
}

/** The same test as `topicMatchesSql`, in process. */
export function topicMatches(topic: string, pattern: string): boolean {
  return pattern === '*' || topic === pattern || (pattern.endsWith(':*') && topic.startsWith(pattern.slice(0, -1)));
}
